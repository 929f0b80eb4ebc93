#pragma once
// Linux cpufreq: each CPU's frequency cap, `scaling_max_freq` under
// SYSFS/devices/system/cpu/cpuN/cpufreq/ (kHz), within cpuinfo_min_freq..cpuinfo_max_freq
// and, where the driver lists them (acpi-cpufreq; not intel_pstate),
// scaling_available_frequencies. The cap is machine-wide per CPU: it holds for whatever
// runs there.

#include <optional>
#include <string>
#include <vector>

namespace ecopt::hardware {

struct CpuFreqRange {
  long min_khz = 0;
  long max_khz = 0;
  std::vector<long> available_khz;  ///< empty: any value in the range
};

class CpuFreq {
 public:
  explicit CpuFreq(std::string sysfs_root = "/sys");

  /// The CPUs that have a cpufreq directory, ascending.
  [[nodiscard]] std::vector<int> cpus() const;
  [[nodiscard]] std::optional<CpuFreqRange> range(int cpu) const;
  [[nodiscard]] std::optional<long> max_freq_khz(int cpu) const;
  /// "" when set, else why not (the file and the system's error).
  [[nodiscard]] std::string set_max_freq_khz(int cpu, long khz) const;
  /// "" when this process may write the cap, else why not.
  [[nodiscard]] std::string write_problem(int cpu) const;

 private:
  [[nodiscard]] std::string file(int cpu, const char* name) const;
  std::string root_;
};

}  // namespace ecopt::hardware
