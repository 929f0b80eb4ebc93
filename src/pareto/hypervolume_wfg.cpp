// WFG exact hypervolume for 4 and more objectives (L. While, L. Bradstreet, L. Barone,
// "A fast way of calculating exact hypervolumes", IEEE TEC 16(1), 2012).
//
// With points sorted by the last objective z (ascending), the volume is a sum of slabs:
//   HV_d(S) = sum_i (ref_z - z_i) * excl_{d-1}(p_i | p_0..p_{i-1}),
// where the exclusive (d-1)-volume of p_i against the better-z points is its box minus
// the hypervolume of their "limit set": each earlier point clipped to p_i's box
// (componentwise max), reduced to its non-dominated members. The limit sets are usually
// far smaller than the input once dominated members are dropped, which is where WFG
// gets its speed. The recursion stops at 3 objectives, solved by the O(n log n) sweep.
#include <algorithm>

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
    Volume total = 0.0L;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const Volume slab = static_cast<Volume>(reference_[last]) - rows[i][last];
      total += slab * exclusive(rows[i], rows.first(i), last);
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

 private:
  struct Candidate {
    double last;  ///< objective d-1, the primary sort key
    double sum;   ///< sum of all objectives, breaks ties so dominators come first
    const double* row;
  };
  struct Level {
    std::vector<double> storage;
    std::vector<Candidate> candidates;
    std::vector<const double*> rows;
  };

  static bool weakly_dominates(const double* a, const double* b, std::size_t d) {
    for (std::size_t j = 0; j < d; ++j) {
      if (a[j] > b[j]) return false;
    }
    return true;
  }

  /// Fills level.rows with the non-dominated members of `others` clipped to point's box,
  /// in ascending order of objective d-1. Returns false when some member weakly
  /// dominates `point` (nothing exclusive left).
  bool make_limit_set(const double* point, Rows others, std::size_t d, Level& level) {
    level.storage.resize(others.size() * d);
    level.candidates.clear();
    const std::size_t last = d - 1;
    for (std::size_t i = 0; i < others.size(); ++i) {
      const double* q = others[i];
      double* clipped = level.storage.data() + i * d;
      double sum = 0.0;
      bool covers_point = true;
      for (std::size_t j = 0; j < d; ++j) {
        covers_point = covers_point && q[j] <= point[j];
        clipped[j] = std::max(q[j], point[j]);
        sum += clipped[j];
      }
      if (covers_point) return false;
      level.candidates.push_back({clipped[last], sum, clipped});
    }
    if (d <= 3) {
      // The 2-D and 3-D sweeps skip dominated points themselves, in O(n log n); a
      // quadratic filter here would cost more than it saves.
      level.rows.clear();
      for (const Candidate& candidate : level.candidates) level.rows.push_back(candidate.row);
      return true;
    }
    // Sorted by the last objective, then by the sum of all: a dominator (or an identical
    // point) always comes first, so one pass against the kept points filters the set.
    std::sort(level.candidates.begin(), level.candidates.end(),
              [](const Candidate& a, const Candidate& b) {
                return a.last < b.last || (a.last == b.last && a.sum < b.sum);
              });
    level.rows.clear();
    for (const Candidate& candidate : level.candidates) {
      bool covered = false;
      for (const double* kept : level.rows) {
        if (weakly_dominates(kept, candidate.row, d)) {
          covered = true;
          break;
        }
      }
      if (!covered) level.rows.push_back(candidate.row);
    }
    return true;
  }

  const double* reference_;
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
