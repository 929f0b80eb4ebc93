#include "study_json.hpp"

#include <cmath>

#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::cli {
namespace {

nlohmann::ordered_json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json optional_number(const std::optional<double>& t) {
  return t ? nlohmann::ordered_json(*t) : nlohmann::ordered_json(nullptr);
}

}  // namespace

nlohmann::ordered_json trial_json(const study::Trial& trial, const study::StudyConfig& config) {
  nlohmann::ordered_json j;
  j["number"] = trial.number;
  j["state"] = study::to_string(trial.state);
  j["origin"] = trial.origin == study::TrialOrigin::enqueued ? "enqueued" : "sampler";
  j["params"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : trial.params) {
    j["params"][name] = std::visit([](const auto& v) { return nlohmann::ordered_json(v); }, value);
  }
  j["values"] = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < config.objectives.size() && i < trial.values.size(); ++i) {
    j["values"][config.objectives[i].name] = number_or_null(trial.values[i]);
  }
  j["feasible"] = study::is_feasible(trial, config);
  j["constraints"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : trial.constraint_values)
    j["constraints"][name] = number_or_null(value);
  j["metrics"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : trial.metrics) j["metrics"][name] = number_or_null(value);
  j["metric_uncertainties"] = nlohmann::ordered_json::object();
  for (const auto& [name, value] : trial.metric_uncertainties)
    j["metric_uncertainties"][name] = number_or_null(value);
  j["intermediate"] = nlohmann::ordered_json::array();
  for (const auto& [step, values] : trial.intermediate) {
    nlohmann::ordered_json entry{{"step", step}, {"values", nlohmann::ordered_json::object()}};
    for (const auto& [name, value] : values) entry["values"][name] = number_or_null(value);
    j["intermediate"].push_back(entry);
  }
  j["phases"] = nlohmann::ordered_json::array();
  for (const study::PhaseMeasurement& p : trial.phases) {
    nlohmann::ordered_json phase;
    phase["phase"] = p.phase;
    phase["duration_s"] = p.duration_s;
    phase["energy_j"] = p.energy_j;
    phase["total_energy_j"] = p.total_energy_j();
    phase["uncertainty_j"] = p.uncertainty_j;
    phase["meter"] = p.meter;
    phase["scope"] = p.scope;
    if (!p.net_energy_j.empty()) phase["net_energy_j"] = p.total_net_energy_j();
    phase["estimated"] = p.estimated;
    phase["samples"] = p.samples;
    phase["start_unix_s"] = p.start_unix_s;
    phase["end_unix_s"] = p.end_unix_s;
    if (!p.attribution.empty()) phase["attribution"] = p.attribution;
    if (!p.notes.empty()) phase["notes"] = p.notes;
    j["phases"].push_back(phase);
  }
  j["user_attrs"] = nlohmann::ordered_json::object();
  for (const auto& [key, text] : trial.user_attrs)
    j["user_attrs"][key] = nlohmann::ordered_json::parse(text);
  j["host"] = trial.host;
  j["worker_id"] = trial.worker_id;
  j["failure_kind"] = study::to_string(trial.failure_kind);
  j["error"] = trial.error;
  j["stderr_tail"] = trial.stderr_tail;
  j["created_unix_s"] = trial.created_unix_s;
  j["started_unix_s"] = optional_number(trial.started_unix_s);
  j["finished_unix_s"] = optional_number(trial.finished_unix_s);
  j["running_energy_j"] = optional_number(trial.running_energy_j);
  j["running_power_w"] = optional_number(trial.running_power_w);
  return j;
}

nlohmann::ordered_json study_json(const storage::StudyRecord& record,
                                  const std::vector<study::Trial>& trials) {
  nlohmann::ordered_json j;
  j["name"] = record.config.name;
  j["created_unix_s"] = record.created_unix_s;
  j["updated_unix_s"] = record.updated_unix_s;
  j["config"] = nlohmann::ordered_json::parse(study::to_json_text(study::as_stored(record.config)));
  nlohmann::ordered_json counts = nlohmann::ordered_json::object();
  for (study::TrialState s :
       {study::TrialState::waiting, study::TrialState::running, study::TrialState::complete,
        study::TrialState::pruned, study::TrialState::fail}) {
    counts[std::string(study::to_string(s))] = 0;
  }
  for (const study::Trial& t : trials)
    counts[std::string(study::to_string(t.state))] =
        counts[std::string(study::to_string(t.state))].get<int>() + 1;
  j["trials"] = counts;
  // Attributes (set-attr, and the hosts' facts that tune and worker record) as JSON.
  j["user_attrs"] = nlohmann::ordered_json::object();
  for (const auto& [key, text] : record.user_attrs)
    j["user_attrs"][key] = nlohmann::ordered_json::parse(text);
  return j;
}

}  // namespace ecopt::cli
