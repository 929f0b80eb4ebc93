#include "ecopt/runner/trial_inputs.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include "ecopt/runner/exec_limits.hpp"
#include "ecopt/study/metric_name.hpp"

namespace ecopt::runner {

namespace {

constexpr std::string_view kBinDirVariable = "${ECOPT_BIN_DIR}";

/// One command item with ${ECOPT_BIN_DIR} and every {name} replaced.
std::string expand_item(const std::string& item, const space::Params& params) {
  std::string out;
  for (std::size_t i = 0; i < item.size(); ++i) {
    if (item.compare(i, kBinDirVariable.size(), kBinDirVariable) == 0) {
      out += ecopt_bin_dir().string();
      i += kBinDirVariable.size() - 1;
    } else if (item.compare(i, 2, "{{") == 0 || item.compare(i, 2, "}}") == 0) {
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
  return out;
}

}  // namespace

std::filesystem::path ecopt_bin_dir() {
  if (const char* dir = std::getenv("ECOPT_BIN_DIR"); dir != nullptr && *dir != '\0') return dir;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    throw std::runtime_error(
        "cannot resolve ${ECOPT_BIN_DIR}: /proc/self/exe is unreadable (" + error.message() +
        "); set the environment variable ECOPT_BIN_DIR to the folder of ecopt's programs");
  }
  return self.parent_path();
}

std::vector<std::string> trial_argv(const study::StudyConfig& config, const space::Params& params) {
  if (config.command.empty()) {
    throw std::invalid_argument("study '" + config.name +
                                "' has no command; add `command: [program, args...]` to its file");
  }
  std::vector<std::string> argv;
  for (const std::string& item : config.command) argv.push_back(expand_item(item, params));
  if (config.pass_params == study::PassParams::args) {
    for (const auto& [name, value] : params)
      argv.push_back("--" + name + "=" + space::to_string(value));
  }
  return argv;
}

std::string params_json(const space::Params& params) {
  nlohmann::json json = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    json[name] = std::visit([](const auto& v) { return nlohmann::json(v); }, value);
  }
  return json.dump();
}

std::filesystem::path write_params_file(const std::filesystem::path& dir,
                                        const space::Params& params) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "params.json";
  std::ofstream out(path, std::ios::trunc);
  out << params_json(params) << '\n';
  if (!out.flush()) {
    throw std::runtime_error("cannot write the trial's parameters to " + path.string() +
                             "; check that the runs folder is writable and has space");
  }
  return path;
}

std::map<std::string, std::string> trial_env(const study::StudyConfig& config,
                                             const study::Trial& trial,
                                             const std::filesystem::path& params_file) {
  std::map<std::string, std::string> env = config.run.env;
  std::string json = params_json(trial.params);
  // Too long for one variable, it would stop the trial from starting (E2BIG); empty, not
  // absent, so that an ECOPT_PARAMS in ecopt's own environment is not passed on instead.
  const std::string name = "ECOPT_PARAMS";
  if (name.size() + 1 + json.size() + 1 > kMaxArgStringBytes) json.clear();
  env[name] = std::move(json);
  if (!params_file.empty()) env["ECOPT_PARAMS_FILE"] = params_file.string();
  env["ECOPT_TRIAL"] = std::to_string(trial.number);
  env["ECOPT_STUDY"] = config.name;
  return env;
}

DerivedQuantities derive_quantities(const MeasuredRun& run, const energy::CarbonSettings& carbon) {
  DerivedQuantities d;
  // A quantity and its standard uncertainty (every derivation here is a product with an
  // exact factor, so the uncertainty scales by the same factor).
  const auto put = [&d](const std::string& name, double value, double uncertainty) {
    d.values[name] = value;
    d.uncertainties[name] = uncertainty;
  };
  using study::MetricKind;
  using Stat = study::MetricStatistic;
  const auto name = [](MetricKind kind, const std::string& phase, Stat statistic) {
    return study::MetricName{kind, phase, statistic}.to_string();
  };
  for (const study::PhaseMeasurement& p : run.phases) {
    const double energy_j = p.total_energy_j();
    const double u_j = p.uncertainty_j;
    const bool net = !p.net_energy_j.empty();
    put(name(MetricKind::energy, p.phase, Stat::total), energy_j, u_j);
    d.values[name(MetricKind::time, p.phase, Stat::total)] = p.duration_s;
    put(name(MetricKind::carbon, p.phase, Stat::total), energy::carbon_g(energy_j, carbon),
        energy::carbon_g(u_j, carbon));
    if (net) put(name(MetricKind::energy, p.phase, Stat::net_total), p.total_net_energy_j(), u_j);
    if (p.duration_s > 0)
      put(name(MetricKind::power, p.phase, Stat::mean), energy_j / p.duration_s,
          u_j / p.duration_s);
    if (p.samples > 0) {
      const auto samples = static_cast<double>(p.samples);
      put(name(MetricKind::energy, p.phase, Stat::per_sample), energy_j / samples, u_j / samples);
      d.values[name(MetricKind::time, p.phase, Stat::per_sample)] = p.duration_s / samples;
      put(name(MetricKind::carbon, p.phase, Stat::per_sample),
          energy::carbon_g(energy_j, carbon) / samples, energy::carbon_g(u_j, carbon) / samples);
      if (net)
        put(name(MetricKind::energy, p.phase, Stat::net_per_sample),
            p.total_net_energy_j() / samples, u_j / samples);
    }
  }
  const double total_j = run.total.total_energy_j();
  put(name(MetricKind::energy, "", Stat::total), total_j, run.total.uncertainty_j);
  d.values[name(MetricKind::time, "", Stat::total)] = run.total.duration_s;
  put(name(MetricKind::carbon, "", Stat::total), energy::carbon_g(total_j, carbon),
      energy::carbon_g(run.total.uncertainty_j, carbon));
  if (!run.total.net_energy_j.empty())
    put(name(MetricKind::energy, "", Stat::net_total), run.total.total_net_energy_j(),
        run.total.uncertainty_j);
  return d;
}

std::map<std::string, double> derived_metrics(const MeasuredRun& run,
                                              const energy::CarbonSettings& carbon) {
  return derive_quantities(run, carbon).values;
}

std::optional<double> objective_value(const std::string& name, const MeasuredRun& run,
                                      const std::map<std::string, double>& derived) {
  if (const auto it = run.metrics.find(name); it != run.metrics.end()) return it->second;
  if (const auto it = derived.find(name); it != derived.end()) return it->second;
  return std::nullopt;
}

}  // namespace ecopt::runner
