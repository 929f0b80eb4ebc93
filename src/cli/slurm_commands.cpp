// `ecopt slurm submit STUDY.yaml --workers N`: a job array with one `ecopt worker` per
// task; `ecopt slurm status`: the array's tasks next to the study's progress.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ecopt/runner/slurm.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "option_checks.hpp"
#include "output.hpp"
#include "storage_option.hpp"
#include "study_from_file.hpp"
#include "table.hpp"

namespace ecopt::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJobsAttr = "slurm_jobs";  // study attribute: the arrays submitted

struct SubmitOptions {
  std::string file;
  std::string storage;
  int workers = 1;
  std::string partition;
  int gpus_per_worker = 0;
  std::string time_limit;
  std::vector<std::string> sbatch_args;
  std::vector<std::string> worker_args;
  std::optional<std::int64_t> trials;
  std::string stale_after;
  std::string script;
  std::string ecopt_path;
  bool dry_run = false;
};

std::string this_executable() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string("ecopt") : self.string();
}

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// The sbatch settings: one `ecopt worker` per array task, with the worker options given.
runner::SlurmArraySettings array_settings(const SubmitOptions& options,
                                          const study::StudyConfig& config, const std::string& url,
                                          const fs::path& runs) {
  runner::SlurmArraySettings settings;
  settings.study = config.name;
  settings.storage_url = url;
  settings.ecopt_path = options.ecopt_path.empty() ? this_executable() : options.ecopt_path;
  settings.workdir = fs::current_path().string();
  settings.log_dir = runs.string();
  settings.workers = options.workers;
  settings.partition = options.partition;
  settings.gpus_per_worker = options.gpus_per_worker;
  settings.time_limit = options.time_limit;
  settings.sbatch_args = options.sbatch_args;
  if (options.trials) {
    settings.worker_args.push_back("--trials");
    settings.worker_args.push_back(std::to_string(*options.trials));
  }
  if (!options.stale_after.empty()) {
    settings.worker_args.push_back("--stale-after");
    settings.worker_args.push_back(options.stale_after);
  }
  for (const std::string& arg : options.worker_args) settings.worker_args.push_back(arg);
  return settings;
}

/// The Slurm jobs submitted for the study so far (the study attribute kJobsAttr).
nlohmann::json submitted_jobs(const study::Study& study) {
  const auto& attrs = study.record().user_attrs;
  const auto it = attrs.find(kJobsAttr);
  return it == attrs.end() ? nlohmann::json::array() : nlohmann::json::parse(it->second);
}

/// Where the script goes: --script, else RUNS_DIR/STUDY/slurm/STUDY-TIME.sbatch.
std::string script_path_for(const SubmitOptions& options, const std::string& name,
                            const fs::path& runs) {
  if (!options.script.empty()) return options.script;
  return (runs / (name + "-" + std::to_string(static_cast<long long>(unix_now_s())) + ".sbatch"))
      .string();
}

/// Writes the script and makes it executable; false when it cannot be written.
bool write_script(const std::string& path, const std::string& script) {
  {
    std::ofstream file(path);
    file << script;
    if (!file) return false;
  }
  fs::permissions(path, fs::perms::owner_exec, fs::perm_options::add);
  return true;
}

int run_submit(const SubmitOptions& options) {
  const study::StudyConfig config = study::load_study_file(options.file);
  if (config.command.empty()) {
    return error("slurm submit", options.file +
                                     " has no `command`: workers need one to run trials "
                                     "(docs/study-file.md)");
  }
  const std::string url = resolve_storage(options.storage, config.storage, config.name);
  if (url.rfind("sqlite:", 0) == 0) {
    warning("slurm submit",
            "the study is in SQLite (" + url +
                "): every node must see that file on a shared file system, and SQLite over "
                "NFS can lose writes; a PostgreSQL URL is the safe choice (docs/cluster.md)");
  }
  const fs::path runs = fs::absolute(config.run.runs_dir) / config.name / "slurm";
  const std::string script = runner::sbatch_script(array_settings(options, config, url, runs));
  if (options.dry_run) {
    std::printf("%s", script.c_str());
    return 0;
  }
  // The study must exist before the workers join it; as with tune, a changed file is a
  // different study.
  auto storage = storage::open_storage(url);
  std::optional<study::Study> study;
  if (const auto refused = open_or_create_study(
          *storage, config, options.file, "submit the original file, or rename the study", study))
    return error("slurm submit", *refused);
  fs::create_directories(runs);
  const std::string script_path = script_path_for(options, config.name, runs);
  if (!write_script(script_path, script))
    return error("slurm submit", "cannot write the script to " + script_path);
  const std::string job = runner::sbatch_submit(script_path, url);
  nlohmann::json jobs = submitted_jobs(*study);
  jobs.push_back({{"job_id", job},
                  {"workers", options.workers},
                  {"submitted_unix_s", unix_now_s()},
                  {"script", script_path}});
  study->set_user_attr(kJobsAttr, jobs.dump());
  std::printf(
      "submitted job %s: %d worker(s) for study '%s' in %s\n  script: %s\n  output: %s/%s_*.out\n"
      "  progress: ecopt slurm status --study %s --storage %s\n",
      job.c_str(), options.workers, config.name.c_str(), storage->url().c_str(),
      script_path.c_str(), runs.c_str(), job.c_str(), config.name.c_str(), storage->url().c_str());
  return 0;
}

struct StatusOptions {
  std::string file;
  std::string study;
  std::string storage;
  std::string job;
  std::string format = "table";
};

/// The jobs to show (all submitted, or the one --job names, known or not), each with its
/// array tasks as Slurm sees them and the trials each task's worker ran.
nlohmann::json jobs_with_tasks(const study::Study& study, const std::string& only_job,
                               const std::vector<study::Trial>& trials) {
  nlohmann::json jobs = submitted_jobs(study);
  if (!only_job.empty()) {
    nlohmann::json only = nlohmann::json::array();
    for (const auto& j : jobs) {
      if (j["job_id"] == only_job) only.push_back(j);
    }
    if (only.empty()) only.push_back({{"job_id", only_job}});
    jobs = only;
  }
  for (auto& j : jobs) {
    const std::string job = j["job_id"].get<std::string>();
    nlohmann::json tasks = nlohmann::json::array();
    for (const runner::SlurmTaskState& t : runner::slurm_array_state(job)) {
      const std::string prefix = "slurm-" + job + "_" + t.task + "-";
      std::int64_t ran = 0, running = 0;
      for (const study::Trial& trial : trials) {
        if (trial.worker_id.rfind(prefix, 0) != 0) continue;
        ++ran;
        if (trial.state == study::TrialState::running) ++running;
      }
      tasks.push_back({{"task", t.task},
                       {"state", t.state},
                       {"detail", t.detail},
                       {"trials", ran},
                       {"running", running}});
    }
    j["tasks"] = tasks;
  }
  return jobs;
}

void print_jobs(const nlohmann::json& jobs) {
  if (jobs.empty()) {
    std::printf("no Slurm job submitted for it (ecopt slurm submit STUDY.yaml --workers N)\n");
    return;
  }
  for (const auto& j : jobs) {
    std::printf("\nslurm job %s", j["job_id"].get<std::string>().c_str());
    if (j.contains("workers")) std::printf(" (%d workers)", j["workers"].get<int>());
    std::printf(":\n");
    if (j["tasks"].empty()) {
      std::printf("  Slurm no longer knows this job (it ended more than MinJobAge ago)\n");
      continue;
    }
    Table table{{"task", "state", "node / reason", "trials", "running"}, {}};
    for (const auto& t : j["tasks"]) {
      table.rows.push_back({t["task"].get<std::string>(), t["state"].get<std::string>(),
                            t["detail"].get<std::string>(),
                            std::to_string(t["trials"].get<long long>()),
                            std::to_string(t["running"].get<long long>())});
    }
    print_table(table);
  }
}

int run_status(const StatusOptions& options) {
  std::string name = options.study;
  std::string from_file;
  if (!options.file.empty()) {
    const study::StudyConfig config = study::load_study_file(options.file);
    name = config.name;
    from_file = config.storage;
  }
  if (name.empty()) return error("slurm status", "name the study: STUDY.yaml or --study NAME");
  const std::string url = resolve_storage(options.storage, from_file, name);
  auto storage = storage::open_storage(url, storage::OpenMode::existing);
  const study::Study study = study::Study::open(*storage, name);
  const std::vector<study::Trial> trials = study.trials();

  std::map<std::string, std::int64_t> by_state;
  for (const char* state : {"WAITING", "RUNNING", "COMPLETE", "PRUNED", "FAIL"})
    by_state[state] = 0;
  for (const study::Trial& t : trials) ++by_state[std::string(study::to_string(t.state))];
  const std::int64_t counted = runner::counted_trials(trials);
  const std::int64_t budget = study.config().budget.trials.value_or(-1);
  const nlohmann::json jobs = jobs_with_tasks(study, options.job, trials);
  if (options.format == "json") {
    nlohmann::json out{{"study", name},      {"storage", storage->url()}, {"trials", by_state},
                       {"counted", counted}, {"trial_budget", budget},    {"jobs", jobs}};
    std::printf("%s\n", out.dump().c_str());
    return 0;
  }
  std::printf(
      "study '%s' in %s: %lld trials counted%s; COMPLETE %lld, FAIL %lld, PRUNED %lld, "
      "RUNNING %lld, WAITING %lld\n",
      name.c_str(), storage->url().c_str(), static_cast<long long>(counted),
      budget >= 0 ? (" of " + std::to_string(budget)).c_str() : "",
      static_cast<long long>(by_state["COMPLETE"]), static_cast<long long>(by_state["FAIL"]),
      static_cast<long long>(by_state["PRUNED"]), static_cast<long long>(by_state["RUNNING"]),
      static_cast<long long>(by_state["WAITING"]));
  print_jobs(jobs);
  return 0;
}

}  // namespace

void add_slurm_command(CLI::App& app, Runner& run) {
  CLI::App* slurm =
      app.add_subcommand("slurm", "Run a study's workers as a Slurm job array (docs/cluster.md)");
  slurm->require_subcommand(1);

  const auto [submit, submit_options] = add_command(
      *slurm, run, run_submit, "submit",
      "Create the study if needed, write an sbatch script that starts one `ecopt worker` per "
      "array task, and submit it");
  submit->add_option("file", submit_options->file, "The study file (docs/study-file.md)")
      ->required();
  submit->add_option("--workers", submit_options->workers, "Array tasks, one worker each")
      ->required()
      ->check(CLI::PositiveNumber);
  submit->add_option("--storage", submit_options->storage,
                     "Storage URL every node can reach; default: the study file's, "
                     "$ECOPT_STORAGE, sqlite:///NAME.db");
  submit->add_option("--partition,-p", submit_options->partition, "Slurm partition");
  submit
      ->add_option("--gpus-per-worker", submit_options->gpus_per_worker,
                   "GPUs per task (--gres=gpu:N); trials see them via CUDA_VISIBLE_DEVICES")
      ->check(CLI::NonNegativeNumber);
  submit->add_option("--time,-t", submit_options->time_limit, "Time limit per task, e.g. 2:00:00");
  submit->add_option("--sbatch-arg", submit_options->sbatch_args,
                     "Another sbatch option for the script, e.g. --sbatch-arg=--mem=8G "
                     "(repeatable)");
  submit
      ->add_option("--trials", submit_options->trials,
                   "Trial budget shared by the workers (overrides budget.trials)")
      ->check(positive_number("--trials"));
  submit->add_option("--stale-after", submit_options->stale_after,
                     "The workers' --stale-after (default 60s)");
  submit->add_option("--worker-arg", submit_options->worker_args,
                     "Another `ecopt worker` option, e.g. --worker-arg=--meter=estimator "
                     "(repeatable)");
  submit->add_option("--script", submit_options->script,
                     "Where to write the script; default RUNS_DIR/STUDY/slurm/STUDY-TIME.sbatch");
  submit->add_option("--ecopt", submit_options->ecopt_path,
                     "The ecopt the tasks run; default this one");
  submit->add_flag("--dry-run", submit_options->dry_run,
                   "Print the script instead of submitting it (and change nothing)");

  const auto [status, status_options] =
      add_command(*slurm, run, run_status, "status",
                  "The study's progress and the state of each task of its Slurm arrays");
  status->add_option("file", status_options->file, "The study file (or use --study)");
  status->add_option("--study", status_options->study, "The study's name");
  status->add_option("--storage", status_options->storage, "Storage URL");
  status->add_option("--job", status_options->job, "Only this job (default: every one submitted)");
  status->add_option("--format", status_options->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));
}

}  // namespace ecopt::cli
