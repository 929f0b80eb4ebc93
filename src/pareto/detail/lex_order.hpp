#pragma once
// Internal helpers shared by the Pareto algorithms (not installed).

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto::detail {

inline bool rows_equal(const double* a, const double* b, std::size_t dimension) {
  return std::equal(a, a + dimension, b);
}

/// Indices of `points` in lexicographic order of their objective vectors (ties by
/// index, so the order is deterministic). In this order a point can only be dominated
/// by points before it.
inline std::vector<std::size_t> lexicographic_order(const PointSet& points) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const std::size_t d = points.dimension;
  const double* v = points.values.data();
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double* pa = v + a * d;
    const double* pb = v + b * d;
    for (std::size_t j = 0; j < d; ++j) {
      if (pa[j] < pb[j]) return true;
      if (pb[j] < pa[j]) return false;
    }
    return a < b;
  });
  return order;
}

/// Distinct points in lexicographic order, and for each input point the position of its
/// distinct representative.
struct DistinctPoints {
  PointSet points;                             ///< minimisation space, lexicographic order
  std::vector<std::size_t> representative_of;  ///< input index -> position in `points`
};

inline DistinctPoints distinct_points(const PointSet& points) {
  DistinctPoints result;
  const std::size_t d = points.dimension;
  result.points.dimension = d;
  result.representative_of.resize(points.size());
  const std::vector<std::size_t> order = lexicographic_order(points);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const double* row = points.values.data() + order[i] * d;
    const std::size_t count = result.points.size();
    if (count == 0 || !rows_equal(result.points.values.data() + (count - 1) * d, row, d)) {
      result.points.values.insert(result.points.values.end(), row, row + d);
    }
    result.representative_of[order[i]] = result.points.size() - 1;
  }
  return result;
}

}  // namespace ecopt::pareto::detail
