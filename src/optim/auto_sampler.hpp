#pragma once

#include <memory>

#include "ecopt/optim/sampler.hpp"

namespace ecopt::optim {

/// `sampler: auto`: MOBO while the study is small enough for exact GPs to suggest
/// quickly, then NSGA-II. The switch happens once `switch_to_nsga2_after` trials are
/// complete (default 300: there a MOBO suggestion costs about 0.2 s on two cores and
/// grows with the cube of the trials, while NSGA-II's first generations can already
/// build on the MOBO trials as parents). docs/optimizers.md.
class AutoSampler final : public Sampler {
 public:
  AutoSampler(const space::SearchSpace& space, const study::SamplerConfig& config);
  [[nodiscard]] std::string name() const override { return "auto"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;

 private:
  std::int64_t switch_after_;
  std::unique_ptr<Sampler> mobo_;
  std::unique_ptr<Sampler> nsga2_;
};

}  // namespace ecopt::optim
