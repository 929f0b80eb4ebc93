#include "ecopt/report/pruning_cost.hpp"

#include <algorithm>
#include <cmath>

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

/// Completed trials' energy per step (mean and spread) and last step (median), from their
/// curves; returns how many completed curves there were.
std::size_t completed_rates(const std::vector<study::Trial>& trials, PruningCost& out) {
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
  if (rates_j.empty()) return 0;
  const double n = static_cast<double>(rates_j.size());
  double sum_j = 0.0;
  for (const double r : rates_j) sum_j += r;
  out.energy_per_step_j = sum_j / n;
  if (rates_j.size() >= 2) {
    double squares_j2 = 0.0;
    for (const double r : rates_j)
      squares_j2 += (r - *out.energy_per_step_j) * (r - *out.energy_per_step_j);
    out.energy_per_step_sd_j = std::sqrt(squares_j2 / (n - 1.0));
  }
  std::sort(last_steps.begin(), last_steps.end());
  out.completed_steps = last_steps[last_steps.size() / 2];
  return rates_j.size();
}

/// The finish estimates of the pruned trials in `out`, their sum and its uncertainty
/// (PruningCost::saved_energy_uncertainty_j says how).
void estimate_saving(std::size_t completed_curves, PruningCost& out) {
  if (!out.energy_per_step_j) return;
  double steps_left = 0.0, steps_left_squared = 0.0;
  for (PrunedTrial& p : out.trials) {
    const double k =
        static_cast<double>(std::max<std::int64_t>(0, *out.completed_steps - p.last_step));
    p.finish_estimate_j = *out.energy_per_step_j * k;
    steps_left += k;
    steps_left_squared += k * k;
  }
  out.saved_energy_j = *out.energy_per_step_j * steps_left;
  if (out.energy_per_step_sd_j) {
    out.saved_energy_uncertainty_j =
        *out.energy_per_step_sd_j *
        std::sqrt(steps_left_squared +
                  steps_left * steps_left / static_cast<double>(completed_curves));
  }
}

/// The break-even had the pruned trials run to the end, with its range.
void break_even_without_pruning(const TuningCost& cost, PruningCost& out) {
  if (!out.saved_energy_j || !cost.saving_per_inference_j) return;
  const double energy_j = cost.break_even_energy_j + *out.saved_energy_j;
  out.break_even_without_pruning = break_even_inferences(energy_j, *cost.saving_per_inference_j);
  if (!out.break_even_without_pruning) return;
  out.break_even_without_pruning_range = break_even_range(
      energy_j, std::hypot(cost.uncertainty_j, out.saved_energy_uncertainty_j.value_or(0.0)),
      *cost.saving_per_inference_j, cost.saving_per_inference_uncertainty_j.value_or(0.0));
}

std::string energy_with_uncertainty(double energy_j, const std::optional<double>& uncertainty_j) {
  return detail::format_energy(energy_j) +
         (uncertainty_j ? " +- " + detail::format_energy(*uncertainty_j) : std::string());
}

void add_sentences(PruningCost& out) {
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
      "Finishing them would have cost about " +
      energy_with_uncertainty(*out.saved_energy_j, out.saved_energy_uncertainty_j) +
      " more (an estimate: the completed trials' " + detail::format_energy(*out.energy_per_step_j) +
      " per step" +
      (out.energy_per_step_sd_j
           ? " (standard deviation " + detail::format_energy(*out.energy_per_step_sd_j) + ")"
           : std::string(" (one completed curve: no spread, no uncertainty)")) +
      " up to their median of " + std::to_string(*out.completed_steps) + " steps).");
  if (out.break_even_without_pruning) {
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
  const std::size_t completed_curves = completed_rates(trials, out);
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::pruned) continue;
    PrunedTrial p{t.number, t.intermediate.empty() ? 0 : t.intermediate.rbegin()->first,
                  total_energy_j(t).value_or(0.0), std::nullopt};
    out.pruned_energy_j += p.energy_j;
    out.trials.push_back(p);
  }
  if (out.trials.empty()) return out;
  estimate_saving(completed_curves, out);
  break_even_without_pruning(cost, out);
  add_sentences(out);
  return out;
}

}  // namespace ecopt::report
