#pragma once
// Benchmark problems for the multi-objective samplers: ZDT1-3, DTLZ2 with 2, 3 and 4
// objectives, BoTorch's BraninCurrin, a mixed float/int/categorical problem, a noisy ZDT1
// and a discrete GPU energy-tuning problem whose failing configurations are recorded as
// failed trials. Every objective is minimised. bench/optimizers/optuna_peer.py defines the same
// problems for Optuna; the two files must stay in step (names, parameters, formulas,
// reference points, maxima).

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/space/search_space.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::bench {

/// What one evaluation gives.
/// Empty `observed` and `true_values` mean the configuration fails (the trial is recorded
/// as FAIL and scores nothing).
struct Evaluation {
  std::vector<double> observed;     ///< what the sampler is told: true values plus noise
  std::vector<double> true_values;  ///< noiseless; what the benchmark scores
  [[nodiscard]] bool failed() const { return true_values.empty(); }
};

struct Problem {
  std::string name;
  std::string description;
  space::SearchSpace space;
  std::vector<study::Objective> objectives;  ///< all minimised
  std::vector<double> reference_point;
  /// Hypervolume of the true Pareto front at `reference_point`: the supremum that any set
  /// of true values can reach (see problems.cpp for how each is known).
  double max_hypervolume = 0.0;
  /// Standard deviation of the Gaussian noise added to every observed objective.
  double noise_sd = 0.0;
  /// The noiseless objective values of a point of `space`; empty when it fails.
  std::function<std::vector<double>(const space::Params&)> true_objectives;

  /// When true, the noise is relative: observed = true * exp(N(0, noise_sd^2)), as for
  /// measured energies and durations (always positive, error proportional to the value).
  bool relative_noise = false;

  /// True values, and observed values with N(0, noise_sd^2) noise drawn from `noise_rng`
  /// (nothing is drawn for a noiseless problem or a failed configuration).
  [[nodiscard]] Evaluation evaluate(const space::Params& params, std::mt19937_64& noise_rng) const;
};

/// Every benchmark problem, in the order reports list them.
[[nodiscard]] std::vector<Problem> benchmark_problems();

/// The problem with that name, or std::nullopt.
[[nodiscard]] std::optional<Problem> find_problem(std::string_view name);

/// DTLZ2 (Deb, Thiele, Laumanns, Zitzler 2005) with `dimension` variables in [0, 1] and
/// `objectives` objectives (dimension > objectives), reference point 1.1 per objective.
[[nodiscard]] Problem make_dtlz2(std::size_t dimension, std::size_t objectives);

/// Exact hypervolume of `points` (rows of objective values, minimised) at `reference`,
/// by ecopt's pareto module; points that do not strictly dominate it are ignored.
[[nodiscard]] double hypervolume_of(const std::vector<std::vector<double>>& points,
                                    std::span<const double> reference);

/// A maximum that problems.cpp states as a constant because it was computed numerically,
/// recomputed here so that the constant can be checked (`ecopt_bench_optimizers
/// --check-max`).
struct MaxHypervolumeCheck {
  std::string problem;
  double stated = 0.0;       ///< the constant the problem uses
  double lower_bound = 0.0;  ///< exact HV of a dense sample of the true front
  double estimate = 0.0;     ///< the same sample with the front linearly interpolated
  std::string method;
};

[[nodiscard]] std::vector<MaxHypervolumeCheck> recompute_numerical_maxima();

}  // namespace ecopt::bench
