#pragma once
// Thermal design power of common CPUs (internal), for the estimator's power per core.

#include <optional>
#include <string>

namespace ecopt::energy::detail {

struct CpuPower {
  std::string model_substring;
  double tdp_w;
  int cores;
};

/// The table entry whose model substring /proc/cpuinfo's model name contains.
[[nodiscard]] std::optional<CpuPower> lookup_cpu_power(const std::string& model_name);
/// /proc/cpuinfo's first "model name", or "" when there is none.
[[nodiscard]] std::string cpu_model_name(const std::string& proc_root = "/proc");

}  // namespace ecopt::energy::detail
