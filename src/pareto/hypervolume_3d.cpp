// 3-D hypervolume by dimension sweep (N. Beume, C. M. Fonseca, M. Lopez-Ibanez,
// L. Paquete, J. Vahrenhold, "On the complexity of computing the hypervolume indicator",
// IEEE TEC 13(5), 2009). Points are visited in ascending third objective; the area their
// projections dominate in the first two objectives is kept up to date in an ordered
// container holding the 2-D staircase, and each slab between consecutive third-objective
// values adds area x height. O(n log n) with a balanced tree.
#include <algorithm>
#include <map>
#include <vector>

#include "detail/hypervolume_kernels.hpp"

namespace ecopt::pareto::detail {
namespace {

/// Staircase steps in a balanced tree: O(log n) updates for large inputs.
class TreeSteps {
 public:
  using iterator = std::map<double, double>::iterator;
  iterator begin() { return steps_.begin(); }
  iterator end() { return steps_.end(); }
  iterator upper_bound(double x) { return steps_.upper_bound(x); }
  iterator lower_bound(double x) { return steps_.lower_bound(x); }
  iterator erase(iterator first, iterator last) { return steps_.erase(first, last); }
  void insert(iterator position, double x, double y) { steps_.emplace_hint(position, x, y); }
  static double x(iterator it) { return it->first; }
  static double y(iterator it) { return it->second; }

 private:
  std::map<double, double> steps_;
};

/// Staircase steps in a sorted vector: no allocation per step, which wins on the small
/// inputs WFG's recursion produces by the thousand (its limit sets have tens of points).
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
  static double x(iterator it) { return it->x; }
  static double y(iterator it) { return it->y; }

 private:
  std::vector<Step> steps_;
};

/// Non-dominated 2-D points (x ascending, y strictly descending) and the area they
/// dominate up to the reference.
template <class Steps>
class Staircase {
 public:
  explicit Staircase(const double* reference) : reference_(reference) {}

  [[nodiscard]] Volume area() const { return area_; }

  void insert(double x, double y) {
    auto after = steps_.upper_bound(x);
    if (after != steps_.begin() && Steps::y(std::prev(after)) <= y) return;  // covered

    auto first = steps_.lower_bound(x);
    const double left_y = first == steps_.begin() ? reference_[1] : Steps::y(std::prev(first));
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
    const double to_x = last == steps_.end() ? reference_[0] : Steps::x(last);
    added += (static_cast<Volume>(to_x) - from_x) * height;
    steps_.insert(steps_.erase(first, last), x, y);
    area_ += added;
  }

 private:
  const double* reference_;
  Steps steps_;
  Volume area_ = 0.0L;
};

template <class Steps>
Volume sweep(Rows rows, const double* reference) {
  Staircase<Steps> staircase(reference);
  Volume volume = 0.0L;
  double previous_z = rows.front()[2];
  for (const double* p : rows) {
    volume += staircase.area() * (static_cast<Volume>(p[2]) - previous_z);
    previous_z = p[2];
    staircase.insert(p[0], p[1]);
  }
  volume += staircase.area() * (static_cast<Volume>(reference[2]) - previous_z);
  return volume;
}

// Above this many points a vector's O(n) insertions could add up; the tree's O(log n)
// bound takes over.
constexpr std::size_t kFlatStaircaseMaxPoints = 1024;

}  // namespace

Volume hypervolume_3d(Rows rows, const double* reference) {
  if (rows.empty()) return 0.0;
  std::sort(rows.begin(), rows.end(), [](const double* a, const double* b) { return a[2] < b[2]; });
  return rows.size() <= kFlatStaircaseMaxPoints ? sweep<FlatSteps>(rows, reference)
                                                : sweep<TreeSteps>(rows, reference);
}

}  // namespace ecopt::pareto::detail
