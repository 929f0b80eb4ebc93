#include "ecopt/runner/trial_inputs.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace ecopt::runner {

std::vector<std::string> trial_argv(const study::StudyConfig& config, const space::Params& params) {
  if (config.command.empty()) {
    throw std::invalid_argument("study '" + config.name +
                                "' has no command; add `command: [program, args...]` to its file");
  }
  std::vector<std::string> argv;
  for (const std::string& item : config.command) {
    std::string out;
    for (std::size_t i = 0; i < item.size(); ++i) {
      if (item.compare(i, 2, "{{") == 0 || item.compare(i, 2, "}}") == 0) {
        out += item[i];
        ++i;
      } else if (item[i] == '{') {
        const std::size_t close = item.find('}', i);
        if (close == std::string::npos) {
          throw std::invalid_argument("command item '" + item +
                                      "' has an unclosed '{' (write '{{' for a literal brace)");
        }
        const std::string name = item.substr(i + 1, close - i - 1);
        const auto it = params.find(name);
        if (it == params.end()) {
          throw std::invalid_argument("command item '" + item + "' names '{" + name +
                                      "}', which is not a parameter of the study");
        }
        out += space::to_string(it->second);
        i = close;
      } else {
        out += item[i];
      }
    }
    argv.push_back(std::move(out));
  }
  if (config.pass_params == study::PassParams::args) {
    for (const auto& [name, value] : params)
      argv.push_back("--" + name + "=" + space::to_string(value));
  }
  return argv;
}

std::map<std::string, std::string> trial_env(const study::StudyConfig& config,
                                             const study::Trial& trial) {
  std::map<std::string, std::string> env = config.run.env;
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : trial.params) {
    params[name] = std::visit([](const auto& v) { return nlohmann::json(v); }, value);
  }
  env["ECOPT_PARAMS"] = params.dump();
  env["ECOPT_TRIAL"] = std::to_string(trial.number);
  env["ECOPT_STUDY"] = config.name;
  return env;
}

std::map<std::string, double> derived_metrics(const MeasuredRun& run,
                                              const energy::CarbonSettings& carbon) {
  std::map<std::string, double> derived;
  for (const study::PhaseMeasurement& p : run.phases) {
    const double energy_j = p.total_energy_j();
    derived["energy." + p.phase + ".total"] = energy_j;
    derived["time." + p.phase + ".total"] = p.duration_s;
    derived["carbon." + p.phase + ".total"] = energy::carbon_g(energy_j, carbon);
    if (p.duration_s > 0) derived["power." + p.phase + ".mean"] = energy_j / p.duration_s;
    if (p.samples > 0) {
      derived["energy." + p.phase + ".per_sample"] = energy_j / static_cast<double>(p.samples);
      derived["time." + p.phase + ".per_sample"] = p.duration_s / static_cast<double>(p.samples);
      derived["carbon." + p.phase + ".per_sample"] =
          energy::carbon_g(energy_j, carbon) / static_cast<double>(p.samples);
    }
  }
  derived["energy.total"] = run.total.total_energy_j();
  derived["time.total"] = run.total.duration_s;
  derived["carbon.total"] = energy::carbon_g(run.total.total_energy_j(), carbon);
  return derived;
}

std::optional<double> objective_value(const std::string& name, const MeasuredRun& run,
                                      const std::map<std::string, double>& derived) {
  if (const auto it = run.metrics.find(name); it != run.metrics.end()) return it->second;
  if (const auto it = derived.find(name); it != derived.end()) return it->second;
  return std::nullopt;
}

}  // namespace ecopt::runner
