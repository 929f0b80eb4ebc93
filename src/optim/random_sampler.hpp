#pragma once

#include "ecopt/optim/sampler.hpp"

namespace ecopt::optim {

/// A well-mixed 64-bit seed for stream `stream` of `seed`.
[[nodiscard]] std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream);

class RandomSampler final : public Sampler {
 public:
  explicit RandomSampler(std::uint64_t seed) : seed_(seed) {}
  [[nodiscard]] std::string name() const override { return "random"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;

 private:
  std::uint64_t seed_;
};

}  // namespace ecopt::optim
