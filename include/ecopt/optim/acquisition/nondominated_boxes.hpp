#pragma once
// The region a new point can improve, as disjoint boxes: everything below the reference
// point that no front point weakly dominates (all objectives minimised).
//
// Decomposition: the coordinates of the front points cut objectives 1..m-1 into a grid;
// within one grid column, a point is dominated exactly when its last objective is at
// least the smallest last objective among the front points that dominate the column's
// lower corner, so each column's improvable part is a single box (-inf, c) in the last
// objective. This gives (P+1)^(m-1) boxes for P front points: a strip per point in 2-D
// (the decomposition of Emmerich, Deutz & Klinkenberg 2011, "Hypervolume-based expected
// improvement: monotonicity properties and exact computation"), and few enough for 3-D.

#include <cstdint>
#include <span>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::optim::acquisition {

struct Interval {
  double lower = 0.0;  ///< may be -infinity
  double upper = 0.0;
};

class NondominatedBoxes {
 public:
  /// `front`: points in minimisation space (dominated points and points that do not
  /// strictly dominate `reference` are dropped). Throws std::invalid_argument for a
  /// reference of the wrong length.
  NondominatedBoxes(const pareto::PointSet& front, std::vector<double> reference);

  [[nodiscard]] std::size_t dimension() const { return reference_.size(); }
  [[nodiscard]] std::size_t box_count() const { return box_count_; }
  [[nodiscard]] const std::vector<double>& reference() const { return reference_; }
  /// Distinct intervals per objective; boxes refer to them by index.
  [[nodiscard]] const std::vector<std::vector<Interval>>& intervals() const { return intervals_; }
  /// Interval index per objective of box `b`.
  [[nodiscard]] std::span<const std::uint32_t> box(std::size_t b) const {
    return {box_intervals_.data() + b * dimension(), dimension()};
  }

  /// HV(front + z) - HV(front), by summing the boxes' parts that z dominates.
  [[nodiscard]] double improvement(std::span<const double> z) const;

 private:
  std::vector<double> reference_;
  std::vector<std::vector<Interval>> intervals_;
  std::vector<std::uint32_t> box_intervals_;
  std::size_t box_count_ = 0;
};

}  // namespace ecopt::optim::acquisition
