#pragma once
// The 2-D staircase of the hypervolume sweeps (internal): non-dominated 2-D points and
// the area they dominate up to a reference corner, kept up to date as points arrive.
// The 3-D sweep keeps one for the whole front; the 4-D sweep one inside each new point's
// box.

#include <algorithm>
#include <iterator>
#include <vector>

#include "hypervolume_kernels.hpp"

namespace ecopt::pareto::detail {

/// Staircase steps in a sorted vector: no allocation per step, which wins on the small
/// staircases of WFG's limit sets and of the 4-D sweep's boxes.
class FlatSteps {
 public:
  struct Step {
    double x, y;
  };
  using iterator = std::vector<Step>::iterator;
  iterator begin() { return steps_.begin(); }
  iterator end() { return steps_.end(); }
  iterator upper_bound(double x) {
    return std::upper_bound(steps_.begin(), steps_.end(), x,
                            [](double value, const Step& s) { return value < s.x; });
  }
  iterator lower_bound(double x) {
    return std::lower_bound(steps_.begin(), steps_.end(), x,
                            [](const Step& s, double value) { return s.x < value; });
  }
  iterator erase(iterator first, iterator last) { return steps_.erase(first, last); }
  void insert(iterator position, double x, double y) { steps_.insert(position, Step{x, y}); }
  void clear() { steps_.clear(); }
  [[nodiscard]] bool empty() const { return steps_.empty(); }
  Step& back() { return steps_.back(); }
  void push_back(double x, double y) { steps_.push_back(Step{x, y}); }
  static double x(iterator it) { return it->x; }
  static double y(iterator it) { return it->y; }

 private:
  std::vector<Step> steps_;
};

/// Non-dominated 2-D points (x ascending, y strictly descending) and the area they
/// dominate up to the corner (corner_x, corner_y).
template <class Steps>
class Staircase {
 public:
  Staircase(double corner_x, double corner_y) : corner_x_(corner_x), corner_y_(corner_y) {}

  [[nodiscard]] Volume area() const { return area_; }

  /// Empties the staircase and moves its corner; the steps keep their memory.
  void reset(double corner_x, double corner_y) {
    steps_.clear();
    corner_x_ = corner_x;
    corner_y_ = corner_y;
    area_ = 0.0L;
  }

  /// insert() for points that arrive in ascending x, in O(1): seen as horizontal strips,
  /// a new lower step adds the strip between its y and the previous step's.
  void append(double x, double y) {
    double above_y = corner_y_;
    if (!steps_.empty()) {
      auto& last = steps_.back();
      if (last.y <= y) return;  // covered
      above_y = last.y;
      if (last.x == x) {
        area_ += (static_cast<Volume>(corner_x_) - x) * (static_cast<Volume>(above_y) - y);
        last.y = y;
        return;
      }
    }
    area_ += (static_cast<Volume>(corner_x_) - x) * (static_cast<Volume>(above_y) - y);
    steps_.push_back(x, y);
  }

  void insert(double x, double y) {
    auto after = steps_.upper_bound(x);
    if (after != steps_.begin() && Steps::y(std::prev(after)) <= y) return;  // covered

    auto first = steps_.lower_bound(x);
    const double left_y = first == steps_.begin() ? corner_y_ : Steps::y(std::prev(first));
    // Walk right over the steps the new point dominates, adding the area between the
    // old staircase and the new point's level.
    Volume added = 0.0L;
    double from_x = x;
    Volume height = static_cast<Volume>(left_y) - y;
    auto last = first;
    for (; last != steps_.end() && Steps::y(last) >= y; ++last) {
      added += (static_cast<Volume>(Steps::x(last)) - from_x) * height;
      from_x = Steps::x(last);
      height = static_cast<Volume>(Steps::y(last)) - y;
    }
    const double to_x = last == steps_.end() ? corner_x_ : Steps::x(last);
    added += (static_cast<Volume>(to_x) - from_x) * height;
    steps_.insert(steps_.erase(first, last), x, y);
    area_ += added;
  }

 private:
  double corner_x_;
  double corner_y_;
  Steps steps_;
  Volume area_ = 0.0L;
};

}  // namespace ecopt::pareto::detail
