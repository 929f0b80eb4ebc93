#include "ecopt/pareto/hypervolume.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/pareto/point_file.hpp"
#include "test_support.hpp"

namespace ecopt::pareto {
namespace {

using testing::grid_hypervolume;
using testing::random_points;

std::vector<double> ones(std::size_t d, double value = 1.0) {
  return std::vector<double>(d, value);
}

TEST(Hypervolume, EqualsGridBruteForceInTwoToFiveDimensions) {
  std::mt19937_64 rng(2024);
  for (std::size_t d = 2; d <= 5; ++d) {
    const std::size_t max_points = d <= 3 ? 30 : (d == 4 ? 14 : 9);
    for (int grid : {0, 5}) {
      for (int trial = 0; trial < 20; ++trial) {
        const std::size_t n = 1 + static_cast<std::size_t>(trial) % max_points;
        const PointSet points = random_points(rng, n, d, grid);
        const std::vector<double> reference = ones(d, grid > 0 ? 4.5 : 0.95);
        const double expected = grid_hypervolume(points, reference);
        const HypervolumeResult result = hypervolume(points, reference);
        EXPECT_NEAR(result.value, expected, 1e-12 * std::max(1.0, expected))
            << "d=" << d << " n=" << n << " grid=" << grid;
      }
    }
  }
}

TEST(Hypervolume, AddingADominatedPointChangesNothing) {
  std::mt19937_64 rng(5);
  for (std::size_t d = 2; d <= 6; ++d) {
    PointSet points = random_points(rng, 40, d);
    const std::vector<double> reference = ones(d, 1.0);
    const double before = hypervolume(points, reference).value;
    // A point weakly worse than an existing one, and an exact duplicate.
    std::vector<double> worse(points.point(3).begin(), points.point(3).end());
    for (double& x : worse) x = std::min(x + 0.01, 0.999);
    points.add(worse);
    points.add(std::vector<double>(points.point(5).begin(), points.point(5).end()));
    EXPECT_DOUBLE_EQ(hypervolume(points, reference).value, before) << "d=" << d;
  }
}

TEST(Hypervolume, OneDimensionEmptySetAndIgnoredPoints) {
  EXPECT_DOUBLE_EQ(hypervolume(PointSet::from_rows({{3}, {1}, {2}}), ones(1, 5)).value, 4.0);
  const HypervolumeResult empty = hypervolume(PointSet{}, ones(2));
  EXPECT_EQ(empty.value, 0.0);
  EXPECT_EQ(empty.ignored_points, 0u);
  // (2, 0.5) lies beyond the reference in the first objective; (1, 0) only touches it.
  const PointSet points = PointSet::from_rows({{0.5, 0.5}, {2, 0.5}, {1, 0}});
  const HypervolumeResult result = hypervolume(points, ones(2));
  EXPECT_DOUBLE_EQ(result.value, 0.25);
  EXPECT_EQ(result.ignored_points, 2u);
}

TEST(Hypervolume, MaximisedObjectivesMirrorMinimisation) {
  // accuracy (max) vs energy (min), reference accuracy 0.5, energy 10 J.
  const PointSet trials = PointSet::from_rows({{0.9, 8}, {0.7, 2}});
  const std::vector<Direction> directions{Direction::maximize, Direction::minimize};
  const std::vector<double> reference{0.5, 10};
  // Boxes: 0.4 x 2 = 0.8 and 0.2 x 8 = 1.6, overlapping in 0.2 x 2 = 0.4.
  EXPECT_NEAR(hypervolume(trials, reference, directions).value, 2.0, 1e-12);
}

TEST(Hypervolume, RejectsNanInfAndWrongReferenceLength) {
  const PointSet with_nan = PointSet::from_rows({{0.1, NAN}});
  EXPECT_THROW((void)hypervolume(with_nan, ones(2)), std::invalid_argument);
  const PointSet ok = PointSet::from_rows({{0.1, 0.2}});
  EXPECT_THROW((void)hypervolume(ok, ones(3)), std::invalid_argument);
  EXPECT_THROW((void)hypervolume(ok, std::vector<double>{1, INFINITY}), std::invalid_argument);
  try {
    (void)hypervolume(with_nan, ones(2));
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("objective 2"), std::string::npos) << e.what();
  }
}

TEST(Hypervolume, ZdtOneReferenceFrontIsTwoThirds) {
  const PointFile file = read_point_file(ECOPT_REFERENCE_FRONTS_DIR "/ZDT1.pf");
  const double value = hypervolume(file.merged(), std::vector<double>{1, 1}).value;
  EXPECT_NEAR(value, 2.0 / 3.0, 1e-3);
  EXPECT_LE(value, 2.0 / 3.0);  // a sampled front under-covers the true one
}

TEST(Hypervolume, ExactRationalValue) {
  // moocore's bug-5d-3 case (7 objectives). tests/tools/exact_hypervolume.py computes its
  // exact value in rational arithmetic as 0.97903464635208082 (moocore prints
  // 0.97903464635208); extended-precision summation must land within an ulp or two.
  const PointFile file = read_point_file(ECOPT_MOOCORE_HV_DIR "/bug-5d-3.inp");
  ASSERT_EQ(file.sets.size(), 4u);
  for (const PointSet& set : file.sets) {
    EXPECT_NEAR(hypervolume(set, ones(7)).value, 0.97903464635208082, 3e-16);
  }
}

TEST(HypervolumeContributions, DominatedPointsContributeNothingAndChangeNothing) {
  const PointSet front = PointSet::from_rows({{1, 3}, {2, 2}, {3, 1}});
  PointSet with_dominated = front;
  with_dominated.add(std::vector<double>{2.5, 2.5});  // dominated only by (2, 2)
  const std::vector<double> reference{4, 4};
  const auto plain = hypervolume_contributions(front, reference);
  const auto extended = hypervolume_contributions(with_dominated, reference);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(plain.contributions[i], extended.contributions[i]);
  EXPECT_EQ(extended.contributions[3], 0.0);
  EXPECT_DOUBLE_EQ(extended.total, plain.total);
}

TEST(HypervolumeContributions, TwoDimensionalHandCalculation) {
  // Staircase (1,3) (2,2) (3,1) with reference (4,4), plus a dominated point (3,3) and a
  // duplicate pair (0.5, 3.5).
  const PointSet points =
      PointSet::from_rows({{1, 3}, {2, 2}, {3, 1}, {3, 3}, {0.5, 3.5}, {0.5, 3.5}});
  const auto result = hypervolume_contributions(points, std::vector<double>{4, 4});
  // (1,3): x to the next point (2) minus 1 = 1, y from the duplicates' 3.5 down to 3 = 0.5.
  EXPECT_DOUBLE_EQ(result.contributions[0], 0.5);
  EXPECT_DOUBLE_EQ(result.contributions[1], 1.0);  // (3-2) x (3-2)
  EXPECT_DOUBLE_EQ(result.contributions[2], 1.0);  // (4-3) x (2-1)
  EXPECT_DOUBLE_EQ(result.contributions[3], 0.0);  // dominated
  EXPECT_DOUBLE_EQ(result.contributions[4], 0.0);  // duplicates
  EXPECT_DOUBLE_EQ(result.contributions[5], 0.0);
  // Total: union of the boxes = 0.5x3.5 from (0.5,3.5) + staircase 1x3 + 1x2 + 1x1 ... checked by
  // grid.
  EXPECT_DOUBLE_EQ(result.total, grid_hypervolume(points, {4, 4}));
}

/// The points no other point dominates, by the definition (duplicates kept).
PointSet naive_front(const PointSet& points) {
  PointSet front;
  front.dimension = points.dimension;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < points.size(); ++j) {
      dominated = dominated || testing::naive_dominates(points.point(j), points.point(i));
    }
    if (!dominated) front.add(points.point(i));
  }
  return front;
}

TEST(HypervolumeContributions, EqualLeaveOneOutDifferencesOnTheFrontInOneToFiveDimensions) {
  std::mt19937_64 rng(99);
  for (std::size_t d = 1; d <= 5; ++d) {
    for (int grid : {0, 4}) {
      const PointSet points = naive_front(random_points(rng, d <= 3 ? 40 : 30, d, grid));
      const std::vector<double> reference = ones(d, grid > 0 ? 3.5 : 0.9);
      const auto result = hypervolume_contributions(points, reference);
      const double total = hypervolume(points, reference).value;
      EXPECT_NEAR(result.total, total, 1e-12);
      for (std::size_t i = 0; i < points.size(); ++i) {
        PointSet without;
        without.dimension = d;
        for (std::size_t j = 0; j < points.size(); ++j) {
          if (j != i) without.add(points.point(j));
        }
        EXPECT_NEAR(result.contributions[i], total - hypervolume(without, reference).value, 1e-12)
            << "d=" << d << " grid=" << grid << " point " << i;
      }
    }
  }
}

TEST(HypervolumeImprovement, EqualsDifferenceOfHypervolumes) {
  std::mt19937_64 rng(3);
  for (std::size_t d = 2; d <= 5; ++d) {
    const PointSet current = random_points(rng, 20, d);
    const PointSet candidates = random_points(rng, 4, d);
    const std::vector<double> reference = ones(d, 1.0);
    const double base = hypervolume(current, reference).value;
    PointSet with_one = current;
    with_one.add(candidates.point(0));
    EXPECT_NEAR(hypervolume_improvement(current, candidates.point(0), reference),
                hypervolume(with_one, reference).value - base, 1e-12);
    PointSet with_all = current;
    for (std::size_t i = 0; i < candidates.size(); ++i) with_all.add(candidates.point(i));
    EXPECT_NEAR(hypervolume_improvement(current, candidates, reference),
                hypervolume(with_all, reference).value - base, 1e-12);
  }
}

TEST(HypervolumeImprovement, ZeroForDominatedOrOutsideCandidatesAndFullBoxOnEmptySet) {
  const PointSet current = PointSet::from_rows({{1, 1}});
  const std::vector<double> reference{3, 3};
  EXPECT_EQ(hypervolume_improvement(current, std::vector<double>{2, 2}, reference), 0.0);
  EXPECT_EQ(hypervolume_improvement(current, std::vector<double>{1, 1}, reference), 0.0);
  EXPECT_EQ(hypervolume_improvement(current, std::vector<double>{0, 4}, reference), 0.0);
  EXPECT_DOUBLE_EQ(hypervolume_improvement(PointSet{}, std::vector<double>{1, 2}, reference), 2.0);
  // Maximise both: candidate (2.5, 2.5) against (2, 2) with reference (0, 0).
  const std::vector<Direction> max2{Direction::maximize, Direction::maximize};
  EXPECT_DOUBLE_EQ(
      hypervolume_improvement(PointSet::from_rows({{2, 2}}), std::vector<double>{2.5, 2.5},
                              std::vector<double>{0, 0}, max2),
      2.5 * 2.5 - 4.0);
}

}  // namespace
}  // namespace ecopt::pareto
