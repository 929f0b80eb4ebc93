#include "auto_sampler.hpp"

#include <algorithm>

namespace ecopt::optim {

AutoSampler::AutoSampler(const space::SearchSpace& space, const study::SamplerConfig& config)
    : switch_after_(config.switch_to_nsga2_after) {
  study::SamplerConfig mobo = config;
  mobo.name = study::SamplerKind::mobo;
  study::SamplerConfig nsga2 = config;
  nsga2.name = study::SamplerKind::nsga2;
  mobo_ = make_sampler(mobo, space);
  nsga2_ = make_sampler(nsga2, space);
}

space::Params AutoSampler::suggest(const SamplerContext& context) {
  const auto complete =
      std::count_if(context.trials.begin(), context.trials.end(),
                    [](const study::Trial& t) { return t.state == study::TrialState::complete; });
  return complete < switch_after_ ? mobo_->suggest(context) : nsga2_->suggest(context);
}

}  // namespace ecopt::optim
