#pragma once
// The search's progress: the hypervolume of the feasible trials finished so far, trial by
// trial (docs/report.md, section 3).

#include <cstdint>
#include <string>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

struct HypervolumeStep {
  std::int64_t trial_number = 0;  ///< after this trial finished (in trial-number order)
  double hypervolume = 0.0;
};

struct HypervolumeProgress {
  /// One value per objective, in the objectives' own units and directions.
  std::vector<double> reference;
  /// Per objective: true when the study file's reference_point gave it, false when it was
  /// inferred (nadir of all feasible trials + 10 % of the range, pareto::reference_point).
  std::vector<bool> reference_from_study;
  std::vector<HypervolumeStep> steps;  ///< one per finished trial
  double final_hypervolume = 0.0;
  std::string note;  ///< why there are no steps, if there are none
};

/// The reference point is fixed for the whole curve, so it only rises.
[[nodiscard]] HypervolumeProgress hypervolume_progress(const study::StudyConfig& config,
                                                       const std::vector<study::Trial>& trials);

}  // namespace ecopt::report
