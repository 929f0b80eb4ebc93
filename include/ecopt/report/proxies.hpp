#pragma once
// Do cheap proxies (parameter count, FLOPs, latency) rank models by energy the way the
// measured energy does? (docs/report.md, section 5)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/report/statistics.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

/// What one trial measured and reported.
struct ProxySample {
  std::int64_t trial_number = 0;
  double energy = 0.0;  ///< the measured energy (ProxyAnalysis::energy_name)
  std::optional<double> parameter_count;
  std::optional<double> flops;
  std::optional<double> latency;  ///< as reported (only its ranks are used)
};

struct ProxyCorrelation {
  std::string proxy;  ///< "params", "flops" or "latency"
  std::size_t pairs = 0;
  std::optional<double> spearman;
  std::optional<double> kendall_tau_b;
};

/// A pair of trials whose FLOPs order and energy order disagree.
struct Inversion {
  std::int64_t more_flops_trial = 0;  ///< the trial with more FLOPs but less energy
  std::int64_t fewer_flops_trial = 0;
  double flops_ratio = 1.0;   ///< its FLOPs / the other's (> 1)
  double energy_ratio = 1.0;  ///< its energy / the other's (< 1)
};

struct ProxyAnalysis {
  std::string energy_name;  ///< what "energy" is: a metric or objective name
  std::vector<ProxySample> samples;
  std::vector<ProxyCorrelation> correlations;  ///< params, flops, latency
  /// The discordant pairs with the largest log(FLOPs ratio) x -log(energy ratio), at most
  /// five, largest first.
  std::vector<Inversion> inversions;
  std::optional<PowerLawFit> energy_vs_flops;
  std::optional<PowerLawFit> energy_vs_params;
  std::string note;  ///< what is missing, when something is
};

/// The energy measure is energy per inference (energy_per_inference_j) when the trials
/// have it, else the cost objective (objective_roles). Only COMPLETE trials count.
[[nodiscard]] ProxyAnalysis analyse_proxies(const study::StudyConfig& config,
                                            const std::vector<study::Trial>& trials);

/// The most discordant pairs of (flops, energy), as in ProxyAnalysis::inversions.
[[nodiscard]] std::vector<Inversion> largest_inversions(const std::vector<ProxySample>& samples,
                                                        std::size_t count);

}  // namespace ecopt::report
