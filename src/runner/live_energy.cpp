#include "live_energy.hpp"

#include <algorithm>
#include <exception>

namespace ecopt::runner {

LiveEnergy::Attachment::Attachment(LiveEnergy& live, energy::EnergySampler& sampler) : live_(live) {
  std::lock_guard lock(live.mutex_);
  live.sampler_ = &sampler;
  live.start_s_ = energy::monotonic_now_s();
  live.read_at_s_ = live.start_s_;
  sampler.pin(live.start_s_);
  sampler.sample_now();  // a sample after the start, so the first window can be cut
}

LiveEnergy::Attachment::~Attachment() {
  std::lock_guard lock(live_.mutex_);
  live_.sampler_ = nullptr;
}

void LiveEnergy::finish(double energy_j) {
  std::lock_guard lock(mutex_);
  final_energy_j_ = energy_j;
}

double LiveEnergy::energy_locked_j() {
  if (final_energy_j_) return *final_energy_j_;
  if (sampler_ == nullptr) return energy_j_;
  const double now_s = energy::monotonic_now_s();
  sampler_->sample_now();
  try {
    energy_j_ =
        energy::measure_window(*sampler_, "running", start_s_, now_s, 0, window_).total_energy_j();
    read_at_s_ = now_s;
  } catch (const std::exception&) {
    // The series cannot give this window yet (a meter whose clock runs ahead, a read that
    // failed): the last value stands until the next look.
  }
  return energy_j_;
}

double LiveEnergy::energy_j() {
  std::lock_guard lock(mutex_);
  return energy_locked_j();
}

storage::TrialProgress LiveEnergy::progress() {
  std::lock_guard lock(mutex_);
  const bool measuring = sampler_ != nullptr && !final_energy_j_;
  storage::TrialProgress progress;
  progress.energy_j = energy_locked_j();
  if (measuring) {
    const double since_s = heartbeat_at_s_.value_or(start_s_);
    if (read_at_s_ > since_s) {
      // Process attribution can lower the share of what was already counted: no negative power.
      progress.power_w =
          std::max(0.0, (*progress.energy_j - heartbeat_energy_j_) / (read_at_s_ - since_s));
      heartbeat_energy_j_ = *progress.energy_j;
      heartbeat_at_s_ = read_at_s_;
    }
  }
  return progress;
}

}  // namespace ecopt::runner
