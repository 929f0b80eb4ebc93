// Exactness of the 4-D hypervolume sweep (HV4D+) and of WFG with it as its base case.
// The reference slices the set on its last objective and asks the (d-1)-objective
// hypervolume of each slice: for 4 objectives that is the 3-D sweep, so the two answers
// share no 4-D code. Small sets are also checked against the grid brute force.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "ecopt/pareto/hypervolume.hpp"
#include "test_support.hpp"

namespace ecopt::pareto {
namespace {

using testing::grid_hypervolume;
using testing::random_points;

/// HV_d(S) = sum over the points in ascending last objective w of
/// HV_{d-1}(points up to i, projected) x (next w - w_i), the next w of the last being the
/// reference's. Points that do not strictly dominate the reference are left out first.
double sliced_hypervolume(const PointSet& points, const std::vector<double>& reference) {
  const std::size_t d = points.dimension;
  std::vector<std::size_t> inside;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool strictly_better = true;
    for (std::size_t j = 0; j < d; ++j) strictly_better &= points.point(i)[j] < reference[j];
    if (strictly_better) inside.push_back(i);
  }
  std::sort(inside.begin(), inside.end(), [&](std::size_t a, std::size_t b) {
    return points.point(a)[d - 1] < points.point(b)[d - 1];
  });
  const std::vector<double> projected_reference(reference.begin(), reference.end() - 1);
  PointSet slice;
  slice.dimension = d - 1;
  double volume = 0.0;
  for (std::size_t k = 0; k < inside.size(); ++k) {
    const auto point = points.point(inside[k]);
    slice.add(point.first(d - 1));
    const double next_w =
        k + 1 < inside.size() ? points.point(inside[k + 1])[d - 1] : reference[d - 1];
    if (next_w > point[d - 1]) {
      volume += hypervolume(slice, projected_reference).value * (next_w - point[d - 1]);
    }
  }
  return volume;
}

/// Points on the positive part of the unit sphere: all mutually non-dominated.
PointSet sphere_front(std::mt19937_64& rng, std::size_t n, std::size_t d) {
  std::normal_distribution<double> normal;
  PointSet set;
  set.dimension = d;
  std::vector<double> point(d);
  for (std::size_t i = 0; i < n; ++i) {
    for (double& x : point) x = std::abs(normal(rng));
    const double norm =
        std::sqrt(std::inner_product(point.begin(), point.end(), point.begin(), 0.0));
    for (double& x : point) x /= norm;
    set.add(point);
  }
  return set;
}

void expect_agreement(const PointSet& points, const std::vector<double>& reference,
                      const std::string& what) {
  const double expected = sliced_hypervolume(points, reference);
  EXPECT_NEAR(hypervolume(points, reference).value, expected, 1e-12 * std::max(1.0, expected))
      << what << " (" << points.size() << " points, " << points.dimension << "-D)";
}

TEST(Hypervolume4d, AgreesWithSlicesOnRandomSetsAndFronts) {
  std::mt19937_64 rng(16);
  for (std::size_t n : {2u, 5u, 40u, 300u}) {
    expect_agreement(random_points(rng, n, 4), std::vector<double>(4, 1.0), "uniform");
    expect_agreement(sphere_front(rng, n, 4), std::vector<double>(4, 1.1), "sphere front");
  }
}

TEST(Hypervolume4d, AgreesWithSlicesAndGridOnTiesAndDuplicates) {
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 30; ++trial) {
    // Integer values in [0, 4): most coordinates tie with another point's, and with 60
    // points many points repeat exactly.
    const std::size_t n = trial < 20 ? 12 : 60;
    const PointSet points = random_points(rng, n, 4, 4);
    const std::vector<double> reference(4, 3.5);
    expect_agreement(points, reference, "grid values");
    if (n <= 12) {
      EXPECT_NEAR(hypervolume(points, reference).value, grid_hypervolume(points, reference), 1e-12);
    }
  }
}

TEST(Hypervolume4d, AgreesWithSlicesWhenLaterPointsDominateEarlierOnesIn3d) {
  // The sweep keeps the 3-D front of the points seen so far (ascending w) and drops the
  // members each new point dominates in x, y, z. Here w rises while x, y, z shrink, so
  // new points dominate many kept ones, often several at once, and some tie in z.
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> unit;
  for (std::size_t n : {10u, 80u, 400u}) {
    PointSet points;
    points.dimension = 4;
    for (std::size_t i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(n);
      const double z = i % 7 == 0 ? 0.5 : (1.0 - t) * unit(rng);  // a tie in z now and then
      points.add(std::vector<double>{(1.0 - t) * unit(rng), (1.0 - t) * unit(rng), z, t});
    }
    expect_agreement(points, std::vector<double>(4, 1.0), "shrinking x, y, z");
  }
}

TEST(Hypervolume4d, IgnoresPointsOutsideOrOnTheReferenceBox) {
  const std::vector<double> reference(4, 1.0);
  PointSet points = PointSet::from_rows({{0.2, 0.5, 0.7, 0.1}, {0.6, 0.1, 0.3, 0.4}});
  const double inside_only = hypervolume(points, reference).value;
  points.add(std::vector<double>{0.1, 0.1, 0.1, 1.0});  // on the box's face
  points.add(std::vector<double>{0.0, 0.0, 2.0, 0.0});  // beyond it
  points.add(std::vector<double>{1.0, 1.0, 1.0, 1.0});  // the reference itself
  const HypervolumeResult result = hypervolume(points, reference);
  EXPECT_EQ(result.value, inside_only);
  EXPECT_EQ(result.ignored_points, 3u);
  expect_agreement(points, reference, "outside points");
}

TEST(Hypervolume4d, OnePointIsItsBoxAndNoPointIsZero) {
  const std::vector<double> reference{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(hypervolume(PointSet::from_rows({{0.5, 1.5, 2, 1}}), reference).value,
                   0.5 * 0.5 * 1 * 3);
  PointSet empty;
  empty.dimension = 4;
  EXPECT_EQ(hypervolume(empty, reference).value, 0.0);
  // Copies of one point, and points equal but for the last objective.
  const PointSet copies =
      PointSet::from_rows({{0.5, 1.5, 2, 1}, {0.5, 1.5, 2, 1}, {0.5, 1.5, 2, 3}});
  EXPECT_DOUBLE_EQ(hypervolume(copies, reference).value, 0.5 * 0.5 * 1 * 3);
}

TEST(Hypervolume4d, WfgWithTheFourObjectiveBaseCaseAgreesWithSlicesInFiveAndSixObjectives) {
  std::mt19937_64 rng(18);
  expect_agreement(sphere_front(rng, 60, 5), std::vector<double>(5, 1.1), "5-D sphere front");
  expect_agreement(random_points(rng, 80, 5, 3), std::vector<double>(5, 2.5), "5-D ties");
  expect_agreement(sphere_front(rng, 25, 6), std::vector<double>(6, 1.1), "6-D sphere front");
}

TEST(Hypervolume4d, WfgAgreesWithSlicesWhenLimitSetsTieInTheirLastObjective) {
  // Integer grids make many points tie in every objective. WFG's limit sets, filtered in
  // ascending order of their last objective, then meet candidates that dominate a kept
  // row they tie with there, and a leader in the last objective that ties with kept
  // rows (both paths of hypervolume_wfg.cpp's filter_above, dozens of times here).
  std::mt19937_64 rng(19);
  for (int trial = 0; trial < 6; ++trial) {
    expect_agreement(random_points(rng, 150, 5, 6), std::vector<double>(5, 6.0), "5-D grid of 6");
    expect_agreement(random_points(rng, 60, 6, 4), std::vector<double>(6, 4.0), "6-D grid of 4");
  }
}

}  // namespace
}  // namespace ecopt::pareto
