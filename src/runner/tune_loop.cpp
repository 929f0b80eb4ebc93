#include "tune_loop.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ecopt/optim/pruner.hpp"

namespace ecopt::runner {
namespace {

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

/// This host and process; under Slurm also the job (and array task) it belongs to, so
/// `ecopt slurm status` can match trials to array tasks.
storage::WorkerInfo this_worker() {
  storage::WorkerInfo worker = study::Study::local_worker();
  const char* array_job = std::getenv("SLURM_ARRAY_JOB_ID");
  const char* array_task = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* job = std::getenv("SLURM_JOB_ID");
  if (array_job != nullptr && array_task != nullptr) {
    worker.worker_id =
        "slurm-" + std::string(array_job) + "_" + array_task + "-" + worker.worker_id;
  } else if (job != nullptr) {
    worker.worker_id = "slurm-" + std::string(job) + "-" + worker.worker_id;
  }
  return worker;
}

BudgetPolicy budget_of(const study::StudyConfig& config, const TuneSettings& settings) {
  BudgetPolicy budget;
  budget.trials = settings.trials.value_or(config.budget.trials.value_or(-1));
  budget.energy_j = settings.energy_budget_j ? settings.energy_budget_j : config.budget.energy_j;
  budget.time_s = settings.time_budget_s ? settings.time_budget_s : config.budget.time_s;
  budget.shared = settings.shared;
  return budget;
}

RecorderSettings recorder_settings(const study::Study& study, const TuneSettings& settings,
                                   const RunLayout& layout, const LauncherInfo& launcher) {
  RecorderSettings r;
  r.give_up_after_s = settings.give_up_after_s;
  r.unrecorded_file = settings.unrecorded_file.empty()
                          ? layout.unrecorded_file()
                          : std::filesystem::path(settings.unrecorded_file);
  r.meter_json = nlohmann::json(launcher.meter).dump();
  r.retry.retries = study.config().run.retries;
  r.retry.requeue_interrupted = settings.requeue_interrupted;
  return r;
}

}  // namespace

TuneLoop::TuneLoop(study::Study& study, const TuneSettings& settings, TrialLauncher& launcher,
                   std::FILE* out)
    : study_(study),
      settings_(settings),
      launcher_(launcher),
      display_(out, settings.quiet, settings.json_log, study.config(), settings.program),
      budget_(budget_of(study.config(), settings)),
      layout_(RunLayout::of(study.record(), study.storage().url())),
      recorder_(study, recorder_settings(study, settings, layout_, launcher.info()), *this),
      worker_(this_worker()),
      started_(std::chrono::steady_clock::now()),
      last_heartbeat_(started_),
      last_stale_check_(started_),
      last_reports_(started_) {}

// Stops and waits for the trials still running (after an error): no thread outlives what
// it uses.
TuneLoop::~TuneLoop() {
  for (auto& [id, r] : running_) r.process->stop();
  running_.clear();
}

TuneSummary TuneLoop::run(const std::atomic<bool>& interrupt) {
  layout_.ensure_writable();
  const LauncherInfo info = launcher_.info();
  display_.start(study_.record(), info, budget_.trials, budget_.energy_j, budget_.time_s);
  for (const std::string& w : info.warnings) display_.warning(w);
  bool first_round = true;
  while (true) {
    keep_in_touch(first_round);
    first_round = false;
    const bool budget_spent = start_trials(interrupt);
    if (running_.empty() && !recorder_.pending() && budget_spent) break;
    if (recorder_.in_outage() && (recorder_.outage_expired() || (interrupt && running_.empty()))) {
      give_up();
    }
    wait_for_news();
    if (interrupt) {
      for (auto& [id, r] : running_) r.process->stop();
    }
    collect_finished();
    watch_reports();
  }
  summary_.stopped_by_interrupt = interrupt;
  summary_.stop_reason = interrupt ? kInterrupted : stop_reason_;
  summary_.energy_budget_j = budget_.energy_j;
  recorder_.attempt(Access::read, [&] {
    const std::vector<study::Trial> all = study_.trials();
    summary_.study_energy_j = committed_energy_j(all, {});
    summary_.study_running_energy_j = summary_.study_energy_j - spent_energy_j(all);
  });
  display_.finish(study_, summary_, layout_.root().string());
  return summary_;
}

/// Heartbeats first, then the look for stale trials, so this process's own trials are
/// fresh when it looks. At start, that recovers what an earlier, killed run left. Then
/// the results kept through an outage, in order.
void TuneLoop::keep_in_touch(bool first_round) {
  if (!running_.empty() && seconds_since(last_heartbeat_) >= settings_.heartbeat_interval_s) {
    // Each carries the trial's energy so far and its power, so that workers sharing the
    // study count it against the energy budget.
    recorder_.attempt(Access::write, [&] {
      for (auto& [id, r] : running_) study_.storage().heartbeat(id, r.process->progress());
    });
    last_heartbeat_ = std::chrono::steady_clock::now();
  }
  if (first_round || (settings_.stale_check_interval_s > 0 &&
                      seconds_since(last_stale_check_) >= settings_.stale_check_interval_s)) {
    recorder_.attempt(Access::write, [&] {
      for (const study::Trial& t :
           study_.recover_stale_trials(settings_.stale_after_s, storage::StaleAction::requeue)) {
        display_.warning("trial " + std::to_string(t.number) + " was left RUNNING: " + t.error);
      }
    });
    last_stale_check_ = std::chrono::steady_clock::now();
  }
  recorder_.flush();
}

/// Checks the budgets and starts trials up to --jobs; true when nothing more may start.
/// One read of the study serves every launch in this round: launching changes neither the
/// finished trials nor the energy spent, and the storage checks the trial budget again as
/// each trial starts.
bool TuneLoop::start_trials(const std::atomic<bool>& interrupt) {
  if (interrupt) {
    if (!stopping_ && !running_.empty()) {
      display_.warning("interrupted: stopping " + std::to_string(running_.size()) +
                       " running trial(s)");
    }
    stopping_ = true;
    return true;
  }
  std::vector<study::Trial> all;
  if (recorder_.pending() || !recorder_.attempt(Access::read, [&] { all = study_.trials(); })) {
    return false;  // no new trial while results wait for the storage
  }
  const BudgetCheck check =
      budget_.check(all, own_running_energy(), seconds_since(started_), unix_now_s());
  if (check.spent) stop_reason_ = check.reason;
  bool full = check.spent || check.trials_full;
  while (!full && static_cast<int>(running_.size()) < std::max(1, settings_.jobs)) {
    std::optional<study::Trial> trial;
    if (!recorder_.attempt(Access::write, [&] {
          trial = budget_.trials >= 0 ? study_.ask_within_budget(budget_.trials, worker_)
                                      : std::optional<study::Trial>(study_.ask(worker_));
        })) {
      break;
    }
    if (!trial) break;  // other processes' running trials fill the budget: wait for them
    launch(*trial);
  }
  return check.spent;
}

void TuneLoop::launch(const study::Trial& trial) {
  display_.trial_started(trial);
  Running r{trial, launcher_.launch(trial, layout_.trial_dir(trial.number), [this] {
              std::lock_guard lock(mutex_);
              news_ = true;
              wake_.notify_all();
            })};
  running_.emplace(trial.id, std::move(r));
}

/// Waits for a trial to finish; idle (waiting for other workers' trials, or for the
/// storage) it looks less often, but within half a second, so Ctrl-C is acted on soon.
void TuneLoop::wait_for_news() {
  std::unique_lock lock(mutex_);
  const auto wait =
      running_.empty() ? std::chrono::milliseconds(500) : std::chrono::milliseconds(200);
  wake_.wait_for(lock, wait, [&] { return news_; });
  news_ = false;
}

void TuneLoop::collect_finished() {
  for (auto it = running_.begin(); it != running_.end();) {
    if (!it->second.process->finished()) {
      ++it;
      continue;
    }
    TrialRun finished = it->second.process->result();  // joins its thread now
    if (it->second.pruning && !(finished.run && finished.run->pruned)) {
      // The trial exited by itself before the request reached it: it ran as far as it
      // meant to and its values are its own, so it is recorded as it ended (docs/pruning.md).
      display_.trial_warning(it->second.trial,
                             "it ended before the prune request reached it; recorded as it ended");
    }
    it = running_.erase(it);
    handle(std::move(finished));
  }
}

/// Stores the reports running trials sent since the last look, so that the storage holds
/// a running trial's learning curve as it grows (the dashboard reads it there). With a
/// pruner, at every look, and judges each from the stored trials (so that workers sharing
/// the study, and a resumed one, decide from the same values); every judged step gets its
/// verdict on the trial's back channel, a prune or a continue. Without one nothing waits
/// on them, so they go at most once a heartbeat interval, in one write. A trial the
/// storage cannot take reports for now is judged at its next report; its result keeps
/// them all.
void TuneLoop::watch_reports() {
  const bool pruning = study_.config().pruner.name != study::PrunerKind::none;
  if (stopping_ || (!pruning && seconds_since(last_reports_) < settings_.heartbeat_interval_s))
    return;
  last_reports_ = std::chrono::steady_clock::now();
  std::map<std::int64_t, std::vector<StepReport>> fresh;  // by trial id
  for (auto& [id, r] : running_) {
    std::vector<StepReport> reports = r.process->take_reports();
    if (!reports.empty() && !r.pruning) fresh[id] = std::move(reports);
  }
  if (fresh.empty()) return;
  std::vector<study::Trial> all;
  const bool stored = recorder_.attempt(Access::write, [&] {
    for (const auto& [id, reports] : fresh) {
      std::map<std::int64_t, std::map<std::string, double>> steps;
      for (const StepReport& r : reports) steps[r.step] = r.values;
      study_.storage().record_intermediate_steps(id, steps);
    }
    if (pruning) all = study_.trials();
  });
  if (!pruning) return;
  if (stored) {
    judge_reports(fresh, all);
    return;
  }
  // Not judged now (the storage is out): a client waiting for these steps' verdicts goes
  // on rather than waiting out its time; its result keeps the reports.
  for (const auto& [id, reports] : fresh) {
    for (const StepReport& r : reports) running_.at(id).process->continue_after(r.step);
  }
}

void TuneLoop::judge_reports(const std::map<std::int64_t, std::vector<StepReport>>& fresh,
                             const std::vector<study::Trial>& all) {
  const study::StudyConfig& config = study_.config();
  for (const auto& [id, reports] : fresh) {
    const auto trial = std::find_if(all.begin(), all.end(),
                                    [id = id](const study::Trial& t) { return t.id == id; });
    if (trial == all.end() || trial->state != study::TrialState::running) continue;
    for (const StepReport& r : reports) {
      const optim::PruneDecision decision =
          optim::decide_prune({config.pruner, config.objectives, *trial, all, r.step});
      if (!decision.prune) {
        running_.at(id).process->continue_after(r.step);  // its verdict (docs/protocol.md)
        continue;
      }
      Running& running = running_.at(id);
      running.pruning = true;
      running.process->prune(decision.reason);
      display_.trial_warning(*trial, "pruning: " + decision.reason);
      break;
    }
  }
}

void TuneLoop::handle(TrialRun finished) {
  if (finished.run) {
    summary_.energy_j += finished.run->total.total_energy_j();
    summary_.estimated = summary_.estimated || finished.run->total.estimated;
    if (!finished.run->protocol_errors.empty()) {
      // Into the trial's own log too, next to its stdout and stderr.
      std::ofstream log(layout_.trial_dir(finished.trial.number) / "protocol-warnings.log");
      for (const std::string& e : finished.run->protocol_errors) {
        display_.trial_warning(finished.trial, "protocol: " + e);
        log << e << "\n";
      }
    }
  }
  recorder_.record(judge_trial(std::move(finished), study_.config(), settings_.carbon));
  if (!recorder_.pending()) {
    recorder_.attempt(Access::read, [&] {
      display_.progress(study_.trials(), running_.size(), seconds_since(started_));
    });
  }
}

void TuneLoop::recorded(const TrialOutcome& o, bool dropped) {
  if (dropped) {
    // Not this process's result to count; the warning said where it went.
  } else if (o.complete()) {
    ++summary_.completed;
  } else if (o.interrupted()) {
    ++summary_.interrupted;
  } else if (o.kind == study::FailureKind::pruned) {
    ++summary_.pruned;
  } else {
    ++summary_.failed;
  }
  display_.trial_finished(o.finished.trial, o.values,
                          o.finished.run ? o.finished.run->total : study::PhaseMeasurement{},
                          o.reason);
}

/// The storage stayed away too long: stop, and put every result where it cannot be lost.
void TuneLoop::give_up() {
  std::vector<TrialOutcome> outcomes;
  for (auto& [id, r] : running_) r.process->stop();
  for (auto& [id, r] : running_) {
    outcomes.push_back(judge_trial(r.process->result(), study_.config(), settings_.carbon));
  }
  running_.clear();
  recorder_.give_up(std::move(outcomes));
}

std::map<std::int64_t, double> TuneLoop::own_running_energy() const {
  std::map<std::int64_t, double> energy;
  for (const auto& [id, r] : running_) energy[id] = r.process->energy_j();
  return energy;
}

}  // namespace ecopt::runner
