#pragma once
// Exact hypervolume, exclusive contributions and hypervolume improvement.
//
// The hypervolume of a set is the measure of the region it dominates and that dominates
// the reference point. Only points that strictly dominate the reference point count;
// the others are ignored and reported in `ignored_points`, so a caller can warn.
//
// Algorithm by number of objectives:
//   1: the best value's distance to the reference;
//   2: a sweep over points sorted by the first objective, O(n log n);
//   3: the dimension sweep of Beume, Fonseca, Lopez-Ibanez, Paquete and Vahrenhold
//      (IEEE TEC 13(5), 2009), with a balanced tree for the 2-D staircase, O(n log n);
//   4: the HV4D+ sweep of Guerreiro and Fonseca (IEEE TEVC 22(3), 2018): ascending
//      fourth objective, each point's 3-D contribution added to a running volume, O(n^2);
//   5+: WFG (While, Bradstreet and Barone, IEEE TEC 16(1), 2012), whose recursion ends
//      in the 4-D sweep.

#include <cstddef>
#include <span>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto {

struct HypervolumeResult {
  double value = 0.0;
  std::size_t ignored_points = 0;  ///< points that do not strictly dominate the reference
};

/// Throws std::invalid_argument for NaN/inf values or a reference of the wrong length.
[[nodiscard]] HypervolumeResult hypervolume(const PointSet& points,
                                            std::span<const double> reference,
                                            Directions directions = {});

struct HypervolumeContributions {
  /// Exclusive contribution of each input point, in input order: the volume the
  /// non-dominated subset loses if that point alone were removed from it. Weakly
  /// dominated points, duplicates and ignored points contribute 0, and dominated points
  /// do not change the contribution of non-dominated ones (as in moocore's `hv -c`), so a
  /// point's value says what it adds to the front, not what a worse point would recover.
  std::vector<double> contributions;
  double total = 0.0;  ///< hypervolume of the whole set
  std::size_t ignored_points = 0;
};

[[nodiscard]] HypervolumeContributions hypervolume_contributions(const PointSet& points,
                                                                 std::span<const double> reference,
                                                                 Directions directions = {});

/// HV(current ∪ {candidate}) - HV(current): what one candidate would add.
[[nodiscard]] double hypervolume_improvement(const PointSet& current,
                                             std::span<const double> candidate,
                                             std::span<const double> reference,
                                             Directions directions = {});

/// HV(current ∪ candidates) - HV(current): what a batch of candidates would add.
[[nodiscard]] double hypervolume_improvement(const PointSet& current, const PointSet& candidates,
                                             std::span<const double> reference,
                                             Directions directions = {});

}  // namespace ecopt::pareto
