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

/// Default bound on the trade-off a front point may demand before it stops counting
/// towards an inferred reference point (see `trade_off_bounded_indices`): a point that
/// gains less than 1/10 of what it loses elsewhere, in units of the front's range.
inline constexpr double kDefaultMaxTradeOff = 10.0;

/// Indices (ascending) of the minimised `front`'s points that no other point
/// alpha-dominates (Ikeda, Kita & Kobayashi 2001) with alpha = 1 / max_trade_off: point a
/// alpha-dominates b when a_i + alpha * sum_{j != i} a_j <= b_i + alpha * sum_{j != i} b_j
/// for every objective i, strictly for one, each objective scaled by the range of the
/// points kept. It drops "dominance-resistant" points, such as (0.001, 2.5) next to
/// (0.05, 1.0), which Pareto dominance keeps but which trade a sliver of one objective for
/// a large loss in another. The scale is refined from the kept points (at most 4 rounds),
/// since those very points stretch the range. Throws std::invalid_argument unless
/// max_trade_off > 0 and finite values.
[[nodiscard]] std::vector<std::size_t> trade_off_bounded_indices(
    const PointSet& front, double max_trade_off = kDefaultMaxTradeOff);

/// A reference point for minimised points whose extremes may be dominance resistant:
/// per objective, worst + margin * (worst - best), where worst is taken over the points
/// `trade_off_bounded_indices` keeps and best over all points; when it keeps only one
/// point (a corner dominating the rest), worst is taken over all points. Without this, one
/// observation far out along an objective nobody trades for (DTLZ2's f2 = 2.5 at f1 = 0)
/// stretches the box, and EHVI spends trials improving a region no sensible reference
/// scores. Throws std::invalid_argument for an empty set, NaN/inf or a negative margin.
[[nodiscard]] std::vector<double> infer_bounded_reference_point(
    const PointSet& front, double max_trade_off = kDefaultMaxTradeOff,
    double margin = kDefaultReferenceMargin);

/// Per objective, the user's threshold where one is given (for example from a study
/// file), otherwise the inferred value above. `thresholds` has one entry per objective.
[[nodiscard]] std::vector<double> reference_point(const PointSet& points,
                                                  std::span<const std::optional<double>> thresholds,
                                                  Directions directions = {},
                                                  double margin = kDefaultReferenceMargin);

}  // namespace ecopt::pareto
