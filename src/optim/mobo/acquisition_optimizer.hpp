#pragma once
// Maximises an acquisition function over a mixed search space: scrambled Sobol
// candidates plus perturbations of the current best points, then multi-start L-BFGS
// on the continuous coordinates of the best candidates (integers and categoricals held
// at the candidate's valid values, so integers are rounded inside the acquisition).

#include <cstdint>
#include <vector>

#include "acquisition_function.hpp"
#include "ecopt/space/search_space.hpp"

namespace ecopt::optim::mobo {

struct AcquisitionOptimizerSettings {
  std::size_t sobol_candidates = 256;
  std::size_t local_candidates = 256;  ///< perturbations around `anchors`
  std::size_t refine_starts = 4;       ///< best distinct candidates refined by L-BFGS
  int refine_evaluations = 40;         ///< per start
};

struct AcquisitionChoice {
  std::vector<double> x;  ///< encoded, projected onto valid values
  double value = 0.0;
};

/// The best valid point not in `taken` (exact encoded matches: configurations already
/// evaluated or pending). `anchors`: encoded points worth searching near (the current
/// Pareto set). Deterministic for a given `seed`.
[[nodiscard]] AcquisitionChoice optimize_acquisition(
    const AcquisitionFunction& acquisition, const space::SearchSpace& space,
    const std::vector<std::vector<double>>& anchors, const std::vector<std::vector<double>>& taken,
    std::uint64_t seed, const AcquisitionOptimizerSettings& settings);

/// encode(decode(x)): rounds integers to their grid and one-hot categoricals to the
/// largest coordinate.
[[nodiscard]] std::vector<double> project(const space::SearchSpace& space,
                                          const std::vector<double>& x);

}  // namespace ecopt::optim::mobo
