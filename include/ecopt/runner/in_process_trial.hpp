#pragma once
// A trial run as a function in this process (function_launcher.hpp): what the function
// is given. It marks phases, which are measured exactly as a trial process's protocol
// phases are (the same sampler and windows), and reports metrics and attributes.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "ecopt/energy/window.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// Thread-safe: the function may mark phases and report from several threads.
class InProcessTrial {
 public:
  /// `sampler` must be running and outlive the trial.
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
  /// Intermediate values at `step`, as the protocol's `report` message records them.
  void report_step(std::int64_t step, const std::map<std::string, double>& values);
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

  /// What the function did so far: phases, metrics, attributes, steps (the launcher fills
  /// in the total and the outcome). Phases still running are not in it.
  [[nodiscard]] MeasuredRun take_run();

 private:
  study::Trial trial_;
  mutable std::mutex mutex_;
  energy::PhaseRecorder recorder_;  ///< guarded by mutex_
  std::map<std::string, bool> running_phases_;
  MeasuredRun run_;
  std::atomic<bool> stop_requested_{false};
  std::mutex hook_mutex_;
  std::function<void()> stop_hook_;  ///< guarded by hook_mutex_
};

}  // namespace ecopt::runner
