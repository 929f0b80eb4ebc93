#include "ecopt/runner/tune.hpp"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "ecopt/energy/sampler.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/runner/trial_inputs.hpp"
#include "tune_display.hpp"

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
  for (const study::Trial& t : trials) {
    if (study::is_finished(t.state) && t.error.rfind(kInterrupted, 0) != 0) ++count;
  }
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

TuneSummary tune(study::Study& study, const TuneSettings& settings,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  const study::StudyConfig& config = study.config();
  storage::WorkerInfo worker = study::Study::local_worker();
  const std::int64_t trial_budget = settings.trials.value_or(config.budget.trials.value_or(-1));
  const std::optional<double> energy_budget_j =
      settings.energy_budget_j ? settings.energy_budget_j : config.budget.energy_j;
  const std::optional<double> time_budget_s =
      settings.time_budget_s ? settings.time_budget_s : config.budget.time_s;
  const int jobs = std::max(1, settings.jobs);
  std::string scope_name =
      config.run.scope == "auto" ? (jobs > 1 ? "process" : "system") : config.run.scope;
  TuneDisplay display(out, settings.quiet, settings.json_log, config);

  energy::Detection detection = energy::detect_meters(settings.meters);
  LockedMeter meter(*detection.meter);
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

  // Resume: trials a killed ecopt left RUNNING are failed and re-queued.
  for (const study::Trial& t :
       study.recover_stale_trials(settings.stale_after_s, storage::StaleAction::requeue)) {
    display.warning("trial " + std::to_string(t.number) +
                    " was left RUNNING by an earlier run: " + t.error);
  }

  TuneSummary summary;
  const auto started = std::chrono::steady_clock::now();
  std::atomic<bool> stop_trials{false};
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<Finished> finished;
  std::map<std::int64_t, study::Trial> running;  // by trial id
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

  auto budget_left = [&](const std::vector<study::Trial>& all, std::string* reason) {
    if (interrupt) return *reason = kInterrupted, false;
    if (trial_budget >= 0 &&
        counted_trials(all) + static_cast<std::int64_t>(running.size()) >= trial_budget) {
      return *reason = "trial budget reached (" + std::to_string(trial_budget) + " trials)", false;
    }
    if (energy_budget_j && spent_energy_j(all) >= *energy_budget_j) {
      return *reason = "energy budget reached", false;
    }
    if (time_budget_s && seconds_since(started) >= *time_budget_s)
      return *reason = "time budget reached", false;
    return true;
  };

  auto launch = [&](const study::Trial& trial) {
    running[trial.id] = trial;
    display.trial_started(trial);
    threads.emplace_back([&, trial] {
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
        energy::EnergySampler sampler(meter);
        sampler.start();
        result.run = run_measured(trial_argv(config, trial.params), sampler, window, options);
        sampler.stop();
      } catch (const std::exception& e) {
        result.launch_error = e.what();
      }
      std::lock_guard lock(mutex);
      finished.push_back(std::move(result));
      wake.notify_all();
    });
  };

  // Records a finished trial: phases, metrics, then its outcome, as the study's objectives.
  auto record = [&](Finished& f) {
    running.erase(f.trial.id);
    storage::Storage& storage = study.storage();
    std::string reason;
    std::vector<double> values;
    if (!f.run) {
      reason = f.launch_error;
    } else {
      MeasuredRun& run = *f.run;
      for (const study::PhaseMeasurement& p : run.phases) storage.record_phase(f.trial.id, p);
      storage.record_phase(f.trial.id, run.total);
      summary.energy_j += run.total.total_energy_j();
      summary.estimated = summary.estimated || run.total.estimated;
      for (const auto& [step, v] : run.reports) storage.record_intermediate(f.trial.id, step, v);
      for (const auto& [k, v] : run.attrs) storage.set_trial_user_attr(f.trial.id, k, v);
      const std::map<std::string, double> derived = derived_metrics(run, settings.carbon);
      std::map<std::string, double> metrics = run.metrics;
      metrics.insert(derived.begin(), derived.end());
      storage.record_metrics(f.trial.id, metrics);
      if (!run.protocol_errors.empty()) {
        // Into the trial's own log too, next to its stdout and stderr.
        std::ofstream log(config.run.runs_dir + "/" + config.name + "/" +
                          std::to_string(f.trial.number) + "/protocol-warnings.log");
        for (const std::string& e : run.protocol_errors) {
          display.trial_warning(f.trial, "protocol: " + e);
          log << e << "\n";
        }
      }
      if (run.interrupted) {
        reason = kInterrupted;
      } else if (run.timed_out) {
        reason = "timed out after " +
                 std::to_string(static_cast<long long>(*config.run.timeout_s)) +
                 " s (SIGTERM to its process group, SIGKILL after " +
                 std::to_string(static_cast<long long>(config.run.kill_grace_s)) + " s)";
      } else if (run.exit_status > 128) {
        reason = "killed by " + signal_name(run.exit_status - 128);
      } else if (run.exit_status != 0) {
        reason = "exit status " + std::to_string(run.exit_status);
      } else {
        for (const study::Objective& o : config.objectives) {
          const auto value = objective_value(o.name, run, derived);
          if (!value) {
            std::string reported;
            for (const auto& [k, v] : run.metrics) reported += (reported.empty() ? "" : ", ") + k;
            reason = "did not report objective '" + o.name +
                     "' (reported metrics: " + (reported.empty() ? "none" : reported) +
                     "; phases: " + std::to_string(run.phases.size()) + ")";
            break;
          }
          values.push_back(*value);
        }
      }
      if (!reason.empty() && reason != kInterrupted && !run.stderr_tail.empty()) {
        reason += "\n--- last lines of stderr ---\n" + run.stderr_tail;
      }
    }
    if (reason.empty()) {
      study.tell(f.trial, values);
      ++summary.completed;
      display.trial_finished(f.trial, values, f.run->total, "");
      return;
    }
    study.tell(f.trial, study::TrialState::fail, reason);
    if (reason == kInterrupted) {
      ++summary.interrupted;
      if (settings.requeue_interrupted) (void)study.enqueue(f.trial.params);
    } else {
      ++summary.failed;
      // Retries: run the same parameters again while the chain of retries is short enough.
      std::int64_t attempts = 1;
      for (const study::Trial& t : study.trials()) {
        if (t.params == f.trial.params && study::is_finished(t.state) &&
            t.state == study::TrialState::fail && t.error.rfind(kInterrupted, 0) != 0 &&
            t.number != f.trial.number) {
          ++attempts;
        }
      }
      if (attempts <= config.run.retries) {
        const study::Trial retry = study.enqueue(f.trial.params);
        storage.set_trial_user_attr(retry.id, "retry_of", std::to_string(f.trial.number));
      }
    }
    display.trial_finished(f.trial, {}, f.run ? f.run->total : study::PhaseMeasurement{}, reason);
  };

  std::string stop_reason;
  auto last_heartbeat = std::chrono::steady_clock::now();
  while (true) {
    // Launching changes neither the finished trials nor the energy spent, so one read of
    // the study serves every launch in this round (running trials are counted apart).
    const std::vector<study::Trial> all = study.trials();
    while (static_cast<int>(running.size()) < jobs && budget_left(all, &stop_reason)) {
      launch(study.ask(worker));
    }
    if (running.empty()) break;
    {
      std::unique_lock lock(mutex);
      wake.wait_for(lock, std::chrono::milliseconds(200), [&] { return !finished.empty(); });
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
      record(*next);
      display.progress(study.trials(), running.size(), seconds_since(started));
    }
    if (seconds_since(last_heartbeat) >= settings.heartbeat_interval_s) {
      for (const auto& [id, t] : running) study.storage().heartbeat(id);
      last_heartbeat = std::chrono::steady_clock::now();
    }
  }
  for (std::thread& t : threads) t.join();
  summary.stop_reason = interrupt ? kInterrupted : stop_reason;
  display.finish(study, summary);
  return summary;
}

}  // namespace ecopt::runner
