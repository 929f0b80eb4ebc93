#include "ecopt/pareto/dominance.hpp"

#include <cassert>

namespace ecopt::pareto {

Dominance compare(std::span<const double> a, std::span<const double> b, Directions directions) {
  assert(a.size() == b.size());
  assert(directions.empty() || directions.size() == a.size());
  bool a_better_somewhere = false;
  bool b_better_somewhere = false;
  for (std::size_t j = 0; j < a.size(); ++j) {
    const bool maximize = !directions.empty() && directions[j] == Direction::maximize;
    const double x = maximize ? -a[j] : a[j];
    const double y = maximize ? -b[j] : b[j];
    if (x < y) {
      a_better_somewhere = true;
    } else if (y < x) {
      b_better_somewhere = true;
    } else if (!(x == y)) {
      return Dominance::incomparable;  // NaN
    }
  }
  if (a_better_somewhere && b_better_somewhere) return Dominance::incomparable;
  if (a_better_somewhere) return Dominance::dominates;
  if (b_better_somewhere) return Dominance::dominated;
  return Dominance::equal;
}

bool dominates(std::span<const double> a, std::span<const double> b, Directions directions) {
  return compare(a, b, directions) == Dominance::dominates;
}

bool weakly_dominates(std::span<const double> a, std::span<const double> b, Directions directions) {
  const Dominance d = compare(a, b, directions);
  return d == Dominance::dominates || d == Dominance::equal;
}

}  // namespace ecopt::pareto
