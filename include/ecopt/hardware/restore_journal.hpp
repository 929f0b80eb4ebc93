#pragma once
// The restore journal: the original value of every setting ecopt changed, written beside
// the host lock before the change is made (atomically: a temporary file, fsync, rename)
// and removed once everything is restored. If ecopt dies without restoring (SIGKILL), the
// next `ecopt tune` or `ecopt hardware restore` on the host, whoever runs it, finds it and
// restores. One per host like the lock: a per-user journal let another user's study take
// a killed study's trial settings for the originals.

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

/// Removes the journal at `path` (none there is fine): "" or why it could not be removed.
[[nodiscard]] std::string remove_journal(const std::string& path);

}  // namespace ecopt::hardware
