#pragma once
// A cpufreq tree as sysfs lays it out (SYSFS/devices/system/cpu/cpuN/cpufreq/), in a temp
// dir, for machines without cpufreq (this VM, CI).

#include <filesystem>
#include <fstream>
#include <string>

#include "../storage/temp_dir.hpp"

namespace ecopt::testing {

struct FakeCpufreq {
  /// CPUs 0..cpus-1, each capped at its maximum, with the available frequencies listed
  /// (like acpi-cpufreq) unless `list_available` is false (like intel_pstate).
  explicit FakeCpufreq(int cpus, bool list_available = true) {
    for (int cpu = 0; cpu < cpus; ++cpu) {
      const std::filesystem::path folder = cpufreq_dir(cpu);
      std::filesystem::create_directories(folder);
      write(folder / "cpuinfo_min_freq", "800000");
      write(folder / "cpuinfo_max_freq", "3000000");
      write(folder / "scaling_max_freq", "3000000");
      if (list_available)
        write(folder / "scaling_available_frequencies", "3000000 2400000 1600000 800000 ");
    }
  }
  [[nodiscard]] std::filesystem::path cpufreq_dir(int cpu) const {
    return std::filesystem::path(root) / "devices/system/cpu" / ("cpu" + std::to_string(cpu)) /
           "cpufreq";
  }
  [[nodiscard]] std::string max_freq(int cpu) const {
    std::ifstream in(cpufreq_dir(cpu) / "scaling_max_freq");
    std::string text;
    in >> text;
    return text;
  }
  static void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text << "\n";
  }

  TempDir dir;
  std::string root = dir.file("sys");
};

}  // namespace ecopt::testing
