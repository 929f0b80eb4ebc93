// Non-dominated sorting by the generalised Jensen divide and conquer.
//
// References:
//   M. T. Jensen, "Reducing the run-time complexity of multiobjective EAs: the NSGA-II and
//     other algorithms", IEEE TEC 7(5), 2003.
//   F.-A. Fortin, S. Grenier, M. Parizeau, "Generalizing the improved run-time complexity
//     algorithm for non-dominated sorting", GECCO 2013 (handles equal objective values).
//   M. Buzdalov, A. Shalyto, "A provably asymptotically fast version of the generalized
//     Jensen algorithm for non-dominated sorting", PPSN XIII, 2014 (median splits,
//     O(n log^(m-1) n)).
//
// Points are deduplicated and sorted lexicographically first; "position" below is a
// point's place in that order, so a dominator always has a smaller position. Subsets
// are vectors of positions kept ascending. Ranks only ever grow, by
// rank[b] = max(rank[b], rank[a] + 1) whenever a dominates b, and the recursion finishes
// a point's rank before using it to raise others.
#include <algorithm>
#include <map>

#include "detail/lex_order.hpp"
#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::pareto {
namespace {

using Positions = std::vector<std::size_t>;

/// Staircase over the second objective: keys ascending with ranks strictly ascending,
/// answering "highest rank among inserted points whose second objective is <= y".
class RankStaircase {
 public:
  /// Returns -1 when no inserted point qualifies.
  [[nodiscard]] long best_rank_at_or_below(double y) const {
    auto it = steps_.upper_bound(y);
    if (it == steps_.begin()) return -1;
    return static_cast<long>(std::prev(it)->second);
  }
  void insert(double y, std::size_t rank) {
    if (best_rank_at_or_below(y) >= static_cast<long>(rank)) return;
    auto it = steps_.lower_bound(y);
    while (it != steps_.end() && it->second <= rank) it = steps_.erase(it);
    steps_.emplace_hint(it, y, rank);
  }

 private:
  std::map<double, std::size_t> steps_;
};

class JensenSorter {
 public:
  explicit JensenSorter(const PointSet& distinct)
      : values_(distinct.values.data()), d_(distinct.dimension), rank_(distinct.size(), 0) {}

  std::vector<std::size_t> run() {
    const std::size_t n = rank_.size();
    if (d_ == 1) {
      for (std::size_t i = 0; i < n; ++i) rank_[i] = i;  // distinct and ascending
      return rank_;
    }
    Positions all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    helper_a(all, d_ - 1);
    return rank_;
  }

 private:
  [[nodiscard]] double at(std::size_t position, std::size_t objective) const {
    return values_[position * d_ + objective];
  }

  /// a <= b in objectives 0..k.
  [[nodiscard]] bool weakly_better_up_to(std::size_t a, std::size_t b, std::size_t k) const {
    for (std::size_t j = 0; j <= k; ++j) {
      if (at(a, j) > at(b, j)) return false;
    }
    return true;
  }

  void raise(std::size_t dominated, std::size_t dominator) {
    rank_[dominated] = std::max(rank_[dominated], rank_[dominator] + 1);
  }

  [[nodiscard]] double median(const Positions& a, const Positions& b, std::size_t k) const {
    std::vector<double> keys;
    keys.reserve(a.size() + b.size());
    for (std::size_t p : a) keys.push_back(at(p, k));
    for (std::size_t p : b) keys.push_back(at(p, k));
    auto middle = keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2);
    std::nth_element(keys.begin(), middle, keys.end());
    return *middle;
  }

  struct Split {
    Positions less, equal, greater;
  };
  [[nodiscard]] Split split(const Positions& s, std::size_t k, double pivot) const {
    Split parts;
    for (std::size_t p : s) {
      const double x = at(p, k);
      (x < pivot ? parts.less : x == pivot ? parts.equal : parts.greater).push_back(p);
    }
    return parts;
  }

  static Positions merged(const Positions& a, const Positions& b) {
    Positions out(a.size() + b.size());
    std::merge(a.begin(), a.end(), b.begin(), b.end(), out.begin());
    return out;
  }

  /// Ranks within `s`, whose points agree on every objective above k.
  void helper_a(const Positions& s, std::size_t k) {
    if (s.size() < 2) return;
    if (s.size() == 2) {
      if (weakly_better_up_to(s[0], s[1], k)) raise(s[1], s[0]);
      return;
    }
    if (k == 1) {
      sweep_a(s);
      return;
    }
    const double first = at(s.front(), k);
    if (std::all_of(s.begin(), s.end(), [&](std::size_t p) { return at(p, k) == first; })) {
      helper_a(s, k - 1);
      return;
    }
    const Split parts = split(s, k, median(s, {}, k));
    helper_a(parts.less, k);
    helper_b(parts.less, parts.equal, k - 1);
    helper_a(parts.equal, k - 1);
    helper_b(merged(parts.less, parts.equal), parts.greater, k - 1);
    helper_a(parts.greater, k);
  }

  /// Raises ranks in `high` from the finished ranks in `low`, where every low point is
  /// known to be no worse than every high point in the objectives above k.
  void helper_b(const Positions& low, const Positions& high, std::size_t k) {
    if (low.empty() || high.empty()) return;
    if (low.size() == 1 || high.size() == 1) {
      for (std::size_t h : high) {
        for (std::size_t l : low) {
          if (l < h && weakly_better_up_to(l, h, k)) raise(h, l);
        }
      }
      return;
    }
    if (k == 1) {
      sweep_b(low, high);
      return;
    }
    auto [low_min, low_max] = bounds(low, k);
    auto [high_min, high_max] = bounds(high, k);
    if (low_max <= high_min) {
      helper_b(low, high, k - 1);
      return;
    }
    if (low_min > high_max) return;  // no low point can dominate any high point
    const double pivot = median(low, high, k);
    const Split l = split(low, k, pivot);
    const Split h = split(high, k, pivot);
    helper_b(l.less, h.less, k);
    helper_b(l.less, h.equal, k - 1);
    helper_b(l.equal, h.equal, k - 1);
    helper_b(merged(l.less, l.equal), h.greater, k - 1);
    helper_b(l.greater, h.greater, k);
  }

  struct Bounds {
    double min, max;
  };
  [[nodiscard]] Bounds bounds(const Positions& s, std::size_t k) const {
    Bounds b{at(s.front(), k), at(s.front(), k)};
    for (std::size_t p : s) {
      b.min = std::min(b.min, at(p, k));
      b.max = std::max(b.max, at(p, k));
    }
    return b;
  }

  /// Two objectives: in position order every earlier point is no worse in objective 0,
  /// so a point is dominated by the earlier ones whose objective 1 is no larger.
  void sweep_a(const Positions& s) {
    RankStaircase staircase;
    for (std::size_t p : s) {
      const long best = staircase.best_rank_at_or_below(at(p, 1));
      if (best >= 0) rank_[p] = std::max(rank_[p], static_cast<std::size_t>(best) + 1);
      staircase.insert(at(p, 1), rank_[p]);
    }
  }

  void sweep_b(const Positions& low, const Positions& high) {
    RankStaircase staircase;
    std::size_t next_low = 0;
    for (std::size_t h : high) {
      while (next_low < low.size() && low[next_low] < h) {
        staircase.insert(at(low[next_low], 1), rank_[low[next_low]]);
        ++next_low;
      }
      const long best = staircase.best_rank_at_or_below(at(h, 1));
      if (best >= 0) rank_[h] = std::max(rank_[h], static_cast<std::size_t>(best) + 1);
    }
  }

  const double* values_;
  std::size_t d_;
  std::vector<std::size_t> rank_;
};

}  // namespace

std::vector<std::size_t> pareto_ranks(const PointSet& input, Directions directions) {
  const PointSet points = to_minimization(input, directions);
  if (points.empty()) return {};
  const detail::DistinctPoints distinct = detail::distinct_points(points);
  const std::vector<std::size_t> distinct_ranks = JensenSorter(distinct.points).run();
  std::vector<std::size_t> ranks(points.size());
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    ranks[i] = distinct_ranks[distinct.representative_of[i]];
  }
  return ranks;
}

std::vector<std::vector<std::size_t>> fronts_from_ranks(const std::vector<std::size_t>& ranks) {
  std::vector<std::vector<std::size_t>> fronts;
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    if (ranks[i] >= fronts.size()) fronts.resize(ranks[i] + 1);
    fronts[ranks[i]].push_back(i);
  }
  return fronts;
}

}  // namespace ecopt::pareto
