#include "ecopt/report/card.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>
#include <stdexcept>

#include "ecopt/report/hardware_settings.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/study/hardware_values.hpp"
#include "ecopt/study/metric_name.hpp"
#include "ecopt/study/study.hpp"
#include "report/detail/format.hpp"
#include "report/detail/json_values.hpp"
#include "report/detail/markdown.hpp"
#include "report/detail/section_text.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::Json;
using detail::json_number;

/// Metrics ecopt derives from phases (energy.*, time.*, power.*, carbon.*): the card shows
/// them in its energy section instead.
bool is_derived(const std::string& name) {
  return study::MetricName::parse(name).has_value();
}

std::string with_uncertainty(const std::optional<double>& value,
                             const std::optional<double>& uncertainty, const std::string& unit) {
  if (!value) return "not measured";
  std::string text = format_number(*value) + " " + unit;
  if (uncertainty) text += " +- " + format_number(*uncertainty, 2) + " " + unit;
  return text;
}

}  // namespace

namespace {

/// The COMPLETE trial `number`; an error naming the study and how to list its trials.
const study::Trial& card_trial(const study::StudyConfig& config,
                               const std::vector<study::Trial>& trials, std::int64_t number) {
  const study::Trial* trial = nullptr;
  for (const study::Trial& t : trials) {
    if (t.number == number) trial = &t;
  }
  if (trial == nullptr) {
    throw std::invalid_argument("study '" + config.name + "' has no trial " +
                                std::to_string(number) + "; see `ecopt trials --study " +
                                config.name + "`");
  }
  if (trial->state != study::TrialState::complete) {
    throw std::invalid_argument("trial " + std::to_string(number) + " is " +
                                std::string(study::to_string(trial->state)) +
                                ": a card describes a COMPLETE trial");
  }
  return *trial;
}

/// Objectives with their goal and uncertainty; the reported metrics that are neither an
/// objective nor derived from phases.
void set_card_metrics(const study::StudyConfig& config, const study::Trial& trial,
                      EnergyCard& card) {
  for (std::size_t i = 0; i < config.objectives.size() && i < trial.values.size(); ++i) {
    card.objectives.push_back(
        {config.objectives[i].name, trial.values[i],
         config.objectives[i].goal == study::Goal::maximize ? "maximize" : "minimize",
         metric_uncertainty(trial, config.objectives[i].name)});
  }
  for (const auto& [name, value] : trial.metrics) {
    const bool objective = std::any_of(config.objectives.begin(), config.objectives.end(),
                                       [&](const study::Objective& o) { return o.name == name; });
    if (!objective && !is_derived(name)) card.metrics.push_back({name, value, ""});
  }
}

/// Energy per inference (gross and net), of training, of the trial and of the whole study.
void set_card_energy(const study::StudyConfig& config, const study::Trial& trial,
                     const std::vector<study::Trial>& trials, EnergyCard& card) {
  card.energy_per_inference_j = energy_per_inference_j(trial, config);
  card.energy_per_inference_uncertainty_j = energy_per_inference_uncertainty_j(trial);
  card.net_energy_per_inference_j = net_energy_per_inference_j(trial, config);
  if (card.net_energy_per_inference_j)
    card.net_energy_per_inference_uncertainty_j = net_energy_per_inference_uncertainty_j(trial);
  if (const auto* inference = find_phase(trial, "inference"); inference && inference->samples > 0)
    card.inference_samples = inference->samples;
  if (const auto* train = training_phase(trial)) {
    card.training_energy_j = train->total_energy_j();
    card.training_uncertainty_j = train->uncertainty_j;
    card.training_duration_s = train->duration_s;
  }
  card.trial_energy_j = trial_energy_j(trial);
  card.trial_uncertainty_j = trial_energy_uncertainty_j(trial);
  double study_variance = 0.0;
  for (const study::Trial& t : trials) {
    card.study_energy_j += trial_energy_j(t);
    study_variance += std::pow(trial_energy_uncertainty_j(t), 2);
  }
  card.study_uncertainty_j = std::sqrt(study_variance);
}

void set_card_carbon(const energy::CarbonSettings& carbon, EnergyCard& card) {
  card.carbon = carbon;
  // Carbon is energy times an exact factor: its uncertainty is the energy's, converted.
  const auto carbon_of = [&carbon](const std::optional<double>& joules) -> std::optional<double> {
    if (!joules) return std::nullopt;
    return energy::carbon_g(*joules, carbon);
  };
  card.carbon_per_inference_g = carbon_of(card.energy_per_inference_j);
  card.carbon_per_inference_uncertainty_g = carbon_of(card.energy_per_inference_uncertainty_j);
  card.training_carbon_g = carbon_of(card.training_energy_j);
  card.training_carbon_uncertainty_g = carbon_of(card.training_uncertainty_j);
  card.study_carbon_g = energy::carbon_g(card.study_energy_j, carbon);
}

}  // namespace

EnergyCard build_card(const storage::StudyRecord& record, const std::vector<study::Trial>& trials,
                      std::int64_t number, const energy::CarbonSettings& carbon,
                      const std::string& ecopt_version, double generated_unix_s) {
  const study::StudyConfig& config = record.config;
  const study::Trial& trial = card_trial(config, trials, number);
  EnergyCard card;
  card.study_name = config.name;
  card.task = config.description;
  card.trial_number = number;
  card.params = parameter_strings(trial);
  card.parameter_values = trial.params;
  card.hardware_settings = study::hardware_values(config, trial);
  set_card_metrics(config, trial, card);
  for (const study::Trial& t : study::pareto_set(trials, config)) {
    if (t.number == number) card.pareto_optimal = true;
  }
  set_card_energy(config, trial, trials, card);
  set_card_carbon(carbon, card);

  // The meters of this trial's phases only; hardware and software as the study recorded
  // them (analyse_measurement on this trial).
  const Measurement measurement = analyse_measurement(record, {trial}, ecopt_version);
  card.meters = measurement.meters;
  for (const study::PhaseMeasurement& p : trial.phases)
    card.estimated = card.estimated || p.estimated;
  card.host = trial.host;
  card.hardware = measurement.hardware;
  card.software = measurement.software;
  card.context = measurement.context;
  card.measured_unix_s = trial.finished_unix_s.value_or(0.0);
  card.generated_unix_s =
      generated_unix_s > 0.0
          ? generated_unix_s
          : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  return card;
}

namespace {

std::vector<std::vector<std::string>> card_energy_rows(const EnergyCard& c) {
  return {
      {"energy per inference",
       with_uncertainty(c.energy_per_inference_j, c.energy_per_inference_uncertainty_j, "J") +
           (c.inference_samples ? " (over " + std::to_string(*c.inference_samples) + " samples)"
                                : "")},
      {"energy per inference, net of idle power",
       c.net_energy_per_inference_j
           ? with_uncertainty(c.net_energy_per_inference_j,
                              c.net_energy_per_inference_uncertainty_j, "J")
           : "not measured (no idle profile from ecopt calibrate)"},
      {"training energy",
       with_uncertainty(c.training_energy_j, c.training_uncertainty_j, "J") +
           (c.training_duration_s ? " in " + format_number(*c.training_duration_s, 3) + " s" : "")},
      {"whole trial", detail::format_energy(c.trial_energy_j) + " +- " +
                          detail::format_energy(c.trial_uncertainty_j)},
      {"whole study (the search that found it)", detail::format_energy(c.study_energy_j) + " +- " +
                                                     detail::format_energy(c.study_uncertainty_j)},
      {"measured or estimated",
       c.estimated ? "ESTIMATED (a model, not counters)" : "MEASURED (hardware counters)"}};
}

std::vector<std::vector<std::string>> card_carbon_rows(const EnergyCard& c) {
  return {
      {"per inference", c.carbon_per_inference_g
                            ? with_uncertainty(c.carbon_per_inference_g,
                                               c.carbon_per_inference_uncertainty_g, "gCO2e")
                            : "n/a"},
      {"training", c.training_carbon_g ? with_uncertainty(c.training_carbon_g,
                                                          c.training_carbon_uncertainty_g, "gCO2e")
                                       : "n/a"},
      {"whole study", detail::format_carbon(c.study_carbon_g) + " +- " +
                          detail::format_carbon(energy::carbon_g(c.study_uncertainty_j, c.carbon))},
      {"grid intensity", format_number(c.carbon.gco2e_per_kwh) + " gCO2e/kWh x PUE " +
                             format_number(c.carbon.pue, 3) + " (" + c.carbon.source + ")"}};
}

std::string card_model_section(const EnergyCard& c) {
  std::string out = "## Model\n\n";
  out += "- Task: " +
         (c.task.empty() ? std::string("not described (the study file's description)")
                         : detail::md_text(c.task)) +
         "\n";
  out += "- Study: " + detail::md_text(c.study_name) + ", trial " + std::to_string(c.trial_number) +
         (c.pareto_optimal ? " (on the Pareto front)" : " (not on the Pareto front)") + "\n";
  const std::string params = detail::md_text(detail::join(c.params));
  out += "- Hyperparameters: " + (params.empty() ? std::string("none") : params) + "\n";
  if (!c.hardware_settings.empty())
    out += "- Measured with the hardware settings: " + hardware_settings_text(c.hardware_settings) +
           " (applied by ecopt around the trial, restored after it)\n";
  return out + "\n";
}

std::string card_metrics_section(const EnergyCard& c) {
  std::vector<std::vector<std::string>> rows;
  for (const CardMetric& m : c.objectives)
    rows.push_back({m.name, detail::format_with_uncertainty(m.value, m.uncertainty, 6),
                    "objective (" + m.goal + ")"});
  for (const CardMetric& m : c.metrics)
    rows.push_back({m.name, format_number(m.value, 6), "reported"});
  return "## Metrics\n\n" + detail::md_table({"metric", "value", ""}, rows, {false, true, false});
}

std::string card_hardware_section(const EnergyCard& c) {
  std::string out = "## Hardware and meter\n\n";
  std::vector<std::vector<std::string>> meters;
  for (const MeterUse& u : c.meters)
    meters.push_back(
        {u.meter, u.scope, u.estimated ? "ESTIMATED" : "MEASURED", detail::join(u.domains)});
  if (!meters.empty()) out += detail::md_table({"meter", "scope", "kind", "domains"}, meters);
  detail::TextRows facts = detail::fact_rows(c.hardware);
  for (auto& row : detail::fact_rows(c.software)) facts.push_back(std::move(row));
  for (auto& row : detail::fact_rows(c.context)) facts.push_back(std::move(row));
  return out + detail::md_table({"", "value", "source"}, facts);
}

}  // namespace

std::string card_markdown(const EnergyCard& c) {
  using detail::md_table;
  std::string out = "# Energy card: " + detail::md_text(c.study_name) + ", trial " +
                    std::to_string(c.trial_number) + "\n\n";
  out += card_model_section(c) + card_metrics_section(c);
  out += "## Energy\n\n" + md_table({"", "value"}, card_energy_rows(c));
  out += "## Carbon\n\n" + md_table({"", "value"}, card_carbon_rows(c));
  out += card_hardware_section(c);
  out += "## Dates\n\n- Measured: " + detail::format_utc(c.measured_unix_s) +
         "\n- Card generated: " + detail::format_utc(c.generated_unix_s) + "\n\n";
  out +=
      "Numbers hold for this hardware, software and batch size; energy per inference is the "
      "inference phase's energy divided by its samples. See docs/report.md.\n";
  return out;
}

std::string card_json(const EnergyCard& c) {
  Json j = detail::json_document("ecopt-energy-card");
  j["study"] = c.study_name;
  j["task"] = c.task;
  j["trial"] = c.trial_number;
  j["pareto_optimal"] = c.pareto_optimal;
  j["params"] = detail::json_params(c.parameter_values);
  for (const auto& [knob, value] : c.hardware_settings)
    j["hardware_settings"][std::string(study::to_string(knob))] = json_number(value);
  j["objectives"] = Json::array();
  for (const CardMetric& m : c.objectives)
    j["objectives"].push_back(Json{{"name", m.name},
                                   {"value", json_number(m.value)},
                                   {"uncertainty", json_number(m.uncertainty)},
                                   {"goal", m.goal}});
  j["metrics"] = Json::object();
  for (const CardMetric& m : c.metrics) j["metrics"][m.name] = json_number(m.value);
  j["energy"] = Json{
      {"per_inference_j", json_number(c.energy_per_inference_j)},
      {"per_inference_uncertainty_j", json_number(c.energy_per_inference_uncertainty_j)},
      {"net_per_inference_j", json_number(c.net_energy_per_inference_j)},
      {"net_per_inference_uncertainty_j", json_number(c.net_energy_per_inference_uncertainty_j)},
      {"inference_samples", c.inference_samples ? Json(*c.inference_samples) : Json(nullptr)},
      {"training_j", json_number(c.training_energy_j)},
      {"training_uncertainty_j", json_number(c.training_uncertainty_j)},
      {"training_duration_s", json_number(c.training_duration_s)},
      {"trial_j", json_number(c.trial_energy_j)},
      {"trial_uncertainty_j", json_number(c.trial_uncertainty_j)},
      {"study_j", json_number(c.study_energy_j)},
      {"study_uncertainty_j", json_number(c.study_uncertainty_j)},
      {"estimated", c.estimated}};
  j["carbon"] =
      Json{{"per_inference_g", json_number(c.carbon_per_inference_g)},
           {"per_inference_uncertainty_g", json_number(c.carbon_per_inference_uncertainty_g)},
           {"training_g", json_number(c.training_carbon_g)},
           {"training_uncertainty_g", json_number(c.training_carbon_uncertainty_g)},
           {"study_g", json_number(c.study_carbon_g)},
           {"study_uncertainty_g", json_number(energy::carbon_g(c.study_uncertainty_j, c.carbon))},
           {"grid_intensity_gco2e_per_kwh", json_number(c.carbon.gco2e_per_kwh)},
           {"pue", json_number(c.carbon.pue)},
           {"source", c.carbon.source}};
  j["meters"] = Json::array();
  for (const MeterUse& u : c.meters)
    j["meters"].push_back(Json{{"meter", u.meter},
                               {"scope", u.scope},
                               {"estimated", u.estimated},
                               {"domains", u.domains}});
  j["host"] = c.host;
  j["hardware"] = detail::facts_json(c.hardware);
  j["software"] = detail::facts_json(c.software);
  j["context"] = detail::facts_json(c.context);
  j["measured_utc"] = detail::format_utc(c.measured_unix_s);
  j["measured_unix_s"] = json_number(c.measured_unix_s);
  j["generated_utc"] = detail::format_utc(c.generated_unix_s);
  return j.dump(2) + "\n";
}

}  // namespace ecopt::report
