#include <cmath>

#include "detail/devices.hpp"

namespace ecopt::hardware::detail {

GpuPower* Devices::gpus() {
  if (gpus_ == nullptr && gpu_problem_.empty())
    gpus_ = GpuPower::open(settings_.nvml_library, gpu_problem_);
  return gpus_.get();
}

std::optional<double> Devices::read(HardwareKnob knob, int device) {
  switch (knob) {
    case HardwareKnob::gpu_power_limit_w:
      if (GpuPower* power = gpus()) return power->limit_w(static_cast<unsigned>(device));
      return std::nullopt;
    case HardwareKnob::cpu_max_freq_khz:
      if (const auto khz = cpufreq_.max_freq_khz(device)) return static_cast<double>(*khz);
      return std::nullopt;
    case HardwareKnob::cpu_cores:
      break;
  }
  return std::nullopt;  // affinity is per trial: nothing machine-wide to read or restore
}

std::string Devices::write(const DeviceSetting& setting) {
  switch (setting.knob) {
    case HardwareKnob::gpu_power_limit_w:
      if (GpuPower* power = gpus())
        return power->set_limit_w(static_cast<unsigned>(setting.device), setting.value).problem;
      return gpu_problem_;
    case HardwareKnob::cpu_max_freq_khz:
      return cpufreq_.set_max_freq_khz(setting.device, std::lround(setting.value));
    case HardwareKnob::cpu_cores:
      break;
  }
  return "";
}

}  // namespace ecopt::hardware::detail
