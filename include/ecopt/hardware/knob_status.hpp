#pragma once
// What `ecopt hardware` lists and what a study's hardware knobs are checked against at
// its start: each knob's range on this machine, or the reason it is missing and the fix.
// A missing knob is a value, never an exception (as `ecopt meters` does for meters).

#include <string>
#include <vector>

#include "ecopt/study/config_enums.hpp"

namespace ecopt::hardware {

using study::HardwareKnob;

/// Where the knobs live; tests point these at fakes.
struct HardwareSettings {
  std::string sysfs_root = "/sys";  ///< cpufreq is under SYSFS/devices/system/cpu
  std::string nvml_library;         ///< "": $ECOPT_NVML_LIBRARY, else libnvidia-ml.so.1
  std::string journal_file;         ///< the restore journal (restore_journal.hpp)
  std::string lock_file;            ///< the host lock (host_lock.hpp)
  /// The per-user journal earlier versions kept in the state folder: still restored at
  /// the start, so an upgrade after a killed study leaves nothing changed. "": none.
  std::string legacy_journal_file;
};

/// The defaults, from the environment: $ECOPT_SYSFS_ROOT (else /sys), the lock
/// $ECOPT_HARDWARE_LOCK (else /run/lock/ecopt-hardware.lock, one per host whoever runs
/// ecopt), the journal beside it (journal_beside_lock), and the legacy journal in the
/// state folder ($XDG_STATE_HOME/ecopt/hardware-journal.json, else ~/.local/state/...).
[[nodiscard]] HardwareSettings hardware_settings_from_env();

/// The restore journal of the host lock at `lock_file`: in its folder, named after it
/// (/run/lock/ecopt-hardware.lock: /run/lock/ecopt-hardware-journal.json). One per host,
/// like the lock, so whoever starts next restores what a killed study left, whatever user
/// ran it.
[[nodiscard]] std::string journal_beside_lock(const std::string& lock_file);

/// One knob on this machine.
struct KnobStatus {
  HardwareKnob knob = HardwareKnob::cpu_cores;
  bool available = false;
  std::string reason;           ///< why it is missing or cannot be set (empty when available)
  std::string fix;              ///< how to make it available
  double low = 0.0;             ///< the smallest value allowed, in the knob's unit
  double high = 0.0;            ///< the largest
  std::vector<double> allowed;  ///< the discrete values the device lists (cpufreq), if any
  std::vector<int> devices;     ///< GPU or CPU indices it acts on
  std::vector<double> current;  ///< each device's setting now, in the knob's unit
  /// Why the permission to set it was not probed (another ecopt holds the host lock, or
  /// the lock cannot be opened); "" when it was. The range and settings are still listed.
  std::string permission_unprobed;
};

/// Whether probing a permission may write a device (a GPU's limit set to itself): only
/// under the host lock, so a probe never writes a value back over a running study's.
struct ProbeAccess {
  bool may_write = false;
  std::string why_not;  ///< when it may not: who holds the lock, or why it cannot be opened
};

/// One knob, available or with its reason. Checks privileges as the study's start does:
/// a GPU power limit is set to its own value (a no-op) to learn whether NVML allows it,
/// when `probe` allows writing (the caller holds the host lock).
[[nodiscard]] KnobStatus detect_knob(HardwareKnob knob, const HardwareSettings& settings,
                                     const ProbeAccess& probe);

/// Every knob, as `ecopt hardware` lists them: takes the host lock without waiting for the
/// write probe; when another ecopt holds it (or it cannot be opened) the probe is skipped
/// and each GPU knob says why in `permission_unprobed`.
[[nodiscard]] std::vector<KnobStatus> detect_knobs(const HardwareSettings& settings);

/// The knob's unit as shown to people: "W", "kHz", "cores".
[[nodiscard]] std::string knob_unit(HardwareKnob knob);

/// A value with its unit, e.g. "150 W", "2.4 GHz", "4 cores".
[[nodiscard]] std::string format_knob_value(HardwareKnob knob, double value);

}  // namespace ecopt::hardware
