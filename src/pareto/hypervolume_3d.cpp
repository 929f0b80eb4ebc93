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
#include "detail/staircase.hpp"

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

template <class Steps>
Volume sweep(Rows rows, const double* reference) {
  Staircase<Steps> staircase(reference[0], reference[1]);
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
