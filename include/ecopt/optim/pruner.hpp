#pragma once
// Pruners: whether a running trial should stop early, judged only from intermediate
// values as the storage holds them (its own `report`s and the study's other trials'), so
// that workers sharing a study and a resumed study decide alike. Pure functions: no I/O,
// no clock; the runner reads the trials, asks, and acts (docs/pruning.md).
//
// A trial's curve is its `report` values per step, named like the study's objectives;
// the runner adds `energy.total`, the trial's measured energy so far (J), to each step.

#include <cstdint>
#include <string>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::optim {

/// The intermediate value the runner adds to every reported step: the trial's measured
/// energy so far, in joules.
inline constexpr const char* kEnergySoFarName = "energy.total";

/// What a pruner looks at.
struct PruneContext {
  const study::PrunerConfig& config;
  const std::vector<study::Objective>& objectives;
  const study::Trial& trial;  ///< the trial judged, with its intermediate values so far
  /// The study's trials as stored; the judged one (same id) and WAITING ones are skipped.
  const std::vector<study::Trial>& trials;
  std::int64_t step = 0;  ///< the step it just reported
};

struct PruneDecision {
  bool prune = false;
  std::string reason;  ///< why, for people (the trial's error when it is pruned)
};

/// Whether the trial should stop at `step`, by the rule `config.name` chooses.
[[nodiscard]] PruneDecision decide_prune(const PruneContext& context);

/// The rung steps of successive halving up to `max_step`: min_steps x eta^k.
[[nodiscard]] std::vector<std::int64_t> rung_steps(const study::PrunerConfig& config,
                                                   std::int64_t max_step);

}  // namespace ecopt::optim
