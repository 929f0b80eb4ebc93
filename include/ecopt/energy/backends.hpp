#pragma once
// The meter backends. Each `open_*` returns a MeterProbe: a meter, or the reason there
// is none and what would fix it. None of them throws for an expected condition (no RAPL
// in a VM, no NVIDIA driver, a root-only counter).

#include <string>

#include "ecopt/energy/meter.hpp"

namespace ecopt::energy {

/// Linux powercap RAPL zones under `root` (normally /sys/class/powercap; tests pass a
/// fake tree). Package zones and their DRAM subzones become domains; core/uncore
/// subzones (inside the package) and intel-rapl-mmio duplicates are skipped; psys is
/// reported but kept out of totals. 32-bit counters are unwrapped per zone with
/// max_energy_range_uj.
[[nodiscard]] MeterProbe open_powercap_meter(const std::string& root = "/sys/class/powercap");

/// Upper bound on a RAPL zone's power when the zone does not state one, used to derive how
/// often the counter must be read so a wrap is never missed.
inline constexpr double kRaplDefaultMaxPowerW = 1000.0;

/// The perf power PMU (`power` under `sysfs_root`/bus/event_source/devices): events
/// energy-pkg, energy-ram, energy-psys opened with perf_event_open on one CPU per
/// package. The unprivileged path when energy_uj is root-only but perf events are allowed.
[[nodiscard]] MeterProbe open_perf_power_meter(const std::string& sysfs_root = "/sys");

/// NVIDIA GPUs through NVML, loaded with dlopen (`library`, default libnvidia-ml.so.1, or
/// $ECOPT_NVML_LIBRARY), so ecopt runs without NVIDIA software. One domain per GPU: the
/// total-energy counter (Volta and newer), else the trapezoid integral of power readings.
/// `clock` times the power samples (tests inject one).
[[nodiscard]] MeterProbe open_nvml_meter(const std::string& library = {},
                                         Clock clock = monotonic_now_s);

/// Settings of the CPU/DRAM estimator used when no counter can be read.
struct EstimatorSettings {
  /// Active power per busy core, W. 0: derive from the CPU model's TDP (cpu_tdp_table)
  /// divided by its core count, or kDefaultWattsPerCore for an unknown model.
  double watts_per_core = 0.0;
  /// DRAM power per GB of resident memory, W (CodeCarbon's 3 W per 8 GB).
  double dram_watts_per_gb = 0.375;
  /// Relative uncertainty reported with every estimate.
  double relative_uncertainty = 0.5;
  /// Whose CPU time is counted: 0 = the whole machine (from /proc/stat), otherwise the
  /// process tree rooted at this pid.
  int root_pid = 0;
  std::string proc_root = "/proc";
};

inline constexpr double kDefaultWattsPerCore = 10.0;

/// Always available: CPU energy = CPU time x active power per core; DRAM energy =
/// resident memory x power per GB x time. Every domain is marked estimated.
[[nodiscard]] MeterProbe open_estimator_meter(const EstimatorSettings& settings = {});

}  // namespace ecopt::energy
