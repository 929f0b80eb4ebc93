#pragma once
// Reading trials' intermediate values as the pruners compare them: one named metric per
// objective, all turned to minimisation so smaller is better.

#include <optional>
#include <string>
#include <vector>

#include "ecopt/optim/pruner.hpp"

namespace ecopt::optim::detail {

/// A metric a pruner compares, with the sign that makes it minimised.
struct CurveMetric {
  std::string name;
  double sign = 1.0;  ///< -1 for maximised objectives
};

/// The objectives the judged trial reported at the step, in the study's order; with
/// `with_energy`, also the energy so far (minimised) unless an objective already has its
/// name.
[[nodiscard]] std::vector<CurveMetric> reported_metrics(const PruneContext& context,
                                                        bool with_energy);

/// `trial`'s values of `metrics` at exactly `step`, minimised; nothing when one is missing.
[[nodiscard]] std::optional<std::vector<double>> values_at(const study::Trial& trial,
                                                           std::int64_t step,
                                                           const std::vector<CurveMetric>& metrics);

/// Whether `other` is a trial the judged one is compared with: not itself, not WAITING.
[[nodiscard]] bool is_competitor(const PruneContext& context, const study::Trial& other);

/// "accuracy, energy.total" for messages.
[[nodiscard]] std::string metric_list(const std::vector<CurveMetric>& metrics);

/// Decisions of each rule (pruner.cpp dispatches).
[[nodiscard]] PruneDecision decide_median(const PruneContext& context);
[[nodiscard]] PruneDecision decide_successive_halving(const PruneContext& context,
                                                      bool multi_objective);

}  // namespace ecopt::optim::detail
