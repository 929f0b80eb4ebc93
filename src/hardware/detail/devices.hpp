#pragma once
// Reading and writing one device's setting through its backend (internal): what the
// session and the journal's restore share.

#include <memory>
#include <optional>
#include <string>

#include "ecopt/hardware/cpufreq.hpp"
#include "ecopt/hardware/gpu_power.hpp"
#include "ecopt/hardware/restore_journal.hpp"

namespace ecopt::hardware::detail {

class Devices {
 public:
  explicit Devices(const HardwareSettings& settings)
      : settings_(settings), cpufreq_(settings.sysfs_root) {}

  /// The device's setting now, or nullopt when it cannot be read.
  [[nodiscard]] std::optional<double> read(HardwareKnob knob, int device);
  /// "" when set, else why not.
  [[nodiscard]] std::string write(const DeviceSetting& setting);

 private:
  GpuPower* gpus();
  HardwareSettings settings_;
  CpuFreq cpufreq_;
  std::unique_ptr<GpuPower> gpus_;  ///< opened on first use
  std::string gpu_problem_;
};

}  // namespace ecopt::hardware::detail
