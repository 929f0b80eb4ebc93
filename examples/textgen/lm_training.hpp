#pragma once
// Next-byte prediction training and validation for the decoder (transformer.hpp).

#include <torch/torch.h>

#include <cstdint>
#include <functional>

#include "transformer.hpp"

namespace ecopt_examples::textgen {

struct LmTrainingSettings {
  std::int64_t steps = 300;
  std::int64_t batch_size = 32;  // windows of context_length + 1 bytes per step
  double learning_rate = 3e-3;
  double weight_decay = 0.01;
  double gradient_clip = 1.0;
  std::uint64_t seed = 0;  // window offsets
};

struct LmTrainingResult {
  double final_loss = 0;  // mean over the last 10 % of the steps, nats per byte
  std::int64_t tokens_processed = 0;
};

/// AdamW (Loshchilov and Hutter 2019) with linear warm-up over the first 10 % of the
/// steps and cosine decay to zero, the schedule of GPT-style training. `on_step` is
/// called every step with (step from 1, loss).
LmTrainingResult train_lm(DecoderLm& model, const torch::Tensor& train_bytes,
                          const LmTrainingSettings& settings, const torch::Device& device,
                          const std::function<void(std::int64_t, double)>& on_step = {});

/// Mean next-byte cross-entropy (nats per byte) over up to `max_windows` consecutive,
/// non-overlapping full-context windows of `bytes`; perplexity is its exponential.
double validation_loss(DecoderLm& model, const torch::Tensor& bytes, std::int64_t max_windows,
                       const torch::Device& device);

}  // namespace ecopt_examples::textgen
