#include "ecopt/runner/in_process_trial.hpp"

#include <cmath>
#include <stdexcept>

namespace ecopt::runner {

InProcessTrial::InProcessTrial(study::Trial trial, energy::EnergySampler& sampler,
                               energy::WindowSettings window)
    : trial_(std::move(trial)), recorder_(sampler, window) {}

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
  std::lock_guard lock(mutex_);
  if (run_.reports.size() >= kMaxReportStepsPerTrial && run_.reports.count(step) == 0) {
    run_.protocol_errors.push_back("step " + std::to_string(step) + " dropped: over " +
                                   std::to_string(kMaxReportStepsPerTrial) + " steps");
    return;
  }
  for (const auto& [k, v] : values) run_.reports[step][k] = v;
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
  if (stop_hook_) stop_hook_();
}

MeasuredRun InProcessTrial::take_run() {
  std::lock_guard lock(mutex_);
  for (const auto& [name, running] : running_phases_) {
    run_.protocol_errors.push_back("phase '" + name + "' began but never ended; not recorded");
  }
  return std::move(run_);
}

}  // namespace ecopt::runner
