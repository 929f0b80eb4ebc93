#include "ecopt/runner/in_process_trial.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "detail/report_steps.hpp"

namespace ecopt::runner {

InProcessTrial::InProcessTrial(study::Trial trial, energy::EnergySampler& sampler,
                               energy::WindowSettings window)
    : trial_(std::move(trial)),
      sampler_(sampler),
      window_(window),
      start_s_(sampler.sample_edge()),
      recorder_(sampler, window) {}

void InProcessTrial::begin_phase(const std::string& name) {
  if (name.empty()) throw std::invalid_argument("phase: the name is empty; name the phase");
  std::lock_guard lock(mutex_);
  if (running_phases_.count(name) != 0) {
    throw std::invalid_argument("phase '" + name + "' of trial " + std::to_string(trial_.number) +
                                " is running already; end it before starting it again");
  }
  recorder_.begin(name);
  running_phases_[name] = true;
}

measurement::PhaseMeasurement InProcessTrial::end_phase(const std::string& name,
                                                        std::int64_t samples) {
  if (samples < 0) {
    throw std::invalid_argument("phase '" + name + "': samples must be >= 0, got " +
                                std::to_string(samples));
  }
  std::lock_guard lock(mutex_);
  if (running_phases_.erase(name) == 0) {
    throw std::invalid_argument("phase '" + name + "' of trial " + std::to_string(trial_.number) +
                                " is not running; begin it first");
  }
  measurement::PhaseMeasurement phase = recorder_.end(name, samples);
  run_.phases.push_back(phase);
  return phase;
}

void InProcessTrial::report(const std::string& name, double value) {
  if (!std::isfinite(value)) {
    throw std::invalid_argument("metric '" + name + "' of trial " + std::to_string(trial_.number) +
                                " is not finite (" + std::to_string(value) +
                                "); report a finite number");
  }
  std::lock_guard lock(mutex_);
  run_.metrics[name] = value;
}

void InProcessTrial::report_step(std::int64_t step, const std::map<std::string, double>& values) {
  for (const auto& [name, value] : values) {
    if (!std::isfinite(value)) {
      throw std::invalid_argument("report at step " + std::to_string(step) + ": '" + name +
                                  "' is not finite (" + std::to_string(value) +
                                  "); report a finite number");
    }
  }
  // The energy so far reads the meters: measured outside mutex_, so phases and metrics
  // from other threads of the trial do not wait on the meter (NVML can take milliseconds).
  bool wanted = false;
  {
    std::lock_guard lock(mutex_);
    wanted = detail::needs_energy_so_far(run_, step, values);
  }
  const std::optional<double> energy_j = wanted ? energy_so_far_j() : std::nullopt;
  std::optional<std::map<std::string, double>> kept;
  {
    std::lock_guard lock(mutex_);
    kept = detail::record_step(run_, step, values, energy_j, dropped_steps_);
  }
  if (kept && report_hook_) {
    report_hook_(step, *kept);
    wait_for_verdict(step);
  }
}

void InProcessTrial::wait_for_verdict(std::int64_t step) {
  // As long as a process's client waits on the back channel: long enough for the loop to
  // store and judge the step on a loaded machine; a later verdict still stops the trial.
  const double wait_s = std::strtod(kVerdictWaitText, nullptr);
  const double until_s = std::min(energy::monotonic_now_s() + wait_s, deadline_s_.load());
  std::unique_lock lock(verdict_mutex_);
  const auto answered = [&] {
    return verdicts_.count(step) != 0 || prune_requested_ || stop_requested_;
  };
  while (!answered()) {
    const double left_s = until_s - energy::monotonic_now_s();
    if (left_s <= 0) return;
    verdict_arrived_.wait_for(lock, std::chrono::duration<double>(left_s));
  }
  verdicts_.erase(step);
}

void InProcessTrial::verdict_after(std::int64_t step) {
  {
    std::lock_guard lock(verdict_mutex_);
    verdicts_.insert(step);
  }
  verdict_arrived_.notify_all();
}

void InProcessTrial::wake_verdict_waiter() {
  // Taking the mutex orders the flag's store before a waiter's next check.
  { std::lock_guard lock(verdict_mutex_); }
  verdict_arrived_.notify_all();
}

void InProcessTrial::request_prune() {
  prune_requested_ = true;
  wake_verdict_waiter();
}

void InProcessTrial::on_report(ReportHook hook) {
  report_hook_ = std::move(hook);
}

std::optional<double> InProcessTrial::energy_so_far_j() {
  const double now_s = sampler_.sample_now();
  try {
    return energy::measure_window(sampler_, "running", start_s_, now_s, 0, window_)
        .total_energy_j();
  } catch (const std::exception&) {
    return std::nullopt;  // the series cannot give this window: no value, never a guess
  }
}

void InProcessTrial::set_attr(const std::string& key, const std::string& json_value) {
  std::lock_guard lock(mutex_);
  run_.attrs[key] = json_value;
}

void InProcessTrial::on_stop(std::function<void()> hook) {
  std::lock_guard lock(hook_mutex_);
  stop_hook_ = std::move(hook);
  if (stop_requested_ && stop_hook_) stop_hook_();
}

void InProcessTrial::request_stop() {
  std::lock_guard lock(hook_mutex_);
  if (stop_requested_.exchange(true)) return;
  wake_verdict_waiter();
  if (stop_hook_) stop_hook_();
}

bool InProcessTrial::past_deadline() const {
  return energy::monotonic_now_s() >= deadline_s_.load();
}

bool InProcessTrial::should_prune() const {
  return prune_requested_ || past_deadline();
}

MeasuredRun InProcessTrial::take_run() {
  const double end_s = sampler_.sample_edge();
  std::lock_guard lock(mutex_);
  run_.total = energy::measure_window(sampler_, "total", start_s_, end_s, 0, window_);
  run_.pruned = prune_requested_;
  run_.timed_out = end_s >= deadline_s_.load();
  run_.in_process = true;
  for (const auto& [name, running] : running_phases_) {
    run_.protocol_errors.push_back("phase '" + name + "' began but never ended; not recorded");
  }
  detail::note_dropped_steps(run_, dropped_steps_);
  return std::move(run_);
}

}  // namespace ecopt::runner
