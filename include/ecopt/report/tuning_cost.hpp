#pragma once
// What the study itself cost, and when choosing a cheaper model pays that back
// (docs/report.md, section 6).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

/// Inferences after which a saving per inference has repaid the tuning energy:
/// tuning_energy_j / saving_per_inference_j. nullopt when the saving is not positive.
[[nodiscard]] std::optional<double> break_even_inferences(double tuning_energy_j,
                                                          double saving_per_inference_j);

/// The break-even over one standard uncertainty of its inputs. It falls as the saving
/// grows and rises with the tuning energy, so its ends are (E - u_E) / (s + u_s) and
/// (E + u_E) / (s - u_s); the upper end is unset when s - u_s <= 0 (the saving may be
/// zero: the tuning may never pay back).
struct BreakEvenRange {
  double low = 0.0;
  std::optional<double> high;
};
/// nullopt when the saving is not positive (no break-even at all).
[[nodiscard]] std::optional<BreakEvenRange> break_even_range(double tuning_energy_j,
                                                             double tuning_uncertainty_j,
                                                             double saving_per_inference_j,
                                                             double saving_uncertainty_j);

/// Which energy a figure is: gross (what the meters read) or net of idle power (gross -
/// idle power x duration, with an idle profile from `ecopt calibrate`).
enum class EnergyBasis { gross, net };
[[nodiscard]] const char* to_string(EnergyBasis basis);  ///< "gross", "net"

/// Who chooses the model and the baseline (ecopt report --chosen-trial, --baseline-trial).
struct ModelChoice {
  std::optional<std::int64_t> chosen_trial;    ///< default: the knee, else the cheapest
  std::optional<std::int64_t> baseline_trial;  ///< default: see tuning_cost()
};

struct TuningCost {
  double energy_j = 0.0;       ///< every trial's energy, failed ones included
  double uncertainty_j = 0.0;  ///< in quadrature over trials
  /// The same net of idle power, when every measured trial has net energy.
  std::optional<double> net_energy_j;
  bool estimated = false;  ///< some of it is a model's estimate
  std::size_t trials_with_energy = 0;
  std::map<std::string, double> energy_by_phase_j;  ///< train, inference, ... ("total" apart)
  double duration_s = 0.0;                          ///< sum of the trials' total phases
  double carbon_g = 0.0;
  energy::CarbonSettings carbon;

  std::optional<std::int64_t> chosen_trial;
  std::string chosen_reason;
  std::optional<std::int64_t> baseline_trial;
  std::string baseline_reason;
  /// The energy the break-even uses throughout: net when the study's energy and both
  /// models' energy per inference have net values, else gross.
  EnergyBasis basis = EnergyBasis::gross;
  double break_even_energy_j = 0.0;  ///< the study's energy in that basis
  /// Energies per inference in that basis, with their standard uncertainties.
  std::optional<double> chosen_energy_per_inference_j;
  std::optional<double> chosen_energy_per_inference_uncertainty_j;
  std::optional<double> baseline_energy_per_inference_j;
  std::optional<double> baseline_energy_per_inference_uncertainty_j;
  std::optional<double> saving_per_inference_j;              ///< baseline - chosen
  std::optional<double> saving_per_inference_uncertainty_j;  ///< the two in quadrature
  std::optional<double> saving_per_inference_g;              ///< in carbon
  std::optional<double> break_even_inferences;
  std::optional<BreakEvenRange> break_even_range;  ///< see break_even_range()
  std::vector<std::string> sentences;
};

/// The baseline is, in order: `choice.baseline_trial`; the study attribute
/// `baseline_trial` (a trial number); the first COMPLETE enqueued trial that is not a
/// retry (a baseline run before tuning, Study::enqueue); the most accurate feasible trial
/// (objective_roles' quality). The chosen model is `choice.chosen_trial`, else
/// `default_chosen` with `default_reason` (the report passes the knee, else the cheapest
/// model of the front).
/// Throws std::invalid_argument when a named trial does not exist or did not complete.
[[nodiscard]] TuningCost tuning_cost(const storage::StudyRecord& record,
                                     const std::vector<study::Trial>& trials,
                                     const energy::CarbonSettings& carbon,
                                     const ModelChoice& choice,
                                     std::optional<std::int64_t> default_chosen,
                                     const std::string& default_reason = "the knee of the front");

}  // namespace ecopt::report
