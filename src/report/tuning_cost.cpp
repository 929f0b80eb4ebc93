#include "ecopt/report/tuning_cost.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "ecopt/report/objective_roles.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/study/study.hpp"
#include "report/detail/format.hpp"

namespace ecopt::report {
namespace {

using detail::format_count;
using detail::format_energy;
using detail::format_number;

const study::Trial* find_trial(const std::vector<study::Trial>& trials, std::int64_t number) {
  for (const study::Trial& t : trials) {
    if (t.number == number) return &t;
  }
  return nullptr;
}

const study::Trial& completed_trial(const std::vector<study::Trial>& trials, std::int64_t number,
                                    const std::string& role) {
  const study::Trial* t = find_trial(trials, number);
  if (t == nullptr) {
    throw std::invalid_argument("the " + role + " trial " + std::to_string(number) +
                                " does not exist in this study; see `ecopt trials`");
  }
  if (t->state != study::TrialState::complete) {
    throw std::invalid_argument("the " + role + " trial " + std::to_string(number) + " is " +
                                std::string(study::to_string(t->state)) +
                                ", not COMPLETE; name a completed trial");
  }
  return *t;
}

/// A trial number from a study attribute's JSON text ("3"), if it is one.
std::optional<std::int64_t> attribute_trial(const storage::StudyRecord& record) {
  const auto it = record.user_attrs.find("baseline_trial");
  if (it == record.user_attrs.end()) return std::nullopt;
  char* end = nullptr;
  const long long n = std::strtoll(it->second.c_str(), &end, 10);
  if (end == it->second.c_str()) return std::nullopt;
  return n;
}

/// Adds every measured trial's energy, time and phases to `out`: failed trials cost
/// energy too, so all count. Net energy is kept only when every trial has it.
void add_study_energy(const std::vector<study::Trial>& trials, TuningCost& out) {
  double variance = 0.0;
  double net_energy_j = 0.0;
  bool every_trial_net = true;
  for (const study::Trial& t : trials) {
    const double e = trial_energy_j(t);
    if (t.phases.empty()) continue;
    ++out.trials_with_energy;
    out.energy_j += e;
    const std::optional<double> net = trial_net_energy_j(t);
    every_trial_net = every_trial_net && net.has_value();
    net_energy_j += net.value_or(0.0);
    const double u = trial_energy_uncertainty_j(t);
    variance += u * u;
    for (const study::PhaseMeasurement& p : t.phases) {
      out.estimated = out.estimated || p.estimated;
      if (p.phase == "total") {
        out.duration_s += p.duration_s;
      } else {
        out.energy_by_phase_j[p.phase] += p.total_energy_j();
      }
    }
    // Without a total phase the trial's time is the sum of its phases.
    if (find_phase(t, "total") == nullptr) {
      for (const study::PhaseMeasurement& p : t.phases) out.duration_s += p.duration_s;
    }
  }
  out.uncertainty_j = std::sqrt(variance);
  if (out.trials_with_energy > 0 && every_trial_net) out.net_energy_j = net_energy_j;
  out.carbon_g = energy::carbon_g(out.energy_j, out.carbon);
}

std::string study_energy_sentence(const TuningCost& out) {
  const energy::CarbonSettings& carbon = out.carbon;
  return "The study consumed " + format_energy(out.energy_j) + " (+- " +
         format_energy(out.uncertainty_j) + ") over " + std::to_string(out.trials_with_energy) +
         " measured trials" + (out.estimated ? ", partly estimated" : "") +
         (out.net_energy_j ? " (" + format_energy(*out.net_energy_j) + " net of idle power)" : "") +
         ": " + detail::format_carbon(out.carbon_g) + " at " +
         format_number(carbon.gco2e_per_kwh, 4) + " gCO2e/kWh" +
         (carbon.pue != 1.0 ? " x PUE " + format_number(carbon.pue, 3) : "") + ".";
}

/// The feasible trial with the best finite value of the quality objective, if any.
std::optional<study::Trial> most_accurate_feasible(const std::vector<study::Trial>& trials,
                                                   const study::StudyConfig& config,
                                                   std::size_t quality) {
  std::optional<study::Trial> found;
  const bool maximise = config.objectives[quality].goal == study::Goal::maximize;
  for (const study::Trial& t : trials) {
    if (!study::is_feasible(t, config) || quality >= t.values.size()) continue;
    const double v = t.values[quality];
    if (!std::isfinite(v)) continue;
    if (!found || (maximise ? v > found->values[quality] : v < found->values[quality])) found = t;
  }
  return found;
}

/// Sets the baseline in the documented order of precedence (see tuning_cost()).
void choose_baseline(const storage::StudyRecord& record, const std::vector<study::Trial>& trials,
                     const ModelChoice& choice, TuningCost& out) {
  if (choice.baseline_trial) {
    (void)completed_trial(trials, *choice.baseline_trial, "baseline");
    out.baseline_trial = choice.baseline_trial;
    out.baseline_reason = "named with --baseline-trial";
    return;
  }
  if (const auto attr = attribute_trial(record)) {
    (void)completed_trial(trials, *attr, "baseline (study attribute baseline_trial)");
    out.baseline_trial = attr;
    out.baseline_reason = "the study attribute baseline_trial";
    return;
  }
  for (const study::Trial& t : trials) {
    if (t.origin == study::TrialOrigin::enqueued && t.state == study::TrialState::complete &&
        !t.user_attrs.count("retry_of")) {
      out.baseline_trial = t.number;
      out.baseline_reason = "the first enqueued trial, a baseline run before tuning";
      return;
    }
  }
  const study::StudyConfig& config = record.config;
  const ObjectiveRoles roles = objective_roles(config);
  if (!roles.quality) return;
  if (const auto best = most_accurate_feasible(trials, config, *roles.quality)) {
    out.baseline_trial = best->number;
    out.baseline_reason =
        "the most accurate feasible trial (best " + config.objectives[*roles.quality].name + ")";
  }
}

/// Energies per inference, gross; net instead when the study's energy and both models'
/// have net values, so that the break-even divides like by like.
void set_energies_per_inference(const study::Trial* chosen, const study::Trial* baseline,
                                const study::StudyConfig& config, TuningCost& out) {
  out.break_even_energy_j = out.energy_j;
  if (chosen != nullptr) {
    out.chosen_energy_per_inference_j = energy_per_inference_j(*chosen, config);
    out.chosen_energy_per_inference_uncertainty_j = energy_per_inference_uncertainty_j(*chosen);
  }
  if (baseline != nullptr) {
    out.baseline_energy_per_inference_j = energy_per_inference_j(*baseline, config);
    out.baseline_energy_per_inference_uncertainty_j = energy_per_inference_uncertainty_j(*baseline);
  }
  if (chosen != nullptr && baseline != nullptr && out.net_energy_j &&
      net_energy_per_inference_j(*chosen, config) &&
      net_energy_per_inference_j(*baseline, config)) {
    out.basis = EnergyBasis::net;
    out.break_even_energy_j = *out.net_energy_j;
    out.chosen_energy_per_inference_j = net_energy_per_inference_j(*chosen, config);
    out.chosen_energy_per_inference_uncertainty_j = net_energy_per_inference_uncertainty_j(*chosen);
    out.baseline_energy_per_inference_j = net_energy_per_inference_j(*baseline, config);
    out.baseline_energy_per_inference_uncertainty_j =
        net_energy_per_inference_uncertainty_j(*baseline);
  }
}

/// The saving per inference (baseline minus chosen) and the inferences it takes to repay
/// the study's energy, with their uncertainties.
void set_break_even(TuningCost& out) {
  out.saving_per_inference_j =
      *out.baseline_energy_per_inference_j - *out.chosen_energy_per_inference_j;
  if (out.chosen_energy_per_inference_uncertainty_j &&
      out.baseline_energy_per_inference_uncertainty_j) {
    // Two trials, measured independently.
    out.saving_per_inference_uncertainty_j =
        std::hypot(*out.chosen_energy_per_inference_uncertainty_j,
                   *out.baseline_energy_per_inference_uncertainty_j);
  }
  out.saving_per_inference_g = energy::carbon_g(*out.saving_per_inference_j, out.carbon);
  out.break_even_inferences =
      break_even_inferences(out.break_even_energy_j, *out.saving_per_inference_j);
  if (out.saving_per_inference_uncertainty_j) {
    out.break_even_range =
        break_even_range(out.break_even_energy_j, out.uncertainty_j, *out.saving_per_inference_j,
                         *out.saving_per_inference_uncertainty_j);
  }
}

std::string break_even_sentence(const TuningCost& out) {
  const std::string pair = "trial " + std::to_string(*out.chosen_trial) + " (" + out.chosen_reason +
                           ") against trial " + std::to_string(*out.baseline_trial) + " (" +
                           out.baseline_reason + ")";
  if (*out.chosen_trial == *out.baseline_trial) {
    return "The chosen model is the baseline itself (trial " + std::to_string(*out.chosen_trial) +
           "): it saves nothing per inference, so the tuning never pays back in energy.";
  }
  if (!out.break_even_inferences) {
    return "Choosing " + pair + " saves no energy per inference (" +
           format_number(*out.saving_per_inference_j, 3) +
           " J), so the tuning does not pay back in energy.";
  }
  const std::string saving_range =
      out.saving_per_inference_uncertainty_j
          ? " (+- " + format_number(*out.saving_per_inference_uncertainty_j, 2) + ")"
          : "";
  const std::string count_range =
      out.break_even_range
          ? " (" +
                detail::format_count_range(out.break_even_range->low, out.break_even_range->high) +
                " within one standard uncertainty" +
                (out.break_even_range->high ? "" : ": the saving may be zero") + ")"
          : "";
  return "Choosing " + pair + " saves " + format_number(*out.saving_per_inference_j, 3) +
         saving_range + " J per inference (" + format_number(*out.saving_per_inference_g, 3) +
         " gCO2e); after " + format_count(*out.break_even_inferences) + " inferences" +
         count_range + " the saving has repaid the study's " +
         format_energy(out.break_even_energy_j) + (out.basis == EnergyBasis::net ? " (net)" : "") +
         ".";
}

/// Says which energy the break-even divides and, for gross, why net was not used.
std::string basis_sentence(const TuningCost& out, bool chosen_has_net) {
  if (out.basis == EnergyBasis::net) {
    return "The break-even uses net energy (gross minus idle power x duration, from the "
           "machine profile) for the study and per inference: what choosing a model changes "
           "on a machine that is on anyway.";
  }
  return std::string("The break-even uses gross energy, as the meters read it") +
         (out.net_energy_j || chosen_has_net
              ? ": net energy is not recorded for all of the study and both models."
              : ": no idle profile was in use (ecopt calibrate), so there is no net energy.");
}

}  // namespace

std::optional<double> break_even_inferences(double tuning_energy_j, double saving_per_inference_j) {
  if (!(saving_per_inference_j > 0.0) || !std::isfinite(tuning_energy_j)) return std::nullopt;
  return tuning_energy_j / saving_per_inference_j;
}

std::optional<BreakEvenRange> break_even_range(double tuning_energy_j, double tuning_uncertainty_j,
                                               double saving_per_inference_j,
                                               double saving_uncertainty_j) {
  if (!break_even_inferences(tuning_energy_j, saving_per_inference_j)) return std::nullopt;
  BreakEvenRange range;
  range.low = std::max(0.0, tuning_energy_j - tuning_uncertainty_j) /
              (saving_per_inference_j + saving_uncertainty_j);
  const double smallest_saving = saving_per_inference_j - saving_uncertainty_j;
  if (smallest_saving > 0.0)
    range.high = (tuning_energy_j + tuning_uncertainty_j) / smallest_saving;
  return range;
}

const char* to_string(EnergyBasis basis) {
  return basis == EnergyBasis::net ? "net" : "gross";
}

TuningCost tuning_cost(const storage::StudyRecord& record, const std::vector<study::Trial>& trials,
                       const energy::CarbonSettings& carbon, const ModelChoice& choice,
                       std::optional<std::int64_t> default_chosen,
                       const std::string& default_reason) {
  const study::StudyConfig& config = record.config;
  TuningCost out;
  out.carbon = carbon;
  add_study_energy(trials, out);
  out.sentences.push_back(study_energy_sentence(out));

  if (choice.chosen_trial) {
    (void)completed_trial(trials, *choice.chosen_trial, "chosen");
    out.chosen_trial = choice.chosen_trial;
    out.chosen_reason = "named with --chosen-trial";
  } else if (default_chosen) {
    out.chosen_trial = default_chosen;
    out.chosen_reason = default_reason;
  }
  choose_baseline(record, trials, choice, out);

  const study::Trial* chosen = out.chosen_trial ? find_trial(trials, *out.chosen_trial) : nullptr;
  const study::Trial* baseline =
      out.baseline_trial ? find_trial(trials, *out.baseline_trial) : nullptr;
  set_energies_per_inference(chosen, baseline, config, out);
  if (!out.chosen_trial || !out.baseline_trial) {
    out.sentences.push_back("No break-even: the study has no " +
                            std::string(out.chosen_trial ? "baseline" : "chosen model") +
                            " to compare (see docs/report.md).");
    return out;
  }
  if (!out.chosen_energy_per_inference_j || !out.baseline_energy_per_inference_j) {
    out.sentences.push_back(
        "No break-even: the trials do not record energy per inference (an objective or metric "
        "energy.inference.per_sample, or an inference phase with samples).");
    return out;
  }
  set_break_even(out);
  out.sentences.push_back(break_even_sentence(out));
  out.sentences.push_back(basis_sentence(
      out, chosen != nullptr && net_energy_per_inference_j(*chosen, config).has_value()));
  return out;
}

}  // namespace ecopt::report
