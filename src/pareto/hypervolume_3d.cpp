// 3-D hypervolume by dimension sweep (N. Beume, C. M. Fonseca, M. Lopez-Ibanez,
// L. Paquete, J. Vahrenhold, "On the complexity of computing the hypervolume indicator",
// IEEE TEC 13(5), 2009). Points are visited in ascending third objective; the area their
// projections dominate in the first two objectives is kept up to date in a balanced tree
// holding the 2-D staircase, and each slab between consecutive third-objective values
// adds area x height. O(n log n).
#include <algorithm>
#include <map>

#include "detail/hypervolume_kernels.hpp"

namespace ecopt::pareto::detail {
namespace {

/// Non-dominated 2-D points (x ascending, y strictly descending) and the area they
/// dominate up to the reference.
class Staircase {
 public:
  explicit Staircase(const double* reference) : reference_(reference) {}

  [[nodiscard]] Volume area() const { return area_; }

  void insert(double x, double y) {
    auto after = steps_.upper_bound(x);
    if (after != steps_.begin() && std::prev(after)->second <= y) return;  // covered

    auto it = steps_.lower_bound(x);
    const double left_y = it == steps_.begin() ? reference_[1] : std::prev(it)->second;
    // Walk right over the steps the new point dominates, adding the area between the
    // old staircase and the new point's level.
    Volume added = 0.0L;
    double from_x = x;
    Volume height = static_cast<Volume>(left_y) - y;
    while (it != steps_.end() && it->second >= y) {
      added += (static_cast<Volume>(it->first) - from_x) * height;
      from_x = it->first;
      height = static_cast<Volume>(it->second) - y;
      it = steps_.erase(it);
    }
    const double to_x = it == steps_.end() ? reference_[0] : it->first;
    added += (static_cast<Volume>(to_x) - from_x) * height;
    steps_.emplace_hint(it, x, y);
    area_ += added;
  }

 private:
  const double* reference_;
  std::map<double, double> steps_;
  Volume area_ = 0.0L;
};

}  // namespace

Volume hypervolume_3d(Rows rows, const double* reference) {
  if (rows.empty()) return 0.0;
  std::sort(rows.begin(), rows.end(), [](const double* a, const double* b) { return a[2] < b[2]; });
  Staircase staircase(reference);
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

}  // namespace ecopt::pareto::detail
