// 2-D hypervolume: sort by the first objective, then each point adds the strip between
// its second objective and the best second objective seen so far. O(n log n).
#include <algorithm>

#include "detail/hypervolume_kernels.hpp"

namespace ecopt::pareto::detail {

Volume hypervolume_2d(Rows rows, const double* reference) {
  std::sort(rows.begin(), rows.end(), [](const double* a, const double* b) {
    return a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]);
  });
  Volume area = 0.0L;
  double best_second = reference[1];
  for (const double* p : rows) {
    if (p[1] < best_second) {
      area +=
          (static_cast<Volume>(reference[0]) - p[0]) * (static_cast<Volume>(best_second) - p[1]);
      best_second = p[1];
    }
  }
  return area;
}

}  // namespace ecopt::pareto::detail
