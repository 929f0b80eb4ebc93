// NSGA-II crowding distance (K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and
// elitist multiobjective genetic algorithm: NSGA-II", IEEE TEC 6(2), 2002, sec. III-B).
// Computed on distinct points so identical points get the same distance; otherwise the
// sort order would give one of two twins a zero gap and the other a positive one.
#include <algorithm>
#include <limits>
#include <numeric>

#include "detail/lex_order.hpp"
#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::pareto {

std::vector<double> crowding_distance(const PointSet& input, Directions directions) {
  const PointSet points = to_minimization(input, directions);
  if (points.empty()) return {};
  const detail::DistinctPoints distinct = detail::distinct_points(points);
  const std::size_t n = distinct.points.size();
  const std::size_t d = points.dimension;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  std::vector<double> distance(n, 0.0);
  if (n <= 2) {
    std::fill(distance.begin(), distance.end(), kInfinity);
  } else {
    std::vector<std::size_t> order(n);
    for (std::size_t j = 0; j < d; ++j) {
      std::iota(order.begin(), order.end(), std::size_t{0});
      auto value = [&](std::size_t i) { return distinct.points.values[i * d + j]; };
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t a, std::size_t b) { return value(a) < value(b); });
      const double range = value(order.back()) - value(order.front());
      distance[order.front()] = kInfinity;
      distance[order.back()] = kInfinity;
      if (range <= 0.0) continue;
      for (std::size_t i = 1; i + 1 < n; ++i) {
        distance[order[i]] += (value(order[i + 1]) - value(order[i - 1])) / range;
      }
    }
  }
  std::vector<double> result(points.size());
  for (std::size_t i = 0; i < result.size(); ++i) {
    result[i] = distance[distinct.representative_of[i]];
  }
  return result;
}

}  // namespace ecopt::pareto
