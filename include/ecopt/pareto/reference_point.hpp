#pragma once
// Choosing the hypervolume reference point.

#include <optional>
#include <span>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto {

/// Default margin for an inferred reference point, as a fraction of each objective's
/// observed range (the same 10 % that moocore's `hv` uses when no -r is given).
inline constexpr double kDefaultReferenceMargin = 0.1;

/// A reference point from the observed nadir plus a margin, in the caller's directions:
/// for a minimised objective, worst + margin * (worst - best); for a maximised one,
/// worst - margin * (best - worst). When an objective's range is zero, the margin is
/// taken relative to max(|worst|, 1) so the reference still lies strictly beyond every
/// point. Throws std::invalid_argument for an empty set, NaN/inf, or a negative margin.
[[nodiscard]] std::vector<double> infer_reference_point(const PointSet& points,
                                                        Directions directions = {},
                                                        double margin = kDefaultReferenceMargin);

/// Per objective, the user's threshold where one is given (for example from a study
/// file), otherwise the inferred value above. `thresholds` has one entry per objective.
[[nodiscard]] std::vector<double> reference_point(const PointSet& points,
                                                  std::span<const std::optional<double>> thresholds,
                                                  Directions directions = {},
                                                  double margin = kDefaultReferenceMargin);

}  // namespace ecopt::pareto
