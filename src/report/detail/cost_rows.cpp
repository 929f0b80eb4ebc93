#include "report/detail/cost_rows.hpp"

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

}  // namespace ecopt::report::detail
