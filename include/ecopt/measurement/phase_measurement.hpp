#pragma once
// What a measurement of a trial phase records. The energy module produces it, the study,
// storage, runner and report modules consume it, so it sits below all of them and
// depends on nothing in ecopt.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ecopt::measurement {

/// Energy and time of one phase of a trial (training, inference, ...).
struct PhaseMeasurement {
  std::string phase;
  double start_monotonic_s = 0.0;  ///< CLOCK_MONOTONIC of the measuring host
  double end_monotonic_s = 0.0;
  double start_unix_s = 0.0;  ///< wall clock, seconds since the Unix epoch
  double end_unix_s = 0.0;
  double duration_s = 0.0;
  std::map<std::string, double> energy_j;  ///< gross, per domain (cpu-package-0, dram-0, gpu-0 ...)
  /// Gross minus the machine's idle power x duration (empty without an idle profile).
  std::map<std::string, double> net_energy_j;
  std::string scope = "system";  ///< "system" (whole machine) or "process" (the trial's share)
  std::string meter;             ///< which meter produced the numbers
  bool estimated = false;        ///< true: a model's estimate, not a counter reading
  double uncertainty_j = 0.0;    ///< absolute uncertainty of the total energy
  std::int64_t samples = 0;      ///< items processed (images, tokens, ...)
  /// How each domain's energy was attributed to the trial, per domain: "whole" (the
  /// domain counted entirely), "cpu-time-share", "gpu-utilisation-share",
  /// "gpu-time-share", "gpu-unused", "gpu-whole-unknown" (NVML could not tell who used
  /// it). Empty for records written before attribution was stored.
  std::map<std::string, std::string> attribution;
  /// Facts about the measurement a reader should know, in words: bridged read gaps,
  /// coarser time resolution after a long run, and the like.
  std::vector<std::string> notes;

  /// Sum of the gross domains. Domains that overlap others (psys) are never stored in
  /// energy_j, so the sum never double-counts.
  [[nodiscard]] double total_energy_j() const;
  [[nodiscard]] double total_net_energy_j() const;
};

}  // namespace ecopt::measurement
