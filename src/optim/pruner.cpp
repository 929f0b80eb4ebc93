#include "ecopt/optim/pruner.hpp"

#include "pruning/curves.hpp"

namespace ecopt::optim {

PruneDecision decide_prune(const PruneContext& context) {
  if (context.step < context.config.warmup_steps) return {};
  switch (context.config.name) {
    case study::PrunerKind::none:
      return {};
    case study::PrunerKind::median:
      return detail::decide_median(context);
    case study::PrunerKind::asha:
      return detail::decide_successive_halving(context, false);
    case study::PrunerKind::mo_asha:
      return detail::decide_successive_halving(context, true);
  }
  return {};
}

std::vector<std::int64_t> rung_steps(const study::PrunerConfig& config, std::int64_t max_step) {
  std::vector<std::int64_t> steps;
  for (std::int64_t rung = config.min_steps; rung <= max_step; rung *= config.eta)
    steps.push_back(rung);
  return steps;
}

}  // namespace ecopt::optim
