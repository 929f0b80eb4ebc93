// WFG exact hypervolume for 5 and more objectives, and exclusive volumes in any
// dimension (L. While, L. Bradstreet, L. Barone,
// "A fast way of calculating exact hypervolumes", IEEE TEC 16(1), 2012).
//
// With points sorted by the last objective z (ascending), the volume is a sum of slabs:
//   HV_d(S) = sum_i (ref_z - z_i) * excl_{d-1}(p_i | p_0..p_{i-1}),
// where the exclusive (d-1)-volume of p_i against the better-z points is its box minus
// the hypervolume of their "limit set": each earlier point clipped to p_i's box
// (componentwise max), reduced to its non-dominated members. The limit sets are usually
// far smaller than the input once dominated members are dropped, which is where WFG
// gets its speed. The recursion stops at 4 objectives, solved by the O(n^2) HV4D+ sweep
// (hypervolume_4d.cpp), which beats two more levels of WFG on every front of
// docs/benchmarks.md.
#include <algorithm>
#include <limits>
#include <type_traits>

#include "detail/hypervolume_4d.hpp"
#include "detail/hypervolume_kernels.hpp"
#include "detail/row_compare.hpp"

namespace ecopt::pareto::detail {
namespace {

/// Sorts rows in ascending order of one objective.
void sort_by(Rows rows, std::size_t objective) {
  std::sort(rows.begin(), rows.end(),
            [objective](const double* a, const double* b) { return a[objective] < b[objective]; });
}

class Wfg {
 public:
  Wfg(const double* reference, std::size_t dimension)
      : reference_(reference), levels_(dimension + 1) {}

  /// `sorted`: rows are already in ascending order of objective d-1.
  Volume volume(Rows rows, std::size_t d, bool sorted = false) {
    if (rows.empty()) return 0.0L;
    if (rows.size() == 1) return box_volume(rows[0], reference_, d);
    if (d == 1) {
      const double best = (*std::min_element(rows.begin(), rows.end(),
                                             [](auto a, auto b) { return a[0] < b[0]; }))[0];
      return static_cast<Volume>(reference_[0]) - best;
    }
    if (d == 2) return hypervolume_2d(rows, reference_);
    if (d == 3) return hypervolume_3d(rows, reference_);
    const std::size_t last = d - 1;
    if (!sorted) sort_by(rows, last);
    if (d == 4) return sweep_4d_.volume(rows, reference_);
    // Only the earlier points whose projection onto the first d-1 objectives is not
    // weakly dominated by another earlier point's can matter: clipping preserves weak
    // dominance, so the others' clipped copies would be filtered out of every limit set
    // anyway. Keeping that projected front incrementally shrinks each limit set's
    // candidates from i to a fraction (about 200 of up to 1,000 on a 5-D front).
    std::vector<const double*>& projected_front = levels_[d].projected_front;
    projected_front.clear();
    Volume total = 0.0L;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Volume slab = static_cast<Volume>(reference_[last]) - rows[i][last];
      total += slab * exclusive_then_keep(rows[i], projected_front, last);
    }
    return total;
  }

  /// Box of `point` over the first d objectives minus the volume of `others` clipped
  /// to that box.
  Volume exclusive(const double* point, Rows others, std::size_t d) {
    const Volume box = box_volume(point, reference_, d);
    if (others.empty()) return box;
    if (d >= 4) sort_by(others, d - 1);
    Level& level = levels_[d];
    if (!make_limit_set(point, others, d, level)) return 0.0L;
    return box - volume(level.rows, d, /*sorted=*/d >= 4);
  }

  /// exclusive() of `point` against `front`, the projected front of the earlier points
  /// (d >= 4) in ascending order of objective d-1, which then takes `point` in and drops
  /// the members it weakly dominates. Clipping has compared every member with `point`
  /// already, so keeping the front costs no second pass of comparisons.
  Volume exclusive_then_keep(const double* point, std::vector<const double*>& front,
                             std::size_t d) {
    const Volume box = box_volume(point, reference_, d);
    Level& level = levels_[d];
    // Weakly dominated by a member: adds nothing, and the front stays as it is.
    if (!make_limit_set(point, front, d, level)) return 0.0L;
    front.swap(level.uncovered);
    front.insert(upper_bound_by(front, 0, point, d - 1), point);
    return box - volume(level.rows, d, /*sorted=*/true);
  }

 private:
  struct Level {
    std::vector<double> storage;  ///< clipped copies of the limit set's candidates
    std::vector<const double*> rows;
    std::vector<const double*> projected_front;  ///< used by volume() at this dimension
    std::vector<std::size_t> leader;             ///< per objective: index into others, or kNoLeader
    std::vector<double> leader_value;
    std::vector<const double*> uncovered;  ///< the members of `others` point does not cover
  };
  static constexpr std::size_t kNoLeader = static_cast<std::size_t>(-1);

  /// Where `row` goes in rows[from, end), ascending in `objective`: after its equals.
  static std::vector<const double*>::iterator upper_bound_by(std::vector<const double*>& rows,
                                                             std::size_t from, const double* row,
                                                             std::size_t objective) {
    return std::upper_bound(
        rows.begin() + static_cast<std::ptrdiff_t>(from), rows.end(), row,
        [objective](const double* a, const double* b) { return a[objective] < b[objective]; });
  }

  /// Adds `row` to the archive unless an archived row weakly dominates it; removes the
  /// archived rows that `row` dominates.
  template <class Dimension>
  static void offer_in(std::vector<const double*>& archive, const double* row, Dimension d) {
    const RowCompare<Dimension> candidate(row, d);
    const double** kept = archive.data();
    std::size_t count = archive.size();
    for (std::size_t k = 0; k < count;) {
      const Covering c = candidate.covering(kept[k]);
      if (c.q_covers) {  // the kept row weakly dominates row (or equals it)
        // Move to front: a point that covers one candidate tends to cover the next ones
        // too, so later candidates meet it first.
        std::swap(kept[k], kept[0]);
        archive.resize(count);
        return;
      }
      if (c.covers_q) {  // row dominates the kept row
        kept[k] = kept[--count];
        continue;
      }
      ++k;
    }
    archive.resize(count);
    archive.push_back(row);
  }

  /// offer_in() for a row whose objective `last` is at least every archived row's, and
  /// where rows[from, end) are in ascending order of it: the row can only dominate the
  /// archived rows that tie with it there, at the end, so the others are compared one
  /// way, and the order is kept.
  template <class Dimension>
  static void offer_last_in(std::vector<const double*>& archive, std::size_t from,
                            const double* row, Dimension d) {
    const RowCompare<Dimension> candidate(row, d);
    // From the end: the latest rows are the nearest in `last`, the likeliest to cover it.
    for (std::size_t k = archive.size(); k-- > 0;) {
      if (candidate.covered_by(archive[k])) return;
    }
    const std::size_t last = d - 1;
    std::size_t tie = archive.size();
    while (tie > from && archive[tie - 1][last] == row[last]) --tie;
    archive.erase(std::remove_if(archive.begin() + static_cast<std::ptrdiff_t>(tie), archive.end(),
                                 [&candidate](const double* kept) {
                                   return candidate.covering(kept).covers_q;
                                 }),
                  archive.end());
    archive.push_back(row);
  }

  /// Fills level.rows with the non-dominated members of `others` clipped to point's box,
  /// in ascending order of objective d-1, and level.uncovered with the members point
  /// does not weakly dominate, in their order. For d >= 4, `others` must be in ascending
  /// order of objective d-1. Returns false when some member weakly dominates `point`
  /// (nothing exclusive left).
  bool make_limit_set(const double* point, Rows others, std::size_t d, Level& level) {
    // Fixed dimensions let the compiler unroll the loops over the objectives.
    switch (d) {
      case 4:
        return make_limit_set_in(point, others, std::integral_constant<std::size_t, 4>{}, level);
      case 5:
        return make_limit_set_in(point, others, std::integral_constant<std::size_t, 5>{}, level);
      default:
        return make_limit_set_in(point, others, d, level);
    }
  }

  template <class Dimension>
  bool make_limit_set_in(const double* point, Rows others, Dimension d, Level& level) {
    const RowCompare<Dimension> box(point, d);
    level.storage.resize(others.size() * d);
    level.rows.clear();
    if (d < 4) {
      // Below 4 objectives the 2-D and 3-D sweeps skip dominated points themselves, in
      // O(n log n); a quadratic filter would cost more than it saves.
      for (std::size_t i = 0; i < others.size(); ++i) {
        if (box.covered_by(others[i])) return false;
        level.rows.push_back(clip(box, others[i], d, level, i));
      }
      return true;
    }
    // The members at or below the point in the last objective all clip to the point's
    // value there; those above it keep their own, in ascending order.
    const std::size_t last = d - 1;
    const auto above = std::upper_bound(others.begin(), others.end(), point[last],
                                        [last](double z, const double* q) { return z < q[last]; });
    const Rows below = others.first(static_cast<std::size_t>(above - others.begin()));
    level.uncovered.resize(others.size());
    std::size_t uncovered = 0;
    if (!find_leaders(box, below, d, level, uncovered)) return false;
    filter_below(box, below, d, level);
    filter_above(box, others, below.size(), d, level, uncovered);
    level.uncovered.resize(uncovered);
    return true;
  }

  // The limit set's filter (d >= 4). The candidates are many (the projected front, ~200
  // on a 5-D front of 1,000) but few survive (~15); level.rows ends with the survivors
  // clipped, in ascending order of objective last = d-1.
  //
  // The axis leaders are sure survivors and need no comparisons: clipped, leader j is the
  // point but in j, so it weakly dominates exactly the candidates it "leads"
  // (q_j >= leader_j), which are dropped before they are even clipped; a candidate that
  // no leader leads cannot weakly dominate a leader (it would have to be better than the
  // point in every objective but j, and so be led in j); nor can leaders dominate one
  // another.

  /// The members at or below the point in `last`, whose leaders find_leaders() found:
  /// filtered both ways, then the leaders in every objective but `last`.
  template <class Dimension>
  void filter_below(const RowCompare<Dimension>& box, Rows below, Dimension d, Level& level) {
    const RowCompare<Dimension> leaders(level.leader_value.data(), d);
    for (std::size_t i = 0; i < below.size(); ++i) {
      if (!leaders.reached_by(below[i])) {
        offer_in(level.rows, clip(box, below[i], d, level, i), d);
      }
    }
    for (std::size_t j = 0; j + 1 < d; ++j) {
      const std::size_t leader = level.leader[j];
      if (leader != kNoLeader) level.rows.push_back(clip(box, below[leader], d, level, leader));
    }
  }

  /// The members above the point in `last`, others[from, end), in one pass. None weakly
  /// dominates the point. They arrive in ascending `last`, so each can only dominate an
  /// archived row it ties with there, and the rows stay sorted. The first one better
  /// than the point in every other objective is the leader in `last`, and leads every
  /// later one: from there on only the members the point covers are looked for.
  template <class Dimension>
  void filter_above(const RowCompare<Dimension>& box, Rows others, std::size_t from, Dimension d,
                    Level& level, std::size_t& uncovered) {
    const RowCompare<Dimension> leaders(level.leader_value.data(), d);  // +inf in `last`
    const std::size_t last = d - 1;
    const std::size_t at_point = level.rows.size();  // rows[0, at_point) share point[last]
    std::size_t i = from;
    for (; i < others.size(); ++i) {
      const double* q = others[i];
      const Against a = box.against(q);
      level.uncovered[uncovered] = q;  // branch-free: kept unless covered
      uncovered += !a.covers_q;
      if (a.q_worse_in_one) {  // worse in `last` alone
        const double* leader = clip(box, q, d, level, i);
        // Rows tied with it in `last` are the point but there, so it covers them.
        while (level.rows.size() > at_point && level.rows.back()[last] == leader[last]) {
          level.rows.pop_back();
        }
        level.rows.push_back(leader);
        ++i;
        break;
      }
      if (!leaders.reached_by(q)) offer_last_in(level.rows, at_point, clip(box, q, d, level, i), d);
    }
    for (; i < others.size(); ++i) {
      level.uncovered[uncovered] = others[i];
      uncovered += !box.covers(others[i]);
    }
  }

  /// `q` clipped to the box (componentwise max), written to the i-th row of storage.
  template <class Dimension>
  static const double* clip(const RowCompare<Dimension>& box, const double* q, Dimension d,
                            Level& level, std::size_t i) {
    double* clipped = level.storage.data() + i * d;
    box.clip(clipped, q);
    return clipped;
  }

  /// One pass over the members at or below the point in `last` that finds the axis
  /// leaders: for each objective j, the member better than the point in every objective
  /// but j, with the least value in j. Clipped, a leader equals the point but in j, so it
  /// weakly dominates every clipped member at least as large in j. The pass also keeps
  /// the members the point does not weakly dominate in level.uncovered, from
  /// `uncovered` on. Returns false when a member weakly dominates the point.
  template <class Dimension>
  static bool find_leaders(const RowCompare<Dimension>& point, Rows below, Dimension d,
                           Level& level, std::size_t& uncovered) {
    level.leader.assign(d, kNoLeader);
    level.leader_value.assign(d, std::numeric_limits<double>::infinity());
    const double** kept = level.uncovered.data();
    for (std::size_t i = 0; i < below.size(); ++i) {
      const double* q = below[i];
      const Against a = point.against(q);
      if (a.q_covers) return false;
      kept[uncovered] = q;  // branch-free: kept unless covered
      uncovered += !a.covers_q;
      if (a.q_worse_in_one && q[a.worse_in] < level.leader_value[a.worse_in]) {
        level.leader_value[a.worse_in] = q[a.worse_in];
        level.leader[a.worse_in] = i;
      }
    }
    return true;
  }

  const double* reference_;
  Hypervolume4d sweep_4d_;     // the base case: only the deepest level calls it
  std::vector<Level> levels_;  // one per dimension: each recursion depth owns its buffers
};

}  // namespace

Volume hypervolume_any(Rows rows, const double* reference, std::size_t dimension) {
  Wfg wfg(reference, dimension);
  return wfg.volume(rows, dimension);
}

Volume exclusive_volume(const double* point, Rows set, const double* reference,
                        std::size_t dimension) {
  Wfg wfg(reference, dimension);
  return wfg.exclusive(point, set, dimension);
}

}  // namespace ecopt::pareto::detail
