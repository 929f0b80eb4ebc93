#pragma once
// What pruning did to a study's tuning energy (docs/report.md, section 6; docs/pruning.md):
// the energy the pruned trials used, an estimate of what finishing them would have cost,
// and the break-even with that estimate added back.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/report/learning_curves.hpp"
#include "ecopt/report/tuning_cost.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

struct PrunedTrial {
  std::int64_t number = 0;
  std::int64_t last_step = 0;  ///< the last step it reported
  double energy_j = 0.0;       ///< what it used (its total phase)
  /// What finishing it would have added: the completed trials' energy per step times the
  /// steps it had left to their median last step; unset without completed curves.
  std::optional<double> finish_estimate_j;
};

struct PruningCost {
  std::vector<PrunedTrial> trials;
  double pruned_energy_j = 0.0;
  /// Completed trials' mean energy per reported step (their `energy.total` at the last
  /// step over that step) and their median last step; unset without completed curves.
  std::optional<double> energy_per_step_j;
  /// Their spread: the sample standard deviation of their energy per step (two or more).
  std::optional<double> energy_per_step_sd_j;
  std::optional<std::int64_t> completed_steps;
  std::optional<double> saved_energy_j;  ///< sum of the finish estimates: an estimate
  /// Its standard uncertainty, from the spread: each pruned trial's energy per step taken
  /// as one more draw like the completed trials' (sd x sqrt(sum k_i^2)), and their mean
  /// as uncertain by sd / sqrt(n) (sd x sum k_i / sqrt(n)), in quadrature; k_i is trial
  /// i's steps left, n the completed curves. Unset with fewer than two completed curves.
  std::optional<double> saved_energy_uncertainty_j;
  /// The break-even had every pruned trial run to the end: break_even_inferences() of the
  /// study energy plus the saved estimate; its range adds that estimate's uncertainty.
  std::optional<double> break_even_without_pruning;
  std::optional<BreakEvenRange> break_even_without_pruning_range;
  std::vector<std::string> sentences;
  /// The completed and pruned trials' curves (for the report's learning-curve plot).
  LearningCurves learning;
};

/// Empty (no trials, no sentences) when no trial was pruned. `cost` supplies the study
/// energy and the saving per inference the break-even uses.
[[nodiscard]] PruningCost pruning_cost(const std::vector<study::Trial>& trials,
                                       const TuningCost& cost,
                                       const std::vector<study::Objective>& objectives);

}  // namespace ecopt::report
