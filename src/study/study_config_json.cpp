// StudyConfig -> JSON in the study file's own vocabulary, so parse_study_config reads it
// back (JSON is YAML) and storages need no second schema.
#include <nlohmann/json.hpp>

#include "ecopt/study/study_file.hpp"

namespace ecopt::study {
namespace {

nlohmann::json value_json(const space::Value& value) {
  return std::visit([](const auto& v) { return nlohmann::json(v); }, value);
}

nlohmann::json domain_json(const space::Domain& domain) {
  nlohmann::json j;
  if (const auto* f = std::get_if<space::FloatDomain>(&domain)) {
    j = {{"type", "float"}, {"low", f->low}, {"high", f->high}, {"log", f->log}};
  } else if (const auto* i = std::get_if<space::IntDomain>(&domain)) {
    j = {{"type", "int"}, {"low", i->low}, {"high", i->high}, {"log", i->log}, {"step", i->step}};
  } else if (const auto* c = std::get_if<space::CategoricalDomain>(&domain)) {
    j = {{"type", "categorical"}, {"choices", nlohmann::json::array()}};
    for (const space::Value& choice : c->choices) j["choices"].push_back(value_json(choice));
  } else {
    j = {{"type", "fixed"}, {"value", value_json(std::get<space::FixedDomain>(domain).value)}};
  }
  return j;
}

}  // namespace

std::string to_json_text(const StudyConfig& config) {
  // ordered_json keeps parameters in declaration order, which the encoding depends on.
  nlohmann::ordered_json j;
  j["name"] = config.name;
  if (!config.description.empty()) j["description"] = config.description;
  if (!config.command.empty()) j["command"] = config.command;
  j["pass_params"] = config.pass_params == PassParams::args ? "args" : "template";
  j["parameters"] = nlohmann::ordered_json::object();
  for (const space::Parameter& p : config.space.parameters())
    j["parameters"][p.name] = domain_json(p.domain);
  j["objectives"] = nlohmann::ordered_json::array();
  for (const Objective& o : config.objectives) {
    nlohmann::ordered_json objective = {
        {"name", o.name}, {"goal", o.goal == Goal::maximize ? "maximize" : "minimize"}};
    if (o.transform != OutputTransform::automatic)
      objective["transform"] = std::string(to_string(o.transform));
    j["objectives"].push_back(objective);
  }
  if (!config.constraints.empty()) {
    j["constraints"] = nlohmann::ordered_json::array();
    for (const Constraint& c : config.constraints) j["constraints"].push_back(c.to_string());
  }
  if (!config.reference_point.empty()) j["reference_point"] = config.reference_point;
  const SamplerConfig sampler_defaults;
  nlohmann::ordered_json sampler = {{"name", config.sampler.name}, {"seed", config.sampler.seed}};
  if (config.sampler.initial_trials) sampler["initial_trials"] = *config.sampler.initial_trials;
  if (config.sampler.acquisition != sampler_defaults.acquisition)
    sampler["acquisition"] = config.sampler.acquisition;
  if (config.sampler.population_size != sampler_defaults.population_size)
    sampler["population_size"] = config.sampler.population_size;
  if (config.sampler.switch_to_nsga2_after != sampler_defaults.switch_to_nsga2_after)
    sampler["switch_to_nsga2_after"] = config.sampler.switch_to_nsga2_after;
  j["sampler"] = sampler;
  nlohmann::ordered_json budget = nlohmann::ordered_json::object();
  if (config.budget.trials) budget["trials"] = *config.budget.trials;
  if (config.budget.energy_j) budget["energy"] = std::to_string(*config.budget.energy_j) + "J";
  if (config.budget.time_s) budget["time"] = std::to_string(*config.budget.time_s) + "s";
  if (!budget.empty()) j["budget"] = budget;
  const RunSettings defaults;
  nlohmann::ordered_json run = nlohmann::ordered_json::object();
  if (!config.run.workdir.empty()) run["workdir"] = config.run.workdir;
  if (!config.run.env.empty()) run["env"] = config.run.env;
  if (config.run.timeout_s) run["timeout"] = std::to_string(*config.run.timeout_s) + "s";
  if (config.run.kill_grace_s != defaults.kill_grace_s)
    run["kill_grace"] = std::to_string(config.run.kill_grace_s) + "s";
  if (config.run.retries != 0) run["retries"] = config.run.retries;
  if (config.run.scope != defaults.scope) run["scope"] = config.run.scope;
  if (config.run.stdout_metrics) run["stdout_metrics"] = true;
  if (config.run.runs_dir != defaults.runs_dir) run["runs_dir"] = config.run.runs_dir;
  if (!run.empty()) j["run"] = run;
  if (!config.storage.empty()) j["storage"] = config.storage;
  return j.dump(2);
}

}  // namespace ecopt::study
