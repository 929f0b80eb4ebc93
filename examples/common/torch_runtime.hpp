#pragma once
// Process-wide LibTorch settings every example applies before it builds a model: the
// thread count (a searched hyperparameter, since it trades time for power), the seed
// (DEVELOPERS.md: every stochastic component takes one) and the device (CUDA when the
// LibTorch build and the machine have it, so the same program runs on a GPU box).

#include <torch/torch.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace ecopt_examples {

/// intra-op threads; inter-op parallelism is off so `threads` is the whole story.
inline void configure_threads(int threads) {
  if (threads < 1)
    throw std::invalid_argument("threads must be >= 1, got " + std::to_string(threads));
  torch::set_num_threads(threads);
  at::set_num_interop_threads(1);
}

inline void seed_everything(std::uint64_t seed) {
  torch::manual_seed(seed);
  if (torch::cuda::is_available()) torch::cuda::manual_seed_all(seed);
}

/// `auto` picks CUDA when available; `cuda` without a GPU is an error, not a silent CPU run.
inline torch::Device select_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    if (!torch::cuda::is_available())
      throw std::runtime_error(
          "--device cuda: no CUDA device (this LibTorch build or machine has none); use "
          "--device cpu or auto");
    return torch::kCUDA;
  }
  if (name == "auto") return torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
  throw std::invalid_argument("--device: expected auto, cpu or cuda, got '" + name + "'");
}

/// Waits for queued GPU work, so that phase boundaries enclose the work they time.
inline void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize();
}

}  // namespace ecopt_examples
