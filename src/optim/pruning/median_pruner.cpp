// The median rule (Optuna's MedianPruner; Golovin et al. 2017, "Google Vizier", as the
// median stopping rule): a trial stops when its best value so far is worse than the
// median of the completed trials' values at the same step. With several objectives it
// stops only when that holds for every objective it reported, so a trial ahead on any
// one objective goes on.
#include <algorithm>

#include "curves.hpp"

namespace ecopt::optim::detail {
namespace {

double median_of(std::vector<double> values) {
  const std::size_t middle = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(middle),
                   values.end());
  const double upper = values[middle];
  if (values.size() % 2 == 1) return upper;
  return 0.5 * (upper + *std::max_element(values.begin(),
                                          values.begin() + static_cast<std::ptrdiff_t>(middle)));
}

/// The trial's best (smallest, minimised) value of metric `m` over steps up to `step`.
double best_so_far(const study::Trial& trial, std::int64_t step, const CurveMetric& m) {
  double best = m.sign * trial.intermediate.at(step).at(m.name);
  for (const auto& [s, values] : trial.intermediate) {
    if (s > step) break;
    if (const auto v = values.find(m.name); v != values.end())
      best = std::min(best, m.sign * v->second);
  }
  return best;
}

}  // namespace

PruneDecision decide_median(const PruneContext& context) {
  const std::vector<CurveMetric> metrics = reported_metrics(context, false);
  if (metrics.empty()) return {};
  std::vector<std::vector<double>> columns(metrics.size());
  for (const study::Trial& other : context.trials) {
    if (!is_competitor(context, other) || other.state != study::TrialState::complete) continue;
    if (const auto values = values_at(other, context.step, metrics)) {
      for (std::size_t i = 0; i < metrics.size(); ++i) columns[i].push_back((*values)[i]);
    }
  }
  if (static_cast<std::int64_t>(columns[0].size()) < context.config.startup_trials) return {};
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    if (best_so_far(context.trial, context.step, metrics[i]) <= median_of(columns[i])) return {};
  }
  return {true, "median pruner: at step " + std::to_string(context.step) + " its best " +
                    metric_list(metrics) + " so far is worse than the median of " +
                    std::to_string(columns[0].size()) + " completed trials"};
}

}  // namespace ecopt::optim::detail
