// `ecopt tune STUDY.yaml` runs a study until its budget is spent; `ecopt worker --study
// NAME` joins a study someone created, as one of many workers sharing its storage. Both
// are runner::tune; they differ in where the study comes from and in `shared`.
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
#include "option_checks.hpp"
#include "output.hpp"
#include "storage_option.hpp"
#include "study_from_file.hpp"

namespace ecopt::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted = true;
}

/// What `tune` and `worker` share: budgets, output, meters, carbon, heartbeats.
struct RunOptions {
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
  std::string stale_after = "60s";
  std::string heartbeat = "2s";
  std::string give_up_after = "10min";
  std::string unrecorded_file;
  std::string interval = "100ms";
  MeterOptions meter;

  void add_to(CLI::App* command) {
    command->add_option(
        "--storage", storage,
        "Storage URL; default: the study file's, $ECOPT_STORAGE, sqlite:///NAME.db");
    command
        ->add_option("--trials", trials,
                     "Trial budget (overrides budget.trials), shared by every worker")
        ->check(positive_number("--trials"));
    command
        ->add_option(
            "--energy-budget", energy_budget,
            "Stop starting trials once the study's energy, finished and running trials together, "
            "reaches this, e.g. 200kJ")
        ->check(energy_text());
    command
        ->add_option("--time-budget", time_budget, "Stop starting trials after this long, e.g. 2h")
        ->check(duration_text());
    command->add_option("--jobs,-j", jobs, "Trials run at once (default 1)")
        ->check(CLI::PositiveNumber);
    command->add_flag("--quiet,-q", quiet, "Only the final summary");
    command->add_flag("--json-log", json_log, "JSON lines of events instead of text");
    command->add_flag("--fail-interrupted", fail_interrupted,
                      "On Ctrl-C, record running trials as failed without re-queueing them");
    command->add_option("--region", region,
                        "Grid region for carbon (ISO alpha-3 or WORLD, EU ...)");
    command
        ->add_option("--grid-intensity", grid_intensity, "Override the grid intensity, gCO2e/kWh")
        ->check(positive_number("the grid intensity"));
    command->add_option("--pue", pue, "Data-centre PUE factor (default 1.0)")->check(pue_number());
    command->add_option("--profile", profile, "Machine profile with idle power (ecopt calibrate)");
    command
        ->add_option("--stale-after", stale_after,
                     "Fail and re-queue RUNNING trials without a heartbeat this long, e.g. "
                     "60s (default); their worker died")
        ->check(duration_text());
    command
        ->add_option("--heartbeat", heartbeat,
                     "How often running trials send a heartbeat (default 2s)")
        ->check(duration_text());
    command
        ->add_option("--give-up-after", give_up_after,
                     "How long to keep results while the storage is unreachable before "
                     "writing them to a file and stopping (default 10min)")
        ->check(duration_text());
    command->add_option("--unrecorded-file", unrecorded_file,
                        "Where those results go; default RUNS_DIR/STUDY/unrecorded-results.jsonl");
    command
        ->add_option("--interval", interval,
                     "Energy sampling interval, at least 1ms (default 100ms = 10 Hz)")
        ->check(interval_text());
    meter.add_to(command);
  }

  [[nodiscard]] runner::TuneSettings settings() const {
    runner::TuneSettings s;
    s.trials = trials;
    if (!energy_budget.empty()) s.energy_budget_j = study::parse_energy_j(energy_budget);
    if (!time_budget.empty()) s.time_budget_s = study::parse_duration_s(time_budget);
    s.jobs = jobs;
    s.quiet = quiet;
    s.json_log = json_log;
    s.requeue_interrupted = !fail_interrupted;
    s.meters = meter.settings();
    s.sample_interval_s = parse_interval_s(interval);
    s.carbon = energy::carbon_settings(region, grid_intensity, pue);
    s.grid_region = grid_intensity ? "" : energy::lookup_grid_intensity(region)->region;
    s.baseline = energy::load_profile(profile.empty() ? energy::default_profile_path() : profile);
    s.stale_after_s = study::parse_duration_s(stale_after);
    s.heartbeat_interval_s = study::parse_duration_s(heartbeat);
    if (s.heartbeat_interval_s * 2 >= s.stale_after_s) {
      throw std::invalid_argument("--heartbeat " + heartbeat +
                                  " must be well under --stale-after " + stale_after +
                                  ", or live trials would be taken for dead ones");
    }
    // Look for dead workers' trials a few times per timeout, so they are re-queued
    // soon after it passes.
    s.stale_check_interval_s = std::clamp(s.stale_after_s / 4.0, 1.0, 15.0);
    s.give_up_after_s = study::parse_duration_s(give_up_after);
    s.unrecorded_file = unrecorded_file;
    return s;
  }
};

int run(study::Study& study, runner::TuneSettings settings) {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  const runner::TuneSummary summary = runner::tune(study, settings, g_interrupted, stdout);
  return summary.stopped_by_interrupt ? 130 : 0;
}

struct TuneOptions {
  std::string file;
  RunOptions run;
};

int run_tune(const TuneOptions& options) {
  const study::StudyConfig config = study::load_study_file(options.file);
  const std::string url = resolve_storage(options.run.storage, config.storage, config.name);
  auto storage = storage::open_storage(url);
  std::optional<study::Study> study;
  if (const auto refused = open_or_create_study(
          *storage, config, options.file,
          "resume with the original file, or give the changed study a new name", study))
    return error("tune", *refused);
  return run(*study, options.run.settings());
}

struct WorkerOptions {
  std::string study;
  RunOptions run;
};

int run_worker(const WorkerOptions& options) {
  const std::string url = resolve_storage(options.run.storage, "", options.study);
  auto storage = storage::open_storage(url);
  study::Study study = study::Study::open(*storage, options.study);
  if (study.config().command.empty()) {
    return error("worker", "study '" + options.study +
                               "' has no `command` to run its trials; add one to the study "
                               "file (docs/study-file.md) and create the study again");
  }
  runner::TuneSettings settings = options.run.settings();
  settings.shared = true;
  settings.program = "worker";
  return run(study, settings);
}

}  // namespace

void add_tune_command(CLI::App& app, Runner& run) {
  const auto [tune, options] = add_command(
      app, run, run_tune, "tune",
      "Run a study: ask the sampler, run each trial's command, measure its energy per phase, "
      "record everything, and show the growing Pareto set, until the budget is spent. Running it "
      "again resumes the study.");
  tune->add_option("file", options->file, "The study file (docs/study-file.md)")->required();
  options->run.add_to(tune);
}

void add_worker_command(CLI::App& app, Runner& run) {
  const auto [worker, options] = add_command(
      app, run, run_worker, "worker",
      "Join a study as one of many workers sharing its storage (docs/cluster.md): ask, run the "
      "trial as `ecopt tune` does, measure it with this machine's meters, tell, until the "
      "study's budget, counted across all workers, is spent.");
  worker->add_option("--study", options->study, "The study's name (create it first)")->required();
  options->run.add_to(worker);
}

}  // namespace ecopt::cli
