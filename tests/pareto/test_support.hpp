#pragma once
// Independent brute-force references for the Pareto tests. Deliberately naive, so they
// share no code or idea with the algorithms they check.

#include <algorithm>
#include <cstddef>
#include <random>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto::testing {

/// Random points; with `grid` > 0 values are integers in [0, grid) so ties and
/// duplicates are common.
inline PointSet random_points(std::mt19937_64& rng, std::size_t n, std::size_t d, int grid = 0) {
  PointSet set;
  set.dimension = d;
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_int_distribution<int> integer(0, std::max(grid - 1, 0));
  for (std::size_t k = 0; k < n * d; ++k) {
    set.values.push_back(grid > 0 ? static_cast<double>(integer(rng)) : uniform(rng));
  }
  return set;
}

/// a dominates b (minimisation), straight from the definition.
inline bool naive_dominates(std::span<const double> a, std::span<const double> b) {
  bool strictly = false;
  for (std::size_t j = 0; j < a.size(); ++j) {
    if (a[j] > b[j]) return false;
    if (a[j] < b[j]) strictly = true;
  }
  return strictly;
}

/// Textbook ranks: peel off non-dominated layers one by one (O(M N^3), tiny inputs only).
inline std::vector<std::size_t> naive_ranks(const PointSet& points) {
  const std::size_t n = points.size();
  std::vector<std::size_t> rank(n, 0);
  std::vector<bool> assigned(n, false);
  std::size_t remaining = n;
  for (std::size_t front = 0; remaining > 0; ++front) {
    std::vector<std::size_t> layer;
    for (std::size_t i = 0; i < n; ++i) {
      if (assigned[i]) continue;
      bool dominated = false;
      for (std::size_t j = 0; j < n && !dominated; ++j) {
        dominated = !assigned[j] && naive_dominates(points.point(j), points.point(i));
      }
      if (!dominated) layer.push_back(i);
    }
    for (std::size_t i : layer) {
      rank[i] = front;
      assigned[i] = true;
    }
    remaining -= layer.size();
  }
  return rank;
}

/// Exact hypervolume by summing the cells of the grid that the points' coordinates and
/// the reference span: a cell counts when its lower corner is weakly dominated by a
/// point that strictly dominates the reference.
inline double grid_hypervolume(const PointSet& points, const std::vector<double>& reference) {
  const std::size_t d = points.dimension;
  std::vector<std::vector<double>> cuts(d);
  std::vector<std::size_t> usable;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool inside = true;
    for (std::size_t j = 0; j < d; ++j) inside = inside && points.point(i)[j] < reference[j];
    if (inside) usable.push_back(i);
  }
  for (std::size_t j = 0; j < d; ++j) {
    cuts[j].push_back(reference[j]);
    for (std::size_t i : usable) cuts[j].push_back(points.point(i)[j]);
    std::sort(cuts[j].begin(), cuts[j].end());
    cuts[j].erase(std::unique(cuts[j].begin(), cuts[j].end()), cuts[j].end());
  }
  double volume = 0.0;
  std::vector<std::size_t> cell(d, 0);
  while (true) {
    bool valid = true;
    for (std::size_t j = 0; j < d; ++j) valid = valid && cell[j] + 1 < cuts[j].size();
    if (valid) {
      bool covered = false;
      for (std::size_t i : usable) {
        bool dominates_corner = true;
        for (std::size_t j = 0; j < d && dominates_corner; ++j) {
          dominates_corner = points.point(i)[j] <= cuts[j][cell[j]];
        }
        if (dominates_corner) {
          covered = true;
          break;
        }
      }
      if (covered) {
        double cell_volume = 1.0;
        for (std::size_t j = 0; j < d; ++j) cell_volume *= cuts[j][cell[j] + 1] - cuts[j][cell[j]];
        volume += cell_volume;
      }
    }
    std::size_t j = 0;
    while (j < d && ++cell[j] >= cuts[j].size()) cell[j++] = 0;
    if (j == d) break;
  }
  return volume;
}

}  // namespace ecopt::pareto::testing
