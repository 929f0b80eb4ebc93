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

namespace ecopt::pareto::detail {
namespace {

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
    if (!sorted) {
      std::sort(rows.begin(), rows.end(),
                [last](const double* a, const double* b) { return a[last] < b[last]; });
    }
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
    Level& level = levels_[d];
    if (!make_limit_set(point, others, d, level)) return 0.0L;
    return box - volume(level.rows, d, /*sorted=*/d >= 4);
  }

  /// exclusive() of `point` against `front`, the projected front of the earlier points
  /// (d >= 4), which then takes `point` in and drops the members it weakly dominates.
  /// Clipping has compared every member with `point` already, so keeping the front
  /// costs no second pass of comparisons.
  Volume exclusive_then_keep(const double* point, std::vector<const double*>& front,
                             std::size_t d) {
    const Volume box = box_volume(point, reference_, d);
    Level& level = levels_[d];
    // Weakly dominated by a member: adds nothing, and the front stays as it is.
    if (!make_limit_set(point, front, d, level)) return 0.0L;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < front.size(); ++i) {
      if (!level.covered_by_point[i]) front[kept++] = front[i];
    }
    front.resize(kept);
    front.push_back(point);
    return box - volume(level.rows, d, /*sorted=*/true);
  }

 private:
  struct Level {
    std::vector<double> storage;  ///< clipped copies of the limit set's candidates
    std::vector<const double*> rows;
    std::vector<const double*> projected_front;  ///< used by volume() at this dimension
    std::vector<std::size_t> leader;  ///< per objective: index into clipped, or kNoLeader
    std::vector<double> leader_value;
    std::vector<char> covered_by_point;  ///< per member of `others`: point weakly dominates it
  };
  static constexpr std::size_t kNoLeader = static_cast<std::size_t>(-1);

  /// Adds `row` to the archive unless an archived row weakly dominates it; removes the
  /// archived rows that `row` dominates.
  template <class Dimension>
  static void offer_in(std::vector<const double*>& archive, const double* row, Dimension d) {
    for (std::size_t k = 0; k < archive.size();) {
      const double* kept = archive[k];
      // Branch-free over the objectives: mispredicted early exits cost more than the
      // comparisons they would save.
      bool kept_covers = true;
      bool row_covers = true;
      for (std::size_t j = 0; j < d; ++j) {
        kept_covers &= kept[j] <= row[j];
        row_covers &= row[j] <= kept[j];
      }
      if (kept_covers) {  // kept weakly dominates row (or equals it)
        // Move to front: a point that covers one candidate tends to cover the next ones
        // too, so later candidates meet it first.
        std::swap(archive[k], archive[0]);
        return;
      }
      if (row_covers) {  // row dominates kept
        archive[k] = archive.back();
        archive.pop_back();
        continue;
      }
      ++k;
    }
    archive.push_back(row);
  }

  /// Fills level.rows with the non-dominated members of `others` clipped to point's box,
  /// in ascending order of objective d-1. Returns false when some member weakly
  /// dominates `point` (nothing exclusive left).
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
    if (!find_leaders(point, others, d, level)) return false;
    level.storage.resize(others.size() * d);
    level.rows.clear();
    // Below 4 objectives the 2-D and 3-D sweeps skip dominated points themselves, in
    // O(n log n); a quadratic filter would cost more than it saves.
    const bool filter = d >= 4;
    // Otherwise filter with an archive of mutually non-dominated candidates: a candidate
    // is dropped when a kept one weakly dominates it, and evicts the kept ones it
    // dominates. The candidates are many (the projected front, ~200 on a 5-D front of
    // 1,000) but few survive (~15). The archive starts with the axis leaders, which
    // nothing dominates, and every candidate an axis leader covers is dropped before it
    // is even clipped. Only the survivors are sorted, by objective d-1, for the recursion.
    for (std::size_t j = 0; j < d && filter; ++j) {
      const std::size_t i = level.leader[j];
      if (i != kNoLeader) offer_in(level.rows, clip(point, others[i], d, level, i), d);
    }
    for (std::size_t i = 0; i < others.size(); ++i) {
      const double* q = others[i];
      if (filter) {
        bool led = false;  // q_j >= leader_j > point_j: clipped, q stays at q_j
        for (std::size_t j = 0; j < d; ++j) led |= q[j] >= level.leader_value[j];
        if (led) continue;
        offer_in(level.rows, clip(point, q, d, level, i), d);
      } else {
        level.rows.push_back(clip(point, q, d, level, i));
      }
    }
    if (filter) {
      const std::size_t last = d - 1;
      std::sort(level.rows.begin(), level.rows.end(),
                [last](const double* a, const double* b) { return a[last] < b[last]; });
    }
    return true;
  }

  /// `q` clipped to point's box (componentwise max), written to the i-th row of storage.
  template <class Dimension>
  static const double* clip(const double* point, const double* q, Dimension d, Level& level,
                            std::size_t i) {
    double* clipped = level.storage.data() + i * d;
    for (std::size_t j = 0; j < d; ++j) clipped[j] = std::max(q[j], point[j]);
    return clipped;
  }

  /// One pass over `others` that finds the axis leaders: for each objective j, the
  /// member better than `point` in every objective but j, with the least value in j.
  /// Clipped, a leader equals `point` but in j, so it weakly dominates every clipped
  /// member at least as large in j. The pass also notes the members `point` weakly
  /// dominates. Returns false when a member weakly dominates `point`.
  template <class Dimension>
  static bool find_leaders(const double* point, Rows others, Dimension d, Level& level) {
    level.leader.assign(d, kNoLeader);
    level.leader_value.assign(d, std::numeric_limits<double>::infinity());
    level.covered_by_point.resize(others.size());
    for (std::size_t i = 0; i < others.size(); ++i) {
      const double* q = others[i];
      std::size_t worse_count = 0;
      std::size_t worse_in = 0;
      bool covered = true;
      for (std::size_t j = 0; j < d; ++j) {
        const bool worse = q[j] > point[j];
        covered &= q[j] >= point[j];
        worse_count += worse;
        worse_in = worse ? j : worse_in;
      }
      if (worse_count == 0) return false;
      level.covered_by_point[i] = covered;
      if (worse_count == 1 && q[worse_in] < level.leader_value[worse_in]) {
        level.leader_value[worse_in] = q[worse_in];
        level.leader[worse_in] = i;
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
