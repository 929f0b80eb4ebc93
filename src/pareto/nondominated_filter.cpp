// Non-dominated filtering: sort lexicographically, then sweep. In lexicographic order a
// point can only be dominated by earlier points, so each point is checked once against
// a summary of the points before it:
//   2 objectives: the smallest second objective so far (O(n log n) overall);
//   3 objectives: a staircase of (second, third) objectives in a balanced tree
//                 (O(n log n), as in Kung, Luccio and Preparata 1975);
//   4 or more:    the list of non-dominated points found so far.
#include <algorithm>
#include <limits>
#include <map>

#include "detail/lex_order.hpp"
#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::pareto {
namespace {

/// Tells whether some already inserted (y, z) pair weakly dominates a query pair.
class Staircase2d {
 public:
  [[nodiscard]] bool covers(double y, double z) const {
    auto it = steps_.upper_bound(y);
    if (it == steps_.begin()) return false;
    --it;  // the step with the largest y' <= y, which has the smallest z among them
    return it->second <= z;
  }
  void insert(double y, double z) {
    if (covers(y, z)) return;
    auto it = steps_.lower_bound(y);
    while (it != steps_.end() && it->second >= z) it = steps_.erase(it);
    steps_.emplace_hint(it, y, z);
  }

 private:
  std::map<double, double> steps_;  // y ascending, z strictly descending
};

}  // namespace

std::vector<std::size_t> nondominated_indices(const PointSet& input, Directions directions) {
  const PointSet points = to_minimization(input, directions);
  const std::size_t n = points.size();
  const std::size_t d = points.dimension;
  std::vector<std::size_t> kept;
  if (n == 0) return kept;
  const std::vector<std::size_t> order = detail::lexicographic_order(points);
  const double* v = points.values.data();
  auto row = [&](std::size_t position) { return v + order[position] * d; };

  double best_second = std::numeric_limits<double>::infinity();
  Staircase2d staircase;
  std::vector<const double*> archive;  // distinct non-dominated points so far

  // Walk groups of identical points: a group is dominated or not as a whole.
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && detail::rows_equal(row(begin), row(end), d)) ++end;
    const double* p = row(begin);
    bool dominated = false;
    if (d == 1) {
      dominated = begin > 0;  // any earlier distinct value is strictly smaller
    } else if (d == 2) {
      dominated = best_second <= p[1];
      best_second = std::min(best_second, p[1]);
    } else if (d == 3) {
      dominated = staircase.covers(p[1], p[2]);
      if (!dominated) staircase.insert(p[1], p[2]);
    } else {
      for (const double* q : archive) {
        if (std::equal(q + 1, q + d, p + 1, [](double a, double b) { return a <= b; })) {
          dominated = true;
          break;
        }
      }
      if (!dominated) archive.push_back(p);
    }
    if (!dominated) {
      for (std::size_t i = begin; i < end; ++i) kept.push_back(order[i]);
    }
    begin = end;
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace ecopt::pareto
