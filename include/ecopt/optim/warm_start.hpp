#pragma once
// What an earlier study hands a new one (`sampler.warm_start`, docs/optimizers.md "Warm
// start"): its objectives and trials. The runner reads them from storage when a run starts
// and passes them in SamplerContext; samplers never open a storage themselves.

#include <string>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::optim {

struct WarmStart {
  std::string study;                         ///< its name, for messages
  std::vector<study::Objective> objectives;  ///< its objectives, in its trials' value order
  std::vector<study::Trial> trials;          ///< its trials; the COMPLETE ones are used
};

/// The COMPLETE trials of `warm_start` whose parameters fit `space`, each with its values
/// in the order of `objectives` (matched by name), ready to model as this study's own.
/// A trial without a finite value for every one of `objectives` is left out.
[[nodiscard]] std::vector<study::Trial> warm_start_trials(
    const WarmStart& warm_start, const space::SearchSpace& space,
    const std::vector<study::Objective>& objectives);

/// The names of `objectives` that `warm_start` lacks (empty: it has them all).
[[nodiscard]] std::vector<std::string> missing_objectives(
    const WarmStart& warm_start, const std::vector<study::Objective>& objectives);

}  // namespace ecopt::optim
