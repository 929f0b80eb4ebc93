#pragma once
// Choosing the meters of this machine. The CPU side tries powercap, then perf, then falls
// back to the estimator; GPUs come from NVML when there is a driver. A candidate counter
// must advance under a short busy loop: one that reads but never moves (a virtual
// machine's placeholder event that always says 0 J) is rejected, with the reason.

#include <memory>
#include <string>
#include <vector>

#include "ecopt/energy/backends.hpp"

namespace ecopt::energy {

struct DetectionSettings {
  std::string cpu_backend = "auto";  ///< auto | powercap | perf | estimator | none
  bool gpus = true;
  std::string powercap_root = "/sys/class/powercap";
  std::string sysfs_root = "/sys";
  std::string nvml_library;  ///< empty: $ECOPT_NVML_LIBRARY or libnvidia-ml.so.1
  EstimatorSettings estimator;
  double advance_check_s = 0.1;  ///< length of the busy loop a counter must advance in
};

struct BackendStatus {
  std::string backend;
  bool available = false;
  bool chosen = false;
  std::string detail;  ///< why unavailable or rejected, or what the meter reads
  std::vector<DomainInfo> domains;
};

struct Detection {
  std::unique_ptr<Meter> meter;  ///< the chosen meters combined; never null
  std::vector<BackendStatus> backends;
};

[[nodiscard]] Detection detect_meters(const DetectionSettings& settings = {});

/// Reads, keeps one core busy for `seconds`, reads again: true when any domain that
/// counts in totals grew. Otherwise `why` says what was read.
[[nodiscard]] bool advances_under_load(Meter& meter, double seconds, std::string* why);

/// Several meters presented as one (domains concatenated in order).
[[nodiscard]] std::unique_ptr<Meter> combine_meters(std::vector<std::unique_ptr<Meter>> meters);

}  // namespace ecopt::energy
