#pragma once
// A trial run as a function in this process (function_launcher.hpp): what the function
// is given. It marks phases, which are measured exactly as a trial process's protocol
// phases are (the same sampler and windows), and reports metrics, attributes and
// intermediate values. The whole trial, from construction to take_run(), is its "total".
//
// A function cannot be killed as a process can, so pruning and run.timeout are
// cooperative: once the pruner stops the trial or its deadline passes, should_prune()
// says so and the function should return; it is recorded PRUNED or timed out however
// it then ends (Optuna's convention for pruning, in-process). With a pruner, each
// report_step() waits for its step's verdict, as a trial process's client does on the
// back channel, so that should_prune() right after it answers for that step.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "ecopt/energy/window.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// Thread-safe: the function may mark phases and report from several threads.
class InProcessTrial {
 public:
  /// Called with each reported step's values (energy.total added) as the function reports.
  using ReportHook = std::function<void(std::int64_t, const std::map<std::string, double>&)>;

  /// `sampler` must be running and outlive the trial; the trial's total window starts now.
  InProcessTrial(study::Trial trial, energy::EnergySampler& sampler, energy::WindowSettings window);

  [[nodiscard]] const study::Trial& trial() const { return trial_; }

  /// Starts the phase `name`. Throws std::invalid_argument when it is running already.
  void begin_phase(const std::string& name);
  /// Ends it, having processed `samples` items (energy.NAME.per_sample divides by them).
  /// Throws std::invalid_argument when it is not running or samples < 0.
  measurement::PhaseMeasurement end_phase(const std::string& name, std::int64_t samples = 0);
  /// A metric (an objective, a constraint's, or any other), recorded with the trial.
  /// Throws std::invalid_argument for a non-finite value.
  void report(const std::string& name, double value);
  /// Intermediate values at `step`, as the protocol's `report` message records them: the
  /// energy so far is added as `energy.total` unless reported, and the step goes to the
  /// report hook (the tune loop's pruner). New steps past kMaxReportStepsPerTrial are
  /// dropped, and take_run's protocol errors count them in one line. With a report hook
  /// it then waits for the step's verdict (verdict_after() or a prune), a stop or the
  /// deadline, at most kVerdictWaitText seconds, as the clients' report() does. Throws
  /// std::invalid_argument for a non-finite value.
  void report_step(std::int64_t step, const std::map<std::string, double>& values);
  /// Sets the hook report_step calls (the launcher, before the function runs).
  void on_report(ReportHook hook);
  /// The pruner judged `step` and let the trial go on (from the tune loop's thread).
  void verdict_after(std::int64_t step);
  /// A trial attribute, `json_value` JSON text (the protocol's `attr`).
  void set_attr(const std::string& key, const std::string& json_value);

  /// Whether the trial was told to stop (Ctrl-C): the function should return soon.
  [[nodiscard]] bool stop_requested() const { return stop_requested_; }
  /// `hook` is called (from another thread) when the trial is told to stop, so that it can
  /// interrupt the function (Python: KeyboardInterrupt in its thread); once stop was
  /// requested, at once. An empty hook removes it.
  void on_stop(std::function<void()> hook);
  /// Tells the trial to stop: sets stop_requested() and calls the hook.
  void request_stop();

  /// Whether the function should stop early: the pruner stopped the trial, or its
  /// deadline (run.timeout) passed. It is then recorded PRUNED or timed out.
  [[nodiscard]] bool should_prune() const;
  /// The pruner's decision (from the tune loop's thread).
  void request_prune();
  /// The trial times out at this monotonic time (run.timeout after its start).
  void set_deadline(double deadline_monotonic_s) { deadline_s_ = deadline_monotonic_s; }

  /// Ends the trial: what the function did (phases, metrics, attributes, steps), the
  /// total window until now, and whether it was pruned or ran past its deadline (the
  /// launcher adds what it returned and the rest of the outcome). Phases still running
  /// are not in it.
  [[nodiscard]] MeasuredRun take_run();

 private:
  [[nodiscard]] bool past_deadline() const;
  [[nodiscard]] std::optional<double> energy_so_far_j();
  /// Waits for `step`'s verdict (report_step's wait), then forgets it.
  void wait_for_verdict(std::int64_t step);
  /// Wakes wait_for_verdict(): a verdict, a prune or a stop came.
  void wake_verdict_waiter();

  study::Trial trial_;
  energy::EnergySampler& sampler_;
  energy::WindowSettings window_;
  double start_s_;  ///< monotonic, the total window's start
  mutable std::mutex mutex_;
  energy::PhaseRecorder recorder_;  ///< guarded by mutex_
  std::map<std::string, bool> running_phases_;
  MeasuredRun run_;                ///< guarded by mutex_
  std::size_t dropped_steps_ = 0;  ///< reports past the per-trial step cap; guarded by mutex_
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> prune_requested_{false};
  std::atomic<double> deadline_s_{std::numeric_limits<double>::infinity()};
  ReportHook report_hook_;  ///< set before the function runs
  std::mutex hook_mutex_;
  std::function<void()> stop_hook_;  ///< guarded by hook_mutex_
  std::mutex verdict_mutex_;
  std::condition_variable verdict_arrived_;
  /// Steps judged "continue" whose report has not yet taken its verdict; at most one per
  /// kept report, so bounded like them. Guarded by verdict_mutex_.
  std::set<std::int64_t> verdicts_;
};

}  // namespace ecopt::runner
