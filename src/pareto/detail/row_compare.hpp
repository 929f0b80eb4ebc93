#pragma once
// One row compared objective by objective with many others, for WFG's limit sets
// (internal).
//
// The dimension is a template argument: a std::size_t for any number of objectives, or
// std::integral_constant<std::size_t, N> to let the compiler unroll the loops. Four
// objectives, the level every WFG recursion ends at (the 4-D sweep's input), hold the
// row in two 2-lane vectors (GCC/Clang vector extensions; SSE2 on x86-64) and compare
// both halves of a row at once: a limit set for a 5-D front compares ~200 rows with the
// new point, and most of WFG's instructions went there (docs/benchmarks.md).
// Comparisons and max are exact, so both forms give the same results bit for bit.

#include <cstddef>
#include <cstring>
#include <type_traits>

namespace ecopt::pareto::detail {

/// How another row q compares with this one, objective by objective.
struct Against {
  bool q_covers;         ///< q_j <= this_j for every j: q weakly dominates this row
  bool q_worse_in_one;   ///< q_j > this_j for exactly one j, worse_in
  std::size_t worse_in;  ///< meaningful when q_worse_in_one
  bool covers_q;         ///< q_j >= this_j for every j: this row weakly dominates q
};

/// Weak dominance both ways between this row and q.
struct Covering {
  bool covers_q;  ///< this_j <= q_j for every j
  bool q_covers;  ///< q_j <= this_j for every j
};

/// A row of `d` doubles, compared with many. Branch-free over the objectives: the
/// outcomes are unpredictable, and mispredicted early exits cost more than the
/// comparisons they would save.
template <class Dimension>
class RowCompare {
 public:
  RowCompare(const double* row, Dimension d) : row_(row), d_(d) {}

  [[nodiscard]] Against against(const double* q) const {
    std::size_t worse_count = 0;
    std::size_t worse_in = 0;
    bool covers = true;
    for (std::size_t j = 0; j < d_; ++j) {
      const bool worse = q[j] > row_[j];
      covers &= q[j] >= row_[j];
      worse_count += worse;
      worse_in = worse ? j : worse_in;
    }
    return {worse_count == 0, worse_count == 1, worse_in, covers};
  }

  /// Some q_j >= this_j.
  [[nodiscard]] bool reached_by(const double* q) const {
    bool any = false;
    for (std::size_t j = 0; j < d_; ++j) any |= q[j] >= row_[j];
    return any;
  }

  /// q_j <= this_j for every j.
  [[nodiscard]] bool covered_by(const double* q) const {
    bool covered = true;
    for (std::size_t j = 0; j < d_; ++j) covered &= q[j] <= row_[j];
    return covered;
  }

  /// this_j <= q_j for every j.
  [[nodiscard]] bool covers(const double* q) const {
    bool covers = true;
    for (std::size_t j = 0; j < d_; ++j) covers &= row_[j] <= q[j];
    return covers;
  }

  [[nodiscard]] Covering covering(const double* q) const {
    bool covers = true;
    bool covered = true;
    for (std::size_t j = 0; j < d_; ++j) {
      covers &= row_[j] <= q[j];
      covered &= q[j] <= row_[j];
    }
    return {covers, covered};
  }

  /// out = q clipped to this row's box: std::max(q_j, this_j) (q_j when equal).
  void clip(double* out, const double* q) const {
    for (std::size_t j = 0; j < d_; ++j) out[j] = q[j] < row_[j] ? row_[j] : q[j];
  }

 private:
  const double* row_;
  Dimension d_;
};

namespace lanes {
using Doubles = double __attribute__((vector_size(16)));
using Mask = long long __attribute__((vector_size(16)));

inline Doubles load(const double* values) {
  Doubles v;
  std::memcpy(&v, values, sizeof v);  // rows are only 8-byte aligned
  return v;
}
/// Bit j set where lane j of the four-lane mask (lo, hi) is set.
inline unsigned bits(Mask lo, Mask hi) {
#if defined(__SSE2__)
  return static_cast<unsigned>(__builtin_ia32_movmskpd(reinterpret_cast<Doubles>(lo)) |
                               __builtin_ia32_movmskpd(reinterpret_cast<Doubles>(hi)) << 2);
#else
  return static_cast<unsigned>((lo[0] & 1) | (lo[1] & 2) | (hi[0] & 4) | (hi[1] & 8));
#endif
}
constexpr unsigned kAll = 15;
}  // namespace lanes

/// Four objectives: the row lives in registers, objectives 0-1 and 2-3.
template <>
class RowCompare<std::integral_constant<std::size_t, 4>> {
 public:
  RowCompare(const double* row, std::integral_constant<std::size_t, 4> /*d*/)
      : lo_(lanes::load(row)), hi_(lanes::load(row + 2)) {}

  [[nodiscard]] Against against(const double* q) const {
    const lanes::Doubles lo = lanes::load(q);
    const lanes::Doubles hi = lanes::load(q + 2);
    const unsigned worse = lanes::bits(lo > lo_, hi > hi_);
    const unsigned at_least = lanes::bits(lo >= lo_, hi >= hi_);
    const bool one = worse != 0 && (worse & (worse - 1)) == 0;
    return {worse == 0, one, static_cast<std::size_t>(__builtin_ctz(worse | 16U)),
            at_least == lanes::kAll};
  }

  [[nodiscard]] bool reached_by(const double* q) const {
    return lanes::bits(lanes::load(q) >= lo_, lanes::load(q + 2) >= hi_) != 0;
  }

  [[nodiscard]] bool covered_by(const double* q) const {
    return lanes::bits(lanes::load(q) <= lo_, lanes::load(q + 2) <= hi_) == lanes::kAll;
  }

  [[nodiscard]] bool covers(const double* q) const {
    return lanes::bits(lo_ <= lanes::load(q), hi_ <= lanes::load(q + 2)) == lanes::kAll;
  }

  [[nodiscard]] Covering covering(const double* q) const {
    const lanes::Doubles lo = lanes::load(q);
    const lanes::Doubles hi = lanes::load(q + 2);
    return {lanes::bits(lo_ <= lo, hi_ <= hi) == lanes::kAll,
            lanes::bits(lo <= lo_, hi <= hi_) == lanes::kAll};
  }

  void clip(double* out, const double* q) const {
    const lanes::Doubles q_lo = lanes::load(q);
    const lanes::Doubles q_hi = lanes::load(q + 2);
    const lanes::Doubles lo = q_lo < lo_ ? lo_ : q_lo;
    const lanes::Doubles hi = q_hi < hi_ ? hi_ : q_hi;
    std::memcpy(out, &lo, sizeof lo);
    std::memcpy(out + 2, &hi, sizeof hi);
  }

 private:
  lanes::Doubles lo_, hi_;
};

}  // namespace ecopt::pareto::detail
