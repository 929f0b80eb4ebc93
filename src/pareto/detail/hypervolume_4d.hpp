#pragma once
// The 4-D hypervolume sweep (internal), as a reusable object so that WFG, which calls it
// once per limit set, does not allocate per call.

#include <vector>

#include "hypervolume_kernels.hpp"
#include "staircase.hpp"

namespace ecopt::pareto::detail {

/// HV4D+ (A. P. Guerreiro, C. M. Fonseca, "Computing and updating hypervolume
/// contributions in up to four dimensions", IEEE TEVC 22(3), 2018): sweep the points in
/// ascending fourth objective w, keep the 3-D front of the points seen so far, and add
/// each new point's exclusive 3-D contribution to the running 3-D volume; every slab
/// between consecutive w values adds that volume times its height. O(n^2).
class Hypervolume4d {
 public:
  /// `rows` in ascending order of objective 3, each strictly dominating `reference`.
  Volume volume(Rows rows, const double* reference);

 private:
  /// A member of the 3-D front, copied: the scans below read them in order, and
  /// contiguous values cost a fraction of chasing row pointers.
  struct Point3 {
    double x, y, z;
  };

  Volume add(const Point3& point);
  bool fill_staircase_below(const Point3& point);
  Volume contribution_above(const Point3& point, Volume box, Volume uncovered_area);
  void keep(const Point3& point);

  const double* reference_ = nullptr;
  std::vector<Point3> by_x_;  ///< the 3-D front so far, ascending x
  std::vector<Point3> by_z_;  ///< the same points, ascending z
  std::size_t scanned_ = 0;   ///< by_x_[0, scanned_) holds every point the new one dominates
  Staircase<FlatSteps> staircase_{0.0, 0.0};
};

}  // namespace ecopt::pareto::detail
