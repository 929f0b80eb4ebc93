#include "ecopt/runner/tune.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "ecopt/energy/sampler.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/runner/trial_inputs.hpp"
#include "host_context.hpp"
#include "live_energy.hpp"
#include "tune_display.hpp"
#include "unrecorded_results.hpp"

namespace ecopt::runner {
namespace {

constexpr const char* kInterrupted = "interrupted";

/// Serialises reads of one meter shared by the per-trial samplers.
class LockedMeter final : public energy::Meter {
 public:
  explicit LockedMeter(energy::Meter& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  const std::vector<energy::DomainInfo>& domains() const override { return inner_.domains(); }
  double max_read_interval_s() const override { return inner_.max_read_interval_s(); }
  std::optional<std::vector<int>> processes_on(std::size_t domain) override {
    std::lock_guard lock(mutex_);
    return inner_.processes_on(domain);
  }
  std::optional<std::map<int, double>> process_utilisation(std::size_t domain) override {
    std::lock_guard lock(mutex_);
    return inner_.process_utilisation(domain);
  }
  energy::MeterReading read() override {
    std::lock_guard lock(mutex_);
    return inner_.read();
  }

 private:
  energy::Meter& inner_;
  std::mutex mutex_;
};

struct Finished {
  study::Trial trial;
  std::optional<MeasuredRun> run;
  std::string launch_error;
};

/// A finished trial on its way into the storage: what to write, and how far it got, so
/// that after an outage the writes resume where they stopped instead of repeating.
struct Outcome {
  Finished finished;
  study::FailureKind kind = study::FailureKind::none;  ///< none: COMPLETE with `values`
  std::string reason;                                  ///< why not COMPLETE, for people
  std::vector<double> values;
  std::map<std::string, double> metrics;
  std::map<std::string, double> uncertainties;  ///< of the derived metrics
  std::vector<std::function<void()>> writes;    ///< storage writes, in order
  std::size_t writes_done = 0;
  bool dropped = false;  ///< another process ended the trial first; see the tell step
};

double unix_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
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

std::string signal_name(int signal) {
  const char* name = sigabbrev_np(signal);
  return name != nullptr ? std::string("SIG") + name : "signal " + std::to_string(signal);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::int64_t counted_trials(const std::vector<study::Trial>& trials) {
  std::int64_t count = 0;
  for (const study::Trial& t : trials) count += storage::counts_towards_budget(t) ? 1 : 0;
  return count;
}

double spent_energy_j(const std::vector<study::Trial>& trials) {
  double total = 0.0;
  for (const study::Trial& t : trials) {
    for (const study::PhaseMeasurement& p : t.phases) {
      if (p.phase == "total") total += p.total_energy_j();
    }
  }
  return total;
}

double committed_energy_j(const std::vector<study::Trial>& trials,
                          const std::map<std::int64_t, double>& own_running_j) {
  double total = spent_energy_j(trials);
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::running) continue;
    // Its whole-run window is recorded already (its result is on its way in): counted above.
    if (std::any_of(t.phases.begin(), t.phases.end(),
                    [](const study::PhaseMeasurement& p) { return p.phase == "total"; })) {
      continue;
    }
    if (const auto own = own_running_j.find(t.id); own != own_running_j.end()) {
      total += own->second;
    } else {
      total += t.running_energy_j.value_or(0.0);
    }
  }
  return total;
}

TuneSummary tune(study::Study& study, const TuneSettings& settings,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  const study::StudyConfig& config = study.config();
  const storage::WorkerInfo worker = this_worker();
  const std::int64_t trial_budget = settings.trials.value_or(config.budget.trials.value_or(-1));
  const std::optional<double> energy_budget_j =
      settings.energy_budget_j ? settings.energy_budget_j : config.budget.energy_j;
  const std::optional<double> time_budget_s =
      settings.time_budget_s ? settings.time_budget_s : config.budget.time_s;
  const int jobs = std::max(1, settings.jobs);
  std::string scope_name =
      config.run.scope == "auto" ? (jobs > 1 ? "process" : "system") : config.run.scope;
  TuneDisplay display(out, settings.quiet, settings.json_log, config, settings.program);

  energy::Detection detection = energy::detect_meters(settings.meters);
  LockedMeter meter(*detection.meter);
  // Trials running at once split a GPU they share instead of each being charged it whole.
  energy::DeviceSharing device_sharing;
  const std::string meter_json = nlohmann::json(detection.meter->name()).dump();
  if (std::string problem = record_host_context(study, meter, settings); !problem.empty())
    display.warning(problem);
  if (jobs > 1 && scope_name == "system") {
    display.warning(
        "run.scope is system but " + std::to_string(jobs) +
        " trials run at once and share the counters, so each would be charged the whole "
        "machine; using process attribution instead");
    scope_name = "process";
  }
  energy::WindowSettings window{
      scope_name == "process" ? energy::Scope::process : energy::Scope::system,
      settings.baseline ? &*settings.baseline : nullptr};
  display.start(study.record(), detection, scope_name, trial_budget, energy_budget_j,
                time_budget_s);
  const std::string unrecorded_path =
      settings.unrecorded_file.empty()
          ? config.run.runs_dir + "/" + config.name + "/unrecorded-results.jsonl"
          : settings.unrecorded_file;

  TuneSummary summary;
  const auto started = std::chrono::steady_clock::now();
  std::atomic<bool> stop_trials{false};
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Finished> finished;
  std::map<std::int64_t, study::Trial> running;  // by trial id
  // The energy so far of this process's running trials, read from their samplers.
  std::map<std::int64_t, std::shared_ptr<LiveEnergy>> live;
  auto own_running_energy = [&] {
    std::map<std::int64_t, double> energy;
    for (const auto& [id, l] : live) energy[id] = l->energy_j();
    return energy;
  };
  std::vector<std::thread> threads;
  // If recording fails (say the database stays locked), stop and join the running trials
  // before the error leaves this function, so no thread outlives what it uses.
  struct JoinGuard {
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~JoinGuard() {
      if (std::uncaught_exceptions() > 0) stop = true;
      for (std::thread& t : threads) {
        if (t.joinable()) t.join();
      }
    }
  } join_guard{stop_trials, threads};

  // --- the storage, which may go away for a while --------------------------------------
  std::deque<std::unique_ptr<Outcome>> unrecorded;  // results waiting for the storage
  std::optional<std::chrono::steady_clock::time_point> outage_since;
  std::string outage_error;
  // Runs storage operations; a StorageError starts (or continues) an outage instead of
  // ending the run. The storage has already retried for a while by then.
  auto guarded = [&](const std::function<void()>& operation) {
    try {
      operation();
    } catch (const storage::StorageError& e) {
      outage_error = e.what();
      if (!outage_since) {
        outage_since = std::chrono::steady_clock::now();
        display.warning("cannot use the storage (" + outage_error +
                        "); no new trial starts, and results are kept and retried for " +
                        std::to_string(static_cast<long long>(settings.give_up_after_s)) +
                        " s before they are written to " + unrecorded_path);
      }
      return false;
    }
    if (outage_since) display.warning("the storage works again; recording the kept results");
    outage_since.reset();
    return true;
  };

  auto launch = [&](const study::Trial& trial) {
    running[trial.id] = trial;
    auto live_energy = live.emplace(trial.id, std::make_shared<LiveEnergy>(window)).first->second;
    display.trial_started(trial);
    threads.emplace_back([&, trial, live_energy] {
      Finished result{trial, std::nullopt, {}};
      try {
        ProcessOptions options;
        options.extra_env = trial_env(config, trial);
        options.workdir = config.run.workdir;
        options.output_dir =
            config.run.runs_dir + "/" + config.name + "/" + std::to_string(trial.number);
        options.timeout_s = config.run.timeout_s.value_or(0.0);
        options.kill_grace_s = config.run.kill_grace_s;
        options.stdout_protocol = true;
        options.stdout_metrics = config.run.stdout_metrics;
        options.interrupt = &stop_trials;
        energy::EnergySampler sampler(
            meter, {.interval_s = settings.sample_interval_s, .sharing = &device_sharing});
        sampler.start();
        const LiveEnergy::Attachment attached(*live_energy, sampler);
        result.run = run_measured(trial_argv(config, trial.params), sampler, window, options);
        live_energy->finish(result.run->total.total_energy_j());
        sampler.stop();
      } catch (const std::exception& e) {
        result.launch_error = e.what();
      }
      std::lock_guard lock(mutex);
      finished.push_back(std::move(result));
      wake.notify_all();
    });
  };

  auto unrecorded_entry = [&](const Outcome& o, const std::string& why) {
    UnrecordedResult r;
    r.study = config.name;
    r.storage_url = study.storage().url();
    r.trial = o.finished.trial;
    r.state = o.kind == study::FailureKind::none ? "COMPLETE" : "FAIL";
    r.failure_kind = o.kind;
    r.values = o.values;
    r.reason = o.reason;
    r.metrics = o.metrics;
    r.metric_uncertainties = o.uncertainties;
    if (o.finished.run) {
      r.phases = o.finished.run->phases;
      r.phases.push_back(o.finished.run->total);
    }
    r.why_unrecorded = why;
    return r;
  };

  // What a finished trial's outcome is, and the storage writes that record it: phases,
  // metrics, then its outcome as the study's objectives, then any re-queue.
  auto make_outcome = [&](Finished f) {
    auto outcome = std::make_unique<Outcome>();
    Outcome& o = *outcome;
    o.finished = std::move(f);
    const study::Trial& trial = o.finished.trial;
    storage::Storage& storage = study.storage();
    const std::int64_t id = trial.id;
    if (!o.finished.run) {
      o.kind = study::FailureKind::launch_failed;
      o.reason = o.finished.launch_error;
    } else {
      const MeasuredRun& run = *o.finished.run;
      summary.energy_j += run.total.total_energy_j();
      summary.estimated = summary.estimated || run.total.estimated;
      const DerivedQuantities quantities = derive_quantities(run, settings.carbon);
      const std::map<std::string, double>& derived = quantities.values;
      o.metrics = run.metrics;
      o.metrics.insert(derived.begin(), derived.end());
      // A name the trial reported itself keeps its value, and no uncertainty of ours.
      for (const auto& [name, u] : quantities.uncertainties) {
        if (run.metrics.count(name) == 0) o.uncertainties[name] = u;
      }
      if (!run.protocol_errors.empty()) {
        // Into the trial's own log too, next to its stdout and stderr.
        std::ofstream log(config.run.runs_dir + "/" + config.name + "/" +
                          std::to_string(trial.number) + "/protocol-warnings.log");
        for (const std::string& e : run.protocol_errors) {
          display.trial_warning(trial, "protocol: " + e);
          log << e << "\n";
        }
      }
      if (run.interrupted) {
        o.kind = study::FailureKind::interrupted;
        o.reason = kInterrupted;
      } else if (run.timed_out) {
        o.kind = study::FailureKind::timeout;
        o.reason = "timed out after " +
                   std::to_string(static_cast<long long>(*config.run.timeout_s)) +
                   " s (SIGTERM to its process group, SIGKILL after " +
                   std::to_string(static_cast<long long>(config.run.kill_grace_s)) + " s)";
      } else if (run.exit_status > 128) {
        o.kind = study::FailureKind::killed_by_signal;
        o.reason = "killed by " + signal_name(run.exit_status - 128);
      } else if (run.exit_status != 0) {
        o.kind = study::FailureKind::crashed;
        o.reason = "exit status " + std::to_string(run.exit_status);
      } else {
        for (const study::Objective& objective : config.objectives) {
          const auto value = objective_value(objective.name, run, derived);
          if (!value) {
            std::string reported;
            for (const auto& [k, v] : run.metrics) reported += (reported.empty() ? "" : ", ") + k;
            o.kind = study::FailureKind::no_objective;
            o.reason = "did not report objective '" + objective.name +
                       "' (reported metrics: " + (reported.empty() ? "none" : reported) +
                       "; phases: " + std::to_string(run.phases.size()) + ")";
            o.values.clear();
            break;
          }
          o.values.push_back(*value);
        }
      }
      if (o.kind != study::FailureKind::none && o.kind != study::FailureKind::interrupted &&
          !run.stderr_tail.empty()) {
        o.reason += "\n--- last lines of stderr ---\n" + run.stderr_tail;
      }
      for (const study::PhaseMeasurement& p : run.phases)
        o.writes.push_back([&storage, id, &p] { storage.record_phase(id, p); });
      o.writes.push_back([&storage, id, &run] { storage.record_phase(id, run.total); });
      o.writes.push_back([&storage, id, &run] {
        for (const auto& [step, v] : run.reports) storage.record_intermediate(id, step, v);
        for (const auto& [k, v] : run.attrs) storage.set_trial_user_attr(id, k, v);
      });
      o.writes.push_back(
          [&storage, id, &o] { storage.record_metrics(id, o.metrics, o.uncertainties); });
    }
    o.writes.push_back(
        [&storage, id, &meter_json] { storage.set_trial_user_attr(id, "meter", meter_json); });
    o.writes.push_back([&, op = &o] {
      const study::TellResult told = op->kind == study::FailureKind::none
                                         ? study.tell(op->finished.trial, op->values)
                                         : study.tell(op->finished.trial, op->kind, op->reason);
      if (told.recorded) return;
      // Another process failed the trial as stale while it ran (its heartbeats did not
      // get through) and re-queued its parameters. Recording it now would count it
      // twice, so the result goes to the file instead.
      append_unrecorded(unrecorded_path, {unrecorded_entry(*op, told.why_not)});
      display.trial_warning(op->finished.trial,
                            told.why_not + "; its result was written to " + unrecorded_path);
      op->dropped = true;  // nothing to re-queue either: the other process did
    });
    if (o.kind == study::FailureKind::interrupted) {
      if (settings.requeue_interrupted)
        o.writes.push_back([&study, &o] { (void)study.enqueue(o.finished.trial.params); });
    } else if (o.kind != study::FailureKind::none) {
      // Retries: run the same parameters again while the chain of retries is short enough.
      o.writes.push_back([&study, &storage, &o, &config] {
        std::int64_t attempts = 1;
        for (const study::Trial& t : study.trials()) {
          if (t.params == o.finished.trial.params && t.state == study::TrialState::fail &&
              t.failure_kind != study::FailureKind::interrupted &&
              t.number != o.finished.trial.number) {
            ++attempts;
          }
        }
        if (attempts <= config.run.retries) {
          const study::Trial retry = study.enqueue(o.finished.trial.params);
          storage.set_trial_user_attr(retry.id, "retry_of",
                                      std::to_string(o.finished.trial.number));
        }
      });
    }
    return outcome;
  };

  // Makes the outcome's remaining writes; false when the storage failed on one.
  auto record = [&](Outcome& o) {
    while (o.writes_done < o.writes.size() && !o.dropped) {
      if (!guarded(o.writes[o.writes_done])) return false;
      ++o.writes_done;
    }
    if (o.dropped) {
      // Not this process's result to count; the warning said where it went.
    } else if (o.kind == study::FailureKind::none) {
      ++summary.completed;
    } else if (o.kind == study::FailureKind::interrupted) {
      ++summary.interrupted;
    } else {
      ++summary.failed;
    }
    display.trial_finished(o.finished.trial, o.values,
                           o.finished.run ? o.finished.run->total : study::PhaseMeasurement{},
                           o.reason);
    return true;
  };

  // The storage stayed away too long: stop, and put every result where it cannot be lost.
  auto give_up = [&] {
    stop_trials = true;
    for (std::thread& t : threads) {
      if (t.joinable()) t.join();
    }
    for (Finished& f : finished) unrecorded.push_back(make_outcome(std::move(f)));
    finished.clear();
    std::vector<UnrecordedResult> entries;
    for (const auto& o : unrecorded) {
      entries.push_back(unrecorded_entry(*o, "the storage was unreachable: " + outage_error));
    }
    if (!entries.empty()) append_unrecorded(unrecorded_path, entries);
    throw storage::StorageError(
        "gave up on the storage after " +
        std::to_string(static_cast<long long>(seconds_since(*outage_since))) +
        " s (last error: " + outage_error + "); " +
        (entries.empty()
             ? std::string("no result was pending")
             : "wrote " + std::to_string(entries.size()) + " unrecorded trial result(s) to " +
                   unrecorded_path + " (one JSON object a line)") +
        ". Once the storage is back, run the command again: it resumes the study");
  };

  std::string stop_reason;
  auto last_heartbeat = std::chrono::steady_clock::now();
  auto last_stale_check = std::chrono::steady_clock::now();
  bool first_round = true;
  while (true) {
    // Heartbeats first, then the look for stale trials, so this process's own trials are
    // fresh when it looks. At start, that recovers what an earlier, killed run left.
    if (!running.empty() && seconds_since(last_heartbeat) >= settings.heartbeat_interval_s) {
      // Each carries the trial's energy so far and its power, so that workers sharing
      // the study count it against the energy budget.
      guarded([&] {
        for (const auto& [id, l] : live) study.storage().heartbeat(id, l->progress());
      });
      last_heartbeat = std::chrono::steady_clock::now();
    }
    if (first_round || (settings.stale_check_interval_s > 0 &&
                        seconds_since(last_stale_check) >= settings.stale_check_interval_s)) {
      guarded([&] {
        for (const study::Trial& t :
             study.recover_stale_trials(settings.stale_after_s, storage::StaleAction::requeue)) {
          display.warning("trial " + std::to_string(t.number) + " was left RUNNING: " + t.error);
        }
      });
      last_stale_check = std::chrono::steady_clock::now();
    }
    first_round = false;
    while (!unrecorded.empty() && record(*unrecorded.front())) unrecorded.pop_front();

    // One read of the study serves every launch in this round: launching changes neither
    // the finished trials nor the energy spent, and the trial budget is checked again by
    // the storage as each trial starts.
    std::vector<study::Trial> all;
    const bool have_all = unrecorded.empty() && guarded([&] { all = study.trials(); });
    bool budget_spent = false;  // nothing more starts; stop once this process's trials end
    bool cap_full = false;      // counted + running trials fill the trial budget
    if (interrupt) {
      budget_spent = true;
      stop_reason = kInterrupted;
    } else if (have_all) {
      const std::int64_t counted = counted_trials(all);
      std::int64_t running_in_storage = 0;
      double first_start_unix_s = unix_now_s();
      for (const study::Trial& t : all) {
        if (t.started_unix_s) first_start_unix_s = std::min(first_start_unix_s, *t.started_unix_s);
        if (t.state == study::TrialState::running) ++running_in_storage;
      }
      const double elapsed_s =
          settings.shared ? unix_now_s() - first_start_unix_s : seconds_since(started);
      if (trial_budget >= 0 && counted >= trial_budget) {
        budget_spent = true;
        stop_reason = "trial budget reached (" + std::to_string(trial_budget) + " trials)";
      } else if (energy_budget_j &&
                 committed_energy_j(all, own_running_energy()) >= *energy_budget_j) {
        // Finished trials and running ones (this process's from their samplers, other
        // workers' from their heartbeats): a trial started now would only add to it.
        budget_spent = true;
        stop_reason = "energy budget reached";
      } else if (time_budget_s && elapsed_s >= *time_budget_s) {
        budget_spent = true;
        stop_reason = "time budget reached";
      }
      cap_full = trial_budget >= 0 && counted + running_in_storage >= trial_budget;
      while (!budget_spent && !cap_full && static_cast<int>(running.size()) < jobs) {
        std::optional<study::Trial> trial;
        if (!guarded([&] {
              trial = trial_budget >= 0 ? study.ask_within_budget(trial_budget, worker)
                                        : std::optional<study::Trial>(study.ask(worker));
            })) {
          break;
        }
        if (!trial) {
          cap_full = true;
          break;
        }
        launch(*trial);
      }
    }
    if (running.empty() && unrecorded.empty() && budget_spent) break;
    if (outage_since && (seconds_since(*outage_since) >= settings.give_up_after_s ||
                         (interrupt && running.empty()))) {
      give_up();
    }
    {
      // Idle (waiting for other workers' trials, or for the storage): look less often.
      std::unique_lock lock(mutex);
      const auto wait =
          running.empty() ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(200);
      wake.wait_for(lock, wait, [&] { return !finished.empty(); });
    }
    if (interrupt && !stop_trials) {
      stop_trials = true;
      display.warning("interrupted: stopping " + std::to_string(running.size()) +
                      " running trial(s)");
    }
    for (;;) {
      std::optional<Finished> next;
      {
        std::lock_guard lock(mutex);
        if (finished.empty()) break;
        next = std::move(finished.front());
        finished.pop_front();
      }
      running.erase(next->trial.id);
      live.erase(next->trial.id);
      std::unique_ptr<Outcome> outcome = make_outcome(std::move(*next));
      if (!unrecorded.empty() || !record(*outcome)) {
        unrecorded.push_back(std::move(outcome));
        continue;
      }
      guarded([&] { display.progress(study.trials(), running.size(), seconds_since(started)); });
    }
  }
  for (std::thread& t : threads) t.join();
  summary.stop_reason = interrupt ? kInterrupted : stop_reason;
  summary.energy_budget_j = energy_budget_j;
  guarded([&] {
    const std::vector<study::Trial> all = study.trials();
    summary.study_energy_j = committed_energy_j(all, {});
    summary.study_running_energy_j = summary.study_energy_j - spent_energy_j(all);
  });
  display.finish(study, summary);
  return summary;
}

}  // namespace ecopt::runner
