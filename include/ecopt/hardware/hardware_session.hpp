#pragma once
// A study's hardware knobs while it runs: checked at the start, applied around each trial,
// restored after it, whatever its end, and restored at the session's end (normal exit,
// Ctrl-C, an exception). Before a setting first changes its original value is in the
// restore journal, so a SIGKILLed ecopt is undone at the next start.
//
// With several trials at once (--jobs > 1) each trial gets CPUs of its own (cpu_cores);
// a CPU frequency cap then applies to that trial's CPUs only. A setting that cannot be
// kept apart (a GPU's power limit, a frequency cap without cpu_cores) is refused.

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/hardware/host_lock.hpp"
#include "ecopt/hardware/knob_status.hpp"
#include "ecopt/hardware/restore_journal.hpp"

namespace ecopt::hardware {
namespace detail {
class Devices;
}

/// A knob the study uses and the values it may take (to check against the machine).
struct KnobRequest {
  HardwareKnob knob = HardwareKnob::cpu_cores;
  double low = 0.0;
  double high = 0.0;
};

/// Why the study cannot use its knobs, said before any trial runs: what, why and the fix.
class HardwareError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Where one trial runs: its CPUs (empty: wherever ecopt may) and the environment that
/// matches them (OMP_NUM_THREADS and friends).
struct TrialPlacement {
  std::vector<int> cpus;
  std::map<std::string, std::string> env;
};

/// A trial's settings: the knob values applied (as the devices took them, read back after
/// setting), and where.
struct AppliedSettings {
  std::map<HardwareKnob, double> values;
  TrialPlacement placement;
  std::vector<DeviceSetting> changed;  ///< what to put back after the trial
};

/// What a pending journal held and whether each setting went back.
struct RestoreReport {
  std::vector<std::string> journals;  ///< the journals found
  std::vector<DeviceSetting> restored;
  std::vector<std::string> problems;  ///< settings that could not be restored, and why
};

/// Applies the journal at settings.journal_file, then an earlier version's per-user one
/// (legacy_journal_file: its originals are the older ones, so they win), and removes each
/// once every setting it lists went back. The caller holds the host lock.
[[nodiscard]] RestoreReport restore_from_journal(const HardwareSettings& settings);

class HardwareSession {
 public:
  /// Checks every request (available, privileges, range, jobs), takes the host lock and
  /// restores a pending journal (said on `notes`). Throws HardwareError otherwise.
  HardwareSession(const HardwareSettings& settings, const std::vector<KnobRequest>& requests,
                  int jobs, std::FILE* notes);
  ~HardwareSession();
  HardwareSession(const HardwareSession&) = delete;
  HardwareSession& operator=(const HardwareSession&) = delete;

  /// Sets `values` for one trial. Throws HardwareError naming the setting when one fails,
  /// or its original cannot be journalled (the trial should not run; what this call had
  /// changed is put back and its CPUs are free again).
  [[nodiscard]] AppliedSettings apply(const std::map<HardwareKnob, double>& values);
  /// Puts back what `apply` changed and frees its CPUs.
  void release(const AppliedSettings& applied);

 private:
  void check(const std::vector<KnobRequest>& requests, int jobs);
  /// Gives `placement` the CPUs `values` asks for (cpu_cores), or throws HardwareError.
  void take_cpus(const std::map<HardwareKnob, double>& values, TrialPlacement& placement);
  void free_cpus(const TrialPlacement& placement);
  /// Sets one device, journalling its original value first; "" or why not. Throws when the
  /// journal cannot be written; the original counts as journalled only once it is on disk.
  [[nodiscard]] std::string set(const DeviceSetting& setting);
  /// Sets applied.values to what the devices took (cpufreq resolves a cap to a listed
  /// frequency, NVML may clamp); throws HardwareError when one cannot be read or the
  /// devices of one knob took different values (the trial would run with mixed settings).
  void read_back(AppliedSettings& applied);
  void put_back(const std::vector<DeviceSetting>& changed);
  [[nodiscard]] std::vector<int> frequency_cpus(const TrialPlacement& placement) const;
  void restore_all();

  HardwareSettings settings_;
  std::optional<HostLock> lock_;
  std::unique_ptr<detail::Devices> devices_;
  std::mutex mutex_;
  std::vector<DeviceSetting> originals_;  ///< as in the journal
  std::vector<int> allowed_cpus_;         ///< ecopt's affinity: where trials may run
  std::vector<int> free_cpus_;            ///< of those, the ones no running trial holds
  std::vector<int> gpus_;                 ///< the GPUs a power limit applies to
  std::vector<int> cpufreq_cpus_;         ///< allowed CPUs that have cpufreq
};

}  // namespace ecopt::hardware
