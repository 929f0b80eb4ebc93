#include "curves.hpp"

namespace ecopt::optim::detail {

std::vector<CurveMetric> reported_metrics(const PruneContext& context, bool with_energy) {
  std::vector<CurveMetric> metrics;
  const auto step = context.trial.intermediate.find(context.step);
  if (step == context.trial.intermediate.end()) return metrics;
  bool has_energy = false;
  for (const study::Objective& o : context.objectives) {
    if (!step->second.contains(o.name)) continue;
    metrics.push_back({o.name, o.goal == study::Goal::maximize ? -1.0 : 1.0});
    has_energy = has_energy || o.name == kEnergySoFarName;
  }
  if (with_energy && !has_energy && step->second.contains(kEnergySoFarName))
    metrics.push_back({kEnergySoFarName, 1.0});
  return metrics;
}

std::optional<std::vector<double>> values_at(const study::Trial& trial, std::int64_t step,
                                             const std::vector<CurveMetric>& metrics) {
  const auto at = trial.intermediate.find(step);
  if (at == trial.intermediate.end()) return std::nullopt;
  std::vector<double> values;
  for (const CurveMetric& m : metrics) {
    const auto value = at->second.find(m.name);
    if (value == at->second.end()) return std::nullopt;
    values.push_back(m.sign * value->second);
  }
  return values;
}

bool is_competitor(const PruneContext& context, const study::Trial& other) {
  return other.id != context.trial.id && other.state != study::TrialState::waiting;
}

std::string metric_list(const std::vector<CurveMetric>& metrics) {
  std::string list;
  for (const CurveMetric& m : metrics) list += (list.empty() ? "" : ", ") + m.name;
  return list;
}

}  // namespace ecopt::optim::detail
