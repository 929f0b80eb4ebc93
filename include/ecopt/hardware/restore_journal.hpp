#pragma once
// The restore journal: the original value of every setting ecopt changed, written to the
// state folder before the change is made (atomically: a temporary file, fsync, rename)
// and removed once everything is restored. If ecopt dies without restoring (SIGKILL, a
// power cut), the next `ecopt tune` or `ecopt hardware restore` finds it and restores.

#include <optional>
#include <string>
#include <vector>

#include "ecopt/hardware/knob_status.hpp"

namespace ecopt::hardware {

/// One device's setting: a GPU's power limit, a CPU's frequency cap.
struct DeviceSetting {
  HardwareKnob knob = HardwareKnob::gpu_power_limit_w;
  int device = 0;      ///< GPU index (NVML) or CPU number
  double value = 0.0;  ///< in the knob's unit
};

/// The settings the journal at `path` holds; nullopt when there is none. Throws
/// std::runtime_error naming the file when it exists but cannot be read.
[[nodiscard]] std::optional<std::vector<DeviceSetting>> read_journal(const std::string& path);

/// Replaces the journal with `originals` (the folder is created). Throws
/// std::runtime_error naming the file when it cannot be written: no knob may change then.
void write_journal(const std::string& path, const std::vector<DeviceSetting>& originals);

void remove_journal(const std::string& path);

}  // namespace ecopt::hardware
