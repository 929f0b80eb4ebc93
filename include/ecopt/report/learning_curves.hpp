#pragma once
// Learning curves: each trial's reported values of one objective by step (docs/pruning.md).
// The report plots the completed and pruned trials' (section 6); the live dashboard adds
// the running trials', read from the storage as the runner stores their reports.

#include <cstdint>
#include <string>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

/// One trial's reported values of the curve metric, by step.
struct CurvePoint {
  std::int64_t step = 0;
  double value = 0.0;
};
struct LearningCurve {
  std::int64_t number = 0;
  bool pruned = false;
  bool running = false;  ///< still running: its curve may grow
  std::vector<CurvePoint> points;
};

struct LearningCurves {
  std::string metric;  ///< the first objective any trial reported at some step
  std::vector<LearningCurve> curves;
};

/// The completed and pruned trials' curves of the first objective any trial reported, and
/// with `with_running` the running trials' too; trials without a point of it are left out.
[[nodiscard]] LearningCurves learning_curves(const std::vector<study::Trial>& trials,
                                             const std::vector<study::Objective>& objectives,
                                             bool with_running = false);

}  // namespace ecopt::report
