#pragma once
// Energy meters: named domains (cpu-package-0, dram-0, psys, gpu-0 ...), each a
// cumulative energy reading in joules at a monotonic timestamp.

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ecopt::energy {

/// Seconds on CLOCK_MONOTONIC: the clock trials use to mark phase boundaries.
using Clock = std::function<double()>;
[[nodiscard]] double monotonic_now_s();

enum class DomainKind { cpu_package, dram, psys, gpu, cpu_estimate, dram_estimate };

struct DomainInfo {
  std::string name;  ///< e.g. "cpu-package-0", "dram-0", "psys", "gpu-0"
  DomainKind kind = DomainKind::cpu_package;
  double resolution_j = 0.0;     ///< smallest step the counter can show
  double update_period_s = 0.0;  ///< how often the hardware refreshes the value
  bool estimated = false;        ///< a model's estimate, not a counter
  /// Relative standard uncertainty of an estimate (0.5 = ±50 %); 0 for counters.
  double relative_uncertainty = 0.0;
  /// Whether the domain counts towards a total. psys (the whole platform) overlaps the
  /// packages and DRAM, so it is reported but never added to them.
  bool in_total = true;
};

/// A domain's value in a reading when the domain could not be read this time (a failed
/// read: a gap, never a number). Windows bridge gaps from the readings on either side.
inline constexpr double kReadFailed = std::numeric_limits<double>::quiet_NaN();
[[nodiscard]] inline bool is_reading(double energy_j) {
  return !std::isnan(energy_j);
}

struct MeterReading {
  double timestamp_s = 0.0;  ///< monotonic
  /// Cumulative since the meter was opened, per domain; kReadFailed where a read failed.
  std::vector<double> energy_j;
  /// The machine's busy CPU time (s) where the meter read it for this reading (the
  /// estimator does), so the sampler takes it from here instead of reading /proc/stat a
  /// second time per sample (docs/benchmarks.md); NaN where the meter did not.
  double machine_cpu_s = kReadFailed;
};

class Meter {
 public:
  virtual ~Meter() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual const std::vector<DomainInfo>& domains() const = 0;
  /// Reads every domain. Counters that wrap are unwrapped into 64-bit totals, which is
  /// only exact if read at least every max_read_interval_s(). A domain whose read fails
  /// is kReadFailed in this reading; the cumulative total is never reset by a failure.
  virtual MeterReading read() = 0;
  /// The longest safe gap between reads (wrap-around); infinity when there is none.
  [[nodiscard]] virtual double max_read_interval_s() const;
  /// The processes using a domain's device right now (GPUs, through NVML), or nullopt
  /// when the meter cannot tell. Used to attribute whole devices to a trial.
  [[nodiscard]] virtual std::optional<std::vector<int>> processes_on(std::size_t domain);
  /// Recent utilisation of a domain's device per process (pid -> percent of the device's
  /// compute, NVML's per-process SM utilisation), or nullopt when the driver cannot tell.
  /// Used to split a shared GPU between trials.
  [[nodiscard]] virtual std::optional<std::map<int, double>> process_utilisation(
      std::size_t domain);
};

/// The result of trying one backend: a meter, or why there is none.
struct MeterProbe {
  std::string backend;           ///< "powercap", "perf", "nvml", "estimator"
  std::unique_ptr<Meter> meter;  ///< null when unavailable
  std::string reason;            ///< why unavailable (or rejected), with the fix
  std::string description;       ///< what the meter reads, e.g. the estimator's model

  [[nodiscard]] bool available() const { return meter != nullptr; }
};

}  // namespace ecopt::energy
