#pragma once
// Non-dominated filtering, non-dominated sorting into fronts, and crowding distance.

#include <cstddef>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto {

/// Indices (ascending) of the points no other point dominates. Duplicates of a
/// non-dominated point are all kept, since equal points do not dominate each other.
/// O(n log n) for 2 and 3 objectives.
[[nodiscard]] std::vector<std::size_t> nondominated_indices(const PointSet& points,
                                                            Directions directions = {});

/// The front of each point, 0 for the non-dominated ones, in input order. Identical
/// points share a front. Uses the generalised Jensen divide and conquer (Fortin,
/// Grenier, Parizeau 2013; with the median split of Buzdalov and Shalyto 2014), which is
/// O(n log^(m-1) n) for m objectives and O(n log n) for 2.
[[nodiscard]] std::vector<std::size_t> pareto_ranks(const PointSet& points,
                                                    Directions directions = {});

/// Groups point indices by front: result[k] holds the points of rank k, ascending.
[[nodiscard]] std::vector<std::vector<std::size_t>> fronts_from_ranks(
    const std::vector<std::size_t>& ranks);

/// NSGA-II crowding distance (Deb et al. 2002) of each point within `front`: the sum over
/// objectives of the normalised gap between its two neighbours. Boundary points get
/// +infinity; an objective with zero range adds nothing. Identical points share the same
/// distance.
[[nodiscard]] std::vector<double> crowding_distance(const PointSet& front,
                                                    Directions directions = {});

}  // namespace ecopt::pareto
