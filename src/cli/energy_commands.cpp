// `ecopt meters`, `ecopt calibrate` and `ecopt measure`.
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ecopt/energy/baseline.hpp"
#include "ecopt/energy/carbon.hpp"
#include "ecopt/energy/detection.hpp"
#include "ecopt/energy/window.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/units.hpp"
#include "energy_options.hpp"
#include "option_checks.hpp"
#include "output.hpp"
#include "table.hpp"

namespace ecopt::cli {
namespace {

std::string domain_flags(const energy::DomainInfo& d) {
  std::string flags =
      d.estimated
          ? "estimated ±" + std::to_string(static_cast<int>(d.relative_uncertainty * 100)) + " %"
          : "measured";
  if (!d.in_total) flags += ", not in totals";
  return flags;
}

int run_meters(const MeterOptions& options, bool json) {
  const energy::Detection detection = energy::detect_meters(options.settings());
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& b : detection.backends) {
      nlohmann::ordered_json entry{{"backend", b.backend},
                                   {"available", b.available},
                                   {"chosen", b.chosen},
                                   {"detail", b.detail},
                                   {"domains", nlohmann::ordered_json::array()}};
      for (const auto& d : b.domains) {
        entry["domains"].push_back({{"name", d.name},
                                    {"estimated", d.estimated},
                                    {"resolution_j", d.resolution_j},
                                    {"update_period_s", d.update_period_s},
                                    {"in_total", d.in_total}});
      }
      j.push_back(entry);
    }
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  for (const auto& b : detection.backends) {
    std::printf("%-10s %s\n", b.backend.c_str(),
                b.chosen      ? "CHOSEN"
                : b.available ? "available"
                              : "unavailable");
    if (!b.detail.empty()) std::printf("           %s\n", b.detail.c_str());
    for (const auto& d : b.domains) {
      std::printf("           - %-16s %s, resolution %g J, update period %g s\n", d.name.c_str(),
                  domain_flags(d).c_str(), d.resolution_j, d.update_period_s);
    }
  }
  std::printf("\nmeasuring with: %s\n",
              detection.meter->name().empty() ? "nothing" : detection.meter->name().c_str());
  return 0;
}

struct CalibrateOptions {
  MeterOptions meter;
  double seconds = 30;
  std::string profile;
};

int run_calibrate(const CalibrateOptions& options) {
  const energy::Detection detection = energy::detect_meters(options.meter.settings());
  const std::string path =
      options.profile.empty() ? energy::default_profile_path() : options.profile;
  std::fprintf(stderr, "measuring idle power with %s for %g s; keep the machine idle...\n",
               detection.meter->name().c_str(), options.seconds);
  const energy::MachineProfile profile = energy::calibrate_idle(*detection.meter, options.seconds);
  energy::save_profile(path, profile);
  for (const auto& [domain, watts] : profile.idle_power_w)
    std::printf("%-16s %8.3f W idle\n", domain.c_str(), watts);
  std::printf("saved to %s\n", path.c_str());
  return 0;
}

struct MeasureOptions {
  MeterOptions meter;
  std::vector<std::string> command;
  bool json = false;
  int repeat = 1;
  std::string scope = "system";
  std::string interval = "100ms";
  std::string region = "WORLD";
  std::optional<double> grid_intensity;
  double pue = 1.0;
  std::string profile;
  std::string output_file;  ///< empty: the report goes to stderr
};

/// Where the report goes: `-o FILE` (replaced, opened before the command runs so that a bad
/// path fails first), else stderr, like `perf stat`.
class ReportStream {
 public:
  explicit ReportStream(const std::string& path) {
    if (path.empty()) return;
    file_ = std::fopen(path.c_str(), "w");
    if (file_ == nullptr) {
      throw std::runtime_error("-o " + path +
                               ": cannot write the report there: " + std::strerror(errno));
    }
  }
  ~ReportStream() {
    if (file_ != nullptr) std::fclose(file_);
  }
  ReportStream(const ReportStream&) = delete;
  ReportStream& operator=(const ReportStream&) = delete;
  [[nodiscard]] std::FILE* get() const { return file_ != nullptr ? file_ : stderr; }

 private:
  std::FILE* file_ = nullptr;
};

/// The status a shell gives a command it could not start: 127 when it does not exist, 126
/// when it exists but cannot be run (not executable, a directory, a bad interpreter).
int start_failure_status(int error_number) {
  return error_number == ENOENT || error_number == ENOTDIR ? 127 : 126;
}

nlohmann::ordered_json phase_json(const study::PhaseMeasurement& p,
                                  const energy::CarbonSettings& carbon) {
  nlohmann::ordered_json j;
  j["phase"] = p.phase;
  j["duration_s"] = p.duration_s;
  j["energy_j"] = p.total_energy_j();
  j["uncertainty_j"] = p.uncertainty_j;
  j["mean_power_w"] = p.duration_s > 0 ? p.total_energy_j() / p.duration_s : 0.0;
  j["estimated"] = p.estimated;
  j["meter"] = p.meter;
  j["scope"] = p.scope;
  j["domains_j"] = p.energy_j;
  if (!p.net_energy_j.empty()) j["net_energy_j"] = p.total_net_energy_j();
  j["samples"] = p.samples;
  if (p.samples > 0) j["energy_per_sample_j"] = p.total_energy_j() / static_cast<double>(p.samples);
  j["carbon_g"] = energy::carbon_g(p.total_energy_j(), carbon);
  if (!p.attribution.empty()) j["attribution"] = p.attribution;
  if (!p.notes.empty()) j["notes"] = p.notes;
  return j;
}

void print_phase(std::FILE* out, const study::PhaseMeasurement& p,
                 const energy::CarbonSettings& carbon) {
  const double energy_j = p.total_energy_j();
  std::fprintf(out, "%-12s %10.3f J ± %-9.3g %8.3f s %9.3f W  %s\n", p.phase.c_str(), energy_j,
               p.uncertainty_j, p.duration_s, p.duration_s > 0 ? energy_j / p.duration_s : 0.0,
               p.estimated ? "ESTIMATED" : "measured");
  if (p.samples > 0) {
    std::fprintf(out, "    %-20s %10.6g J (%lld samples)\n", "per sample",
                 energy_j / static_cast<double>(p.samples), static_cast<long long>(p.samples));
  }
  for (const auto& [domain, j] : p.energy_j)
    std::fprintf(out, "    %-20s %10.3f J\n", domain.c_str(), j);
  if (!p.net_energy_j.empty())
    std::fprintf(out, "    %-20s %10.3f J\n", "net of idle", p.total_net_energy_j());
  std::fprintf(out, "    %-20s %10.4f g CO2e\n", "carbon", energy::carbon_g(energy_j, carbon));
  for (const std::string& note : p.notes) std::fprintf(out, "    note: %s\n", note.c_str());
}

struct MeanSd {
  double mean = 0, sd = 0;
};
MeanSd total_energy_stats(const std::vector<runner::MeasuredRun>& runs) {
  MeanSd stats;
  for (const auto& run : runs) stats.mean += run.total.total_energy_j();
  stats.mean /= static_cast<double>(runs.size());
  double sq = 0;
  for (const auto& run : runs) sq += std::pow(run.total.total_energy_j() - stats.mean, 2);
  stats.sd = runs.size() > 1 ? std::sqrt(sq / static_cast<double>(runs.size() - 1)) : 0.0;
  return stats;
}

nlohmann::ordered_json measure_json(const MeasureOptions& options,
                                    const std::vector<runner::MeasuredRun>& runs,
                                    const std::string& meter,
                                    const energy::CarbonSettings& carbon) {
  nlohmann::ordered_json j;
  j["command"] = options.command;
  j["exit_status"] = runs.back().exit_status;
  j["meter"] = meter;
  j["carbon"] = {
      {"gco2e_per_kwh", carbon.gco2e_per_kwh}, {"pue", carbon.pue}, {"source", carbon.source}};
  j["runs"] = nlohmann::ordered_json::array();
  for (const auto& run : runs) {
    nlohmann::ordered_json r{{"exit_status", run.exit_status},
                             {"total", phase_json(run.total, carbon)},
                             {"phases", nlohmann::ordered_json::array()},
                             {"metrics", run.metrics}};
    for (const auto& p : run.phases) r["phases"].push_back(phase_json(p, carbon));
    j["runs"].push_back(r);
  }
  if (runs.size() > 1) {
    const MeanSd stats = total_energy_stats(runs);
    j["energy_j_mean"] = stats.mean;
    j["energy_j_sd"] = stats.sd;
  }
  return j;
}

/// The human summary: the meter and carbon settings, each phase of the last run, the
/// spread over repeats and a hint when there is no idle profile.
void print_measurement(std::FILE* out, const MeasureOptions& options,
                       const std::vector<runner::MeasuredRun>& runs,
                       const energy::Detection& detection, const energy::CarbonSettings& carbon,
                       bool has_profile, const std::string& profile_path) {
  const int exit_status = runs.back().exit_status;
  std::fprintf(out, "\n ecopt measure: %s (meter %s, scope %s)\n", options.command.front().c_str(),
               detection.meter->name().c_str(), options.scope.c_str());
  if (exit_status != 0) std::fprintf(out, " the command exited with status %d\n", exit_status);
  for (const auto& b : detection.backends) {
    if (b.chosen && !b.detail.empty())
      std::fprintf(out, " %s: %s\n", b.backend.c_str(), b.detail.c_str());
  }
  std::fprintf(out, " carbon: %.1f gCO2e/kWh x PUE %.2f (%s)\n\n", carbon.gco2e_per_kwh, carbon.pue,
               carbon.source.c_str());
  for (const auto& p : runs.back().phases) print_phase(out, p, carbon);
  print_phase(out, runs.back().total, carbon);
  if (runs.size() > 1) {
    const MeanSd stats = total_energy_stats(runs);
    std::fprintf(out, "\n %d runs: %.3f J ± %.3f J (mean ± sd)\n", options.repeat, stats.mean,
                 stats.sd);
  }
  if (!has_profile)
    std::fprintf(out, "\n (no idle profile at %s: run `ecopt calibrate` for net energy)\n",
                 profile_path.c_str());
}

int run_measure(const MeasureOptions& options) {
  const energy::CarbonSettings carbon =
      energy::carbon_settings(options.region, options.grid_intensity, options.pue);
  energy::Detection detection = energy::detect_meters(options.meter.settings());
  const std::string profile_path =
      options.profile.empty() ? energy::default_profile_path() : options.profile;
  const std::optional<energy::MachineProfile> profile = energy::load_profile(profile_path);
  const ReportStream report(options.output_file);
  energy::SamplerSettings sampler_settings;
  sampler_settings.interval_s = parse_interval_s(options.interval);
  energy::EnergySampler sampler(*detection.meter, sampler_settings);
  sampler.start();
  energy::WindowSettings window;
  window.scope = options.scope == "process" ? energy::Scope::process : energy::Scope::system;
  window.baseline = profile ? &*profile : nullptr;

  std::vector<runner::MeasuredRun> runs;
  try {
    for (int r = 0; r < options.repeat; ++r)
      runs.push_back(runner::run_measured(options.command, sampler, window));
  } catch (const runner::StartError& e) {
    // Not the command's own status: it never ran. Answer as a shell would.
    message("measure", "error", e.what());
    return start_failure_status(e.error_number());
  }
  sampler.stop();
  for (const auto& run : runs) {
    for (const auto& e : run.protocol_errors) warning("measure", "protocol: " + e);
  }
  // Human output goes to stderr (or -o FILE), like `perf stat`, so the command's stdout
  // stays clean.
  std::fflush(stdout);
  if (options.json) {
    const auto j = measure_json(options, runs, detection.meter->name(), carbon);
    std::fprintf(report.get(), "%s\n", j.dump(2).c_str());
  } else {
    print_measurement(report.get(), options, runs, detection, carbon, profile.has_value(),
                      profile_path);
  }
  return runs.back().exit_status;
}

}  // namespace

void add_energy_commands(CLI::App& app, Runner& run) {
  auto meters_options = std::make_shared<MeterOptions>();
  auto meters_json = std::make_shared<bool>(false);
  CLI::App* meters =
      app.add_subcommand("meters",
                         "List every energy backend: domains, measured or estimated, "
                         "resolution, and why a backend is unavailable.");
  meters_options->add_to(meters);
  meters->add_flag("--json", *meters_json, "Print JSON");
  meters->callback([&run, meters_options, meters_json] {
    run = [meters_options, meters_json] { return run_meters(*meters_options, *meters_json); };
  });

  const auto [calibrate, calibrate_options] =
      add_command(app, run, run_calibrate, "calibrate",
                  "Measure this machine's idle power per domain and save it as "
                  "the machine profile (for net energy).");
  calibrate_options->meter.add_to(calibrate);
  calibrate->add_option("--seconds", calibrate_options->seconds, "How long to measure (default 30)")
      ->check(positive_number("the calibration time"));
  calibrate->add_option(
      "--profile", calibrate_options->profile,
      "Profile file (default $ECOPT_PROFILE or $XDG_STATE_HOME/ecopt/machine-profile.json)");

  const auto [measure, measure_options] =
      add_command(app, run, run_measure, "measure",
                  "Run a command (as argv, no shell) and report its energy "
                  "per domain and per phase, like perf stat. "
                  "Usage: ecopt measure [OPTIONS] -- CMD ARGS...");
  measure_options->meter.add_to(measure);
  measure->add_flag("--json", measure_options->json, "Print JSON (to stderr, like the table)");
  measure->add_option("-o,--output", measure_options->output_file,
                      "Write the report to FILE instead of stderr (replaced); the command's own "
                      "output stays where it was, as with perf stat -o");
  measure->add_option("--repeat", measure_options->repeat, "Run N times and report mean ± sd")
      ->check(CLI::PositiveNumber);
  measure
      ->add_option("--scope", measure_options->scope,
                   "system: the whole machine; process: the command's share")
      ->check(CLI::IsMember({"system", "process"}));
  measure
      ->add_option("--interval", measure_options->interval,
                   "Sampling interval, at least 1ms (default 100ms = 10 Hz)")
      ->check(interval_text());
  measure->add_option(
      "--region", measure_options->region,
      "Grid region for carbon: ISO alpha-3 code (FRA, USA ...) or WORLD, EU ... (default WORLD)");
  measure
      ->add_option("--grid-intensity", measure_options->grid_intensity,
                   "Override the grid intensity, gCO2e/kWh")
      ->check(positive_number("the grid intensity"));
  measure->add_option("--pue", measure_options->pue, "Data-centre PUE factor (default 1.0)")
      ->check(pue_number());
  measure->add_option("--profile", measure_options->profile,
                      "Machine profile with idle power (ecopt calibrate)");
  measure
      ->add_option("command", measure_options->command, "The command and its arguments, after --")
      ->required();
  measure->footer(
      "Exit status: the command's own (128 + the signal's number when a signal killed it), like "
      "perf stat; 127 when the command was not found, 126 when it was found but could not be "
      "run. ecopt's own errors before the command runs (a bad option: 2; a report file that "
      "cannot be written, no usable meter: 1) run no command.");
}

}  // namespace ecopt::cli
