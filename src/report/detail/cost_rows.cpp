#include "report/detail/cost_rows.hpp"

#include <algorithm>

#include "report/detail/format.hpp"

namespace ecopt::report::detail {

std::vector<std::vector<std::string>> break_even_rows(const TuningCost& c) {
  std::vector<std::vector<std::string>> rows;
  if (c.net_energy_j)
    rows.push_back({"study energy, net of idle power",
                    format_energy(*c.net_energy_j) + " +- " + format_energy(c.uncertainty_j)});
  if (c.chosen_trial)
    rows.push_back({"chosen model",
                    "trial " + std::to_string(*c.chosen_trial) + " (" + c.chosen_reason + ")"});
  if (c.baseline_trial)
    rows.push_back({"baseline",
                    "trial " + std::to_string(*c.baseline_trial) + " (" + c.baseline_reason + ")"});
  const bool net = c.basis == EnergyBasis::net;
  if (c.chosen_energy_per_inference_j || c.baseline_energy_per_inference_j)
    rows.push_back({"energy for the break-even",
                    net ? "net of idle power (machine profile)" : "gross (as metered)"});
  const std::string per_inference = net ? ": net energy per inference" : ": energy per inference";
  if (c.chosen_energy_per_inference_j)
    rows.push_back({"chosen" + per_inference,
                    format_with_uncertainty(*c.chosen_energy_per_inference_j,
                                            c.chosen_energy_per_inference_uncertainty_j) +
                        " J"});
  if (c.baseline_energy_per_inference_j)
    rows.push_back({"baseline" + per_inference,
                    format_with_uncertainty(*c.baseline_energy_per_inference_j,
                                            c.baseline_energy_per_inference_uncertainty_j) +
                        " J"});
  if (c.saving_per_inference_j)
    rows.push_back(
        {"saving per inference",
         format_with_uncertainty(*c.saving_per_inference_j, c.saving_per_inference_uncertainty_j) +
             " J = " + format_number(c.saving_per_inference_g) + " gCO2e"});
  std::string break_even = "none";
  if (c.break_even_inferences) {
    break_even = format_count(*c.break_even_inferences) + " inferences";
    if (c.break_even_range)
      break_even += " (" + format_count_range(c.break_even_range->low, c.break_even_range->high) +
                    " within one standard uncertainty)";
  }
  rows.push_back({"break-even", break_even});
  return rows;
}

std::vector<std::vector<std::string>> pruning_rows(const PruningCost& p, const TuningCost& c) {
  std::vector<std::vector<std::string>> rows;
  if (p.trials.empty()) return rows;
  std::int64_t first = p.trials.front().last_step, last = first;
  for (const PrunedTrial& t : p.trials) {
    first = std::min(first, t.last_step);
    last = std::max(last, t.last_step);
  }
  rows.push_back({"pruned trials", std::to_string(p.trials.size()) + " (stopped after step " +
                                       std::to_string(first) +
                                       (last > first ? " to " + std::to_string(last) : "") + ")"});
  rows.push_back({"energy used by pruned trials", format_energy(p.pruned_energy_j)});
  if (!p.saved_energy_j) return rows;
  const std::string spread = p.energy_per_step_sd_j
                                 ? ", standard deviation " + format_energy(*p.energy_per_step_sd_j)
                                 : std::string();
  const std::string uncertainty = p.saved_energy_uncertainty_j
                                      ? " +- " + format_energy(*p.saved_energy_uncertainty_j)
                                      : std::string();
  rows.push_back({"completed trials' energy per step",
                  format_energy(*p.energy_per_step_j) + " (median last step " +
                      std::to_string(*p.completed_steps) + spread + ")"});
  rows.push_back(
      {"finishing the pruned trials (estimate)", format_energy(*p.saved_energy_j) + uncertainty});
  rows.push_back({"study energy without pruning (estimate)",
                  format_energy(c.break_even_energy_j + *p.saved_energy_j) + uncertainty});
  if (p.break_even_without_pruning && c.break_even_inferences) {
    std::string range;
    if (const auto& r = p.break_even_without_pruning_range)
      range = " (" + format_count_range(r->low, r->high) + " within one standard uncertainty)";
    rows.push_back({"break-even without pruning (estimate)",
                    format_count(*p.break_even_without_pruning) + " inferences" + range +
                        ", against " + format_count(*c.break_even_inferences) + " with it"});
  }
  return rows;
}

}  // namespace ecopt::report::detail
