#include "ecopt/energy/monitor.hpp"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

namespace ecopt::energy {
namespace {

SamplerSettings sampler_settings(const MonitorSettings& settings) {
  SamplerSettings s;
  s.interval_s = settings.interval_s;
  s.capacity = settings.capacity;
  // Process scope charges this process's share: its CPU time over the machine's.
  if (settings.scope == Scope::process) s.process_root_pid = static_cast<int>(::getpid());
  return s;
}

}  // namespace

Monitor::Monitor(MonitorSettings settings) : settings_(std::move(settings)) {
  Detection detection = detect_meters(settings_.meters);
  backends_ = std::move(detection.backends);
  meter_ = std::move(detection.meter);
  start_sampling();
}

Monitor::Monitor(std::unique_ptr<Meter> meter, MonitorSettings settings)
    : settings_(std::move(settings)), meter_(std::move(meter)) {
  if (!meter_) throw std::invalid_argument("Monitor: the meter is null; pass a meter");
  start_sampling();
}

void Monitor::start_sampling() {
  sampler_ = std::make_unique<EnergySampler>(*meter_, sampler_settings(settings_));
  sampler_->start();
  const WindowSettings window{settings_.scope, settings_.baseline ? &*settings_.baseline : nullptr};
  recorder_ = std::make_unique<PhaseRecorder>(*sampler_, window);
}

Monitor::~Monitor() {
  sampler_->stop();
}

void Monitor::begin_window(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (std::find(open_.begin(), open_.end(), name) != open_.end()) {
    throw std::invalid_argument("begin_window('" + name +
                                "'): a window of that name is open already; end it first, "
                                "or give this one another name");
  }
  recorder_->begin(name);
  open_.push_back(name);
}

measurement::PhaseMeasurement Monitor::end_window(const std::string& name, std::int64_t samples) {
  if (samples < 0)
    throw std::invalid_argument("end_window('" + name + "'): samples must be >= 0, got " +
                                std::to_string(samples));
  std::lock_guard lock(mutex_);
  const auto it = std::find(open_.begin(), open_.end(), name);
  if (it == open_.end()) {
    throw std::invalid_argument("end_window('" + name +
                                "'): no window of that name is open; call begin_window('" + name +
                                "') first");
  }
  open_.erase(it);
  return recorder_->end(name, samples);
}

std::vector<std::string> Monitor::open_windows() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names = open_;
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ecopt::energy
