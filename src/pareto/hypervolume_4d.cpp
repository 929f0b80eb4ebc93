// 4-D hypervolume by the HV4D+ sweep (A. P. Guerreiro, C. M. Fonseca, "Computing and
// updating hypervolume contributions in up to four dimensions", IEEE TEVC 22(3), 2018).
//
// The points are visited in ascending w (objective 3). The 3-D front of the points seen
// so far is kept twice, sorted by x and by z. A new point p adds to the 3-D volume its
// exclusive contribution, computed in one pass over that front: the points at or below
// p's z, read in x order, build the 2-D staircase they cover inside p's box
// [p.x, ref.x) x [p.y, ref.y) in linear time; the points above p's z, read in z order,
// then cover more of it slab by slab, and p's contribution is the uncovered area times
// each slab's height. The pass stops as soon as a point covers the whole box. Points
// that p dominates in 3-D leave the front, so it stays small on most inputs.
#include "detail/hypervolume_4d.hpp"

#include <algorithm>

namespace ecopt::pareto::detail {

Volume Hypervolume4d::volume(Rows rows, const double* reference) {
  reference_ = reference;
  by_x_.clear();
  by_z_.clear();
  Volume volume_3d = 0.0L;
  Volume total = 0.0L;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    volume_3d += add(Point3{rows[i][0], rows[i][1], rows[i][2]});
    const double next_w = i + 1 < rows.size() ? rows[i + 1][3] : reference[3];
    total += volume_3d * (static_cast<Volume>(next_w) - rows[i][3]);
  }
  return total;
}

/// The 3-D volume `point` adds to the front, which then takes it in.
Volume Hypervolume4d::add(const Point3& point) {
  if (!fill_staircase_below(point)) return 0.0L;  // weakly dominated: changes nothing
  const Volume box = (static_cast<Volume>(reference_[0]) - point.x) *
                     (static_cast<Volume>(reference_[1]) - point.y);
  const Volume contribution = contribution_above(point, box, box - staircase_.area());
  keep(point);
  return contribution;
}

/// Fills the staircase with the front's points at or below point's z, clipped to its
/// box; false when one of them weakly dominates it.
bool Hypervolume4d::fill_staircase_below(const Point3& point) {
  staircase_.reset(reference_[0], reference_[1]);
  scanned_ = by_x_.size();
  // A range for: an index loop would reload the vector's size after every append.
  for (const Point3& q : by_x_) {
    if (q.z > point.z) continue;
    if (q.y <= point.y) {
      if (q.x <= point.x) return false;
      // Every later point has a larger x, so this step covers whatever they would; and q
      // weakly dominates every later one that point would, so none of those is left.
      staircase_.append(q.x, point.y);
      scanned_ = static_cast<std::size_t>(&q - by_x_.data()) + 1;
      break;
    }
    staircase_.append(std::max(q.x, point.x), q.y);
  }
  return true;
}

/// The exclusive volume of `point`, given the area of its box (`box`) and the part of it
/// left uncovered at its z.
Volume Hypervolume4d::contribution_above(const Point3& point, Volume box, Volume uncovered_area) {
  auto above = std::upper_bound(by_z_.begin(), by_z_.end(), point.z,
                                [](double z, const Point3& q) { return z < q.z; });
  Volume contribution = 0.0L;
  double z = point.z;
  for (; above != by_z_.end(); ++above) {
    const Point3& q = *above;
    contribution += uncovered_area * (static_cast<Volume>(q.z) - z);
    z = q.z;
    if (q.x <= point.x && q.y <= point.y) return contribution;  // box now covered
    staircase_.insert(std::max(q.x, point.x), std::max(q.y, point.y));
    uncovered_area = box - staircase_.area();
  }
  return contribution + uncovered_area * (static_cast<Volume>(reference_[2]) - z);
}

namespace {

/// Puts `point` at `place` in `points` and drops the members of [place, end) that
/// `dominated` selects, in one pass that keeps the others' order; false when none is
/// dropped.
template <class Point, class Dominated>
bool insert_dropping(std::vector<Point>& points, typename std::vector<Point>::iterator place,
                     typename std::vector<Point>::iterator end, const Point& point,
                     Dominated dominated) {
  const auto first = std::find_if(place, end, dominated);
  if (first == end) {
    points.insert(place, point);
    return false;
  }
  // The first dropped member makes room: shift the ones before it by one.
  std::move_backward(place, first, first + 1);
  *place = point;
  auto kept_end = std::remove_if(first + 1, end, dominated);
  points.erase(kept_end, end);
  return true;
}

}  // namespace

/// Takes `point` into the front, dropping the points it weakly dominates in 3-D: in by_x_
/// they lie between its place and the end of the last scan, and in by_z_ after its place.
void Hypervolume4d::keep(const Point3& point) {
  const auto by_x = [](const Point3& q, double x) { return q.x < x; };
  const auto by_z = [](const Point3& q, double z) { return q.z < z; };
  const auto scanned = by_x_.begin() + static_cast<std::ptrdiff_t>(scanned_);
  const auto x_place = std::lower_bound(by_x_.begin(), scanned, point.x, by_x);
  const bool dropped = insert_dropping(by_x_, x_place, scanned, point, [&point](const Point3& q) {
    return point.y <= q.y && point.z <= q.z;  // and point.x <= q.x
  });
  const auto z_place = std::lower_bound(by_z_.begin(), by_z_.end(), point.z, by_z);
  if (!dropped) {
    by_z_.insert(z_place, point);
    return;
  }
  insert_dropping(by_z_, z_place, by_z_.end(), point, [&point](const Point3& q) {
    return point.x <= q.x && point.y <= q.y;  // and point.z <= q.z
  });
}

}  // namespace ecopt::pareto::detail
