// `ecopt tune STUDY.yaml`: run a study until its budget is spent.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "command.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "ecopt/study/units.hpp"
#include "energy_options.hpp"
#include "output.hpp"
#include "storage_option.hpp"

namespace ecopt::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted = true;
}

struct TuneOptions {
  std::string file;
  std::string storage;
  std::optional<std::int64_t> trials;
  std::string energy_budget;
  std::string time_budget;
  int jobs = 1;
  bool quiet = false;
  bool json_log = false;
  bool fail_interrupted = false;
  std::string region = "WORLD";
  std::optional<double> grid_intensity;
  double pue = 1.0;
  std::string profile;
  MeterOptions meter;
};

int run_tune(const TuneOptions& options) {
  const study::StudyConfig config = study::load_study_file(options.file);
  const std::string url = resolve_storage(options.storage, config.storage, config.name);
  auto storage = storage::open_storage(url);
  // A study file that changed since the study was created would mix two searches.
  std::optional<study::Study> study;
  if (storage->find_study(config.name)) {
    study.emplace(study::Study::open(*storage, config.name));
    if (study::to_json_text(study->config()) != study::to_json_text(config)) {
      return error("tune",
                   "study '" + config.name + "' in " + url +
                       " was created from a different definition than " + options.file +
                       "; resume with the original file, or give the changed study a new name");
    }
  } else {
    study.emplace(study::Study::create(*storage, config));
  }
  runner::TuneSettings settings;
  settings.trials = options.trials;
  if (!options.energy_budget.empty())
    settings.energy_budget_j = study::parse_energy_j(options.energy_budget);
  if (!options.time_budget.empty())
    settings.time_budget_s = study::parse_duration_s(options.time_budget);
  settings.jobs = options.jobs;
  settings.quiet = options.quiet;
  settings.json_log = options.json_log;
  settings.requeue_interrupted = !options.fail_interrupted;
  settings.meters = options.meter.settings();
  settings.carbon = energy::carbon_settings(options.region, options.grid_intensity, options.pue);
  settings.baseline = energy::load_profile(options.profile.empty() ? energy::default_profile_path()
                                                                   : options.profile);

  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  const runner::TuneSummary summary = runner::tune(*study, settings, g_interrupted, stdout);
  return summary.stop_reason == "interrupted" ? 130 : 0;
}

}  // namespace

void add_tune_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<TuneOptions>();
  CLI::App* tune = app.add_subcommand(
      "tune",
      "Run a study: ask the sampler, run each trial's command, measure its energy per phase, "
      "record "
      "everything, and show the growing Pareto set, until the budget is spent. Running it again "
      "resumes the study.");
  tune->add_option("file", options->file, "The study file (docs/study-file.md)")->required();
  tune->add_option("--storage", options->storage,
                   "Storage URL; default: the study file's, $ECOPT_STORAGE, sqlite:///NAME.db");
  tune->add_option("--trials", options->trials, "Trial budget (overrides budget.trials)");
  tune->add_option(
      "--energy-budget", options->energy_budget,
      "Stop starting trials once the study's measured energy reaches this, e.g. 200kJ");
  tune->add_option("--time-budget", options->time_budget,
                   "Stop starting trials after this long, e.g. 2h");
  tune->add_option("--jobs,-j", options->jobs, "Trials run at once (default 1)")
      ->check(CLI::PositiveNumber);
  tune->add_flag("--quiet,-q", options->quiet, "Only the final summary");
  tune->add_flag("--json-log", options->json_log, "JSON lines of events instead of text");
  tune->add_flag("--fail-interrupted", options->fail_interrupted,
                 "On Ctrl-C, record running trials as failed without re-queueing them");
  tune->add_option("--region", options->region,
                   "Grid region for carbon (ISO alpha-3 or WORLD, EU ...)");
  tune->add_option("--grid-intensity", options->grid_intensity,
                   "Override the grid intensity, gCO2e/kWh");
  tune->add_option("--pue", options->pue, "Data-centre PUE factor (default 1.0)");
  tune->add_option("--profile", options->profile,
                   "Machine profile with idle power (ecopt calibrate)");
  options->meter.add_to(tune);
  tune->callback([&run, options] { run = [options] { return run_tune(*options); }; });
}

}  // namespace ecopt::cli
