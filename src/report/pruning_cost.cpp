#include "ecopt/report/pruning_cost.hpp"

#include <algorithm>

#include "detail/format.hpp"
#include "ecopt/optim/pruner.hpp"

namespace ecopt::report {
namespace {

/// The trial's energy: its total phase, else nothing.
std::optional<double> total_energy_j(const study::Trial& t) {
  for (const study::PhaseMeasurement& p : t.phases) {
    if (p.phase == "total") return p.total_energy_j();
  }
  return std::nullopt;
}

/// Completed trials' energy per step (mean) and last step (median), from their curves.
void completed_rates(const std::vector<study::Trial>& trials, PruningCost& out) {
  std::vector<double> rates_j;
  std::vector<std::int64_t> last_steps;
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::complete || t.intermediate.empty()) continue;
    const auto& [step, values] = *t.intermediate.rbegin();
    const auto energy = values.find(optim::kEnergySoFarName);
    if (step < 1 || energy == values.end()) continue;
    rates_j.push_back(energy->second / static_cast<double>(step));
    last_steps.push_back(step);
  }
  if (rates_j.empty()) return;
  double sum_j = 0.0;
  for (const double r : rates_j) sum_j += r;
  out.energy_per_step_j = sum_j / static_cast<double>(rates_j.size());
  std::sort(last_steps.begin(), last_steps.end());
  out.completed_steps = last_steps[last_steps.size() / 2];
}

void add_sentences(const TuningCost& cost, PruningCost& out) {
  out.sentences.push_back(std::to_string(out.trials.size()) + " trials were pruned; they used " +
                          detail::format_energy(out.pruned_energy_j) +
                          " of the study's energy (counted above).");
  if (!out.saved_energy_j) {
    out.sentences.push_back(
        "No completed trial reported a learning curve with its energy, so what finishing the "
        "pruned trials would have cost is not estimated.");
    return;
  }
  out.sentences.push_back(
      "Finishing them would have cost about " + detail::format_energy(*out.saved_energy_j) +
      " more (an estimate: the completed trials' " + detail::format_energy(*out.energy_per_step_j) +
      " per step up to their median of " + std::to_string(*out.completed_steps) + " steps).");
  if (cost.saving_per_inference_j && *cost.saving_per_inference_j > 0.0) {
    out.break_even_without_pruning =
        (cost.break_even_energy_j + *out.saved_energy_j) / *cost.saving_per_inference_j;
    out.sentences.push_back("Without pruning the break-even would have come after about " +
                            detail::format_count(*out.break_even_without_pruning) +
                            " inferences instead.");
  }
}

}  // namespace

PruningCost pruning_cost(const std::vector<study::Trial>& trials, const TuningCost& cost,
                         const std::vector<study::Objective>& objectives) {
  PruningCost out;
  out.learning = learning_curves(trials, objectives);
  completed_rates(trials, out);
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::pruned) continue;
    PrunedTrial p{t.number, t.intermediate.empty() ? 0 : t.intermediate.rbegin()->first,
                  total_energy_j(t).value_or(0.0), std::nullopt};
    if (out.energy_per_step_j) {
      p.finish_estimate_j = *out.energy_per_step_j * static_cast<double>(std::max<std::int64_t>(
                                                         0, *out.completed_steps - p.last_step));
      out.saved_energy_j = out.saved_energy_j.value_or(0.0) + *p.finish_estimate_j;
    }
    out.pruned_energy_j += p.energy_j;
    out.trials.push_back(p);
  }
  if (!out.trials.empty()) add_sentences(cost, out);
  return out;
}

}  // namespace ecopt::report
