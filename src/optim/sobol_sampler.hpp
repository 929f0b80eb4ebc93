#pragma once

#include "ecopt/optim/sampler.hpp"
#include "ecopt/optim/sobol.hpp"

namespace ecopt::optim {

/// Trial n gets point n of a scrambled Sobol sequence with one dimension per searched
/// parameter, mapped through each parameter's prior. Using the trial number as the index
/// keeps suggestions deterministic and distinct across concurrent workers.
class SobolSampler final : public Sampler {
 public:
  SobolSampler(const space::SearchSpace& space, std::uint64_t seed);
  [[nodiscard]] std::string name() const override { return "sobol"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;

 private:
  std::optional<SobolSequence> sequence_;  ///< none when nothing is searched
};

}  // namespace ecopt::optim
