#include "ecopt/pareto/reference_point.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/pareto/hypervolume.hpp"

namespace ecopt::pareto {
namespace {

TEST(ReferencePoint, InfersNadirPlusTenPercentOfRange) {
  const PointSet points = PointSet::from_rows({{0, 10}, {4, 2}});
  EXPECT_EQ(infer_reference_point(points), (std::vector<double>{4.4, 10.8}));
}

TEST(ReferencePoint, MaximisedObjectiveMovesBelowTheWorst) {
  // accuracy in [0.6, 0.9] (maximise): 0.6 - 0.1 * 0.3 = 0.57; energy in [1, 3]: 3.2.
  const PointSet points = PointSet::from_rows({{0.9, 3}, {0.6, 1}});
  const std::vector<Direction> directions{Direction::maximize, Direction::minimize};
  const auto reference = infer_reference_point(points, directions);
  EXPECT_NEAR(reference[0], 0.57, 1e-12);
  EXPECT_NEAR(reference[1], 3.2, 1e-12);
  // Every point strictly dominates the inferred reference, so none is ignored.
  EXPECT_EQ(hypervolume(points, reference, directions).ignored_points, 0u);
}

TEST(ReferencePoint, ZeroRangeStillLiesBeyondEveryPoint) {
  const PointSet points = PointSet::from_rows({{5, 0}, {5, 0}});
  EXPECT_EQ(infer_reference_point(points), (std::vector<double>{5.5, 0.1}));
}

TEST(ReferencePoint, UserThresholdsWinWhereGiven) {
  const PointSet points = PointSet::from_rows({{0, 10}, {4, 2}});
  const std::vector<std::optional<double>> thresholds{std::nullopt, 20.0};
  EXPECT_EQ(reference_point(points, thresholds), (std::vector<double>{4.4, 20.0}));
  const std::vector<std::optional<double>> all{1.0, 2.0};
  EXPECT_EQ(reference_point(PointSet{{}, 2}, all), (std::vector<double>{1.0, 2.0}));
}

TEST(ReferencePoint, ClearErrorsForImpossibleRequests) {
  EXPECT_THROW((void)infer_reference_point(PointSet{{}, 2}), std::invalid_argument);
  const PointSet points = PointSet::from_rows({{0, 1}});
  EXPECT_THROW((void)infer_reference_point(points, {}, -0.5), std::invalid_argument);
  const std::vector<std::optional<double>> wrong_length{1.0};
  EXPECT_THROW((void)reference_point(points, wrong_length), std::invalid_argument);
}

// DTLZ2-like: a quarter circle of radius 1 plus one dominance-resistant point (0, 2.5),
// which gains 0.05 in f1 over (0.05, 0.999) for a loss of 1.5 in f2.
PointSet circle_with_resistant_point() {
  std::vector<std::vector<double>> rows;
  for (int i = 0; i <= 9; ++i) {
    const double angle = 0.05 + 1.47 * i / 9.0;  // 0.05 to 1.52
    rows.push_back({std::sin(angle), std::cos(angle)});
  }
  rows.push_back({0.0, 2.5});
  return PointSet::from_rows(rows);
}

TEST(TradeOffBounded, DropsADominanceResistantPointAndKeepsTheFront) {
  const PointSet front = circle_with_resistant_point();
  const std::vector<std::size_t> kept = trade_off_bounded_indices(front);
  std::vector<std::size_t> expected(10);
  for (std::size_t i = 0; i < 10; ++i) expected[i] = i;
  EXPECT_EQ(kept, expected);
  // An unbounded trade-off is Pareto dominance: everything stays.
  EXPECT_EQ(trade_off_bounded_indices(front, 1e12).size(), 11u);
}

TEST(TradeOffBounded, ReferenceIgnoresTheResistantPointButNotItsBest) {
  const PointSet front = circle_with_resistant_point();
  const std::vector<double> plain = infer_reference_point(front);
  EXPECT_NEAR(plain[1], 2.5 + 0.1 * (2.5 - std::cos(1.52)), 1e-12);
  const std::vector<double> bounded = infer_bounded_reference_point(front);
  // f2: worst kept cos(0.05), best overall cos(1.52); f1: worst sin(1.52), best 0.
  EXPECT_NEAR(bounded[1], std::cos(0.05) + 0.1 * (std::cos(0.05) - std::cos(1.52)), 1e-12);
  EXPECT_NEAR(bounded[0], 1.1 * std::sin(1.52), 1e-12);
}

TEST(TradeOffBounded, OneCornerPointTakesTheObservedExtent) {
  // (0, 1) dominates the rest: the box reaches as far as the observations do.
  const PointSet points = PointSet::from_rows({{0, 1}, {0.5, 3}, {0.9, 2}});
  const std::vector<double> reference = infer_bounded_reference_point(points);
  EXPECT_NEAR(reference[0], 0.9 + 0.1 * 0.9, 1e-12);
  EXPECT_NEAR(reference[1], 3.0 + 0.1 * 2.0, 1e-12);
}

TEST(TradeOffBounded, SmallSetsAndErrors) {
  EXPECT_EQ(trade_off_bounded_indices(PointSet::from_rows({{1, 2}})),
            (std::vector<std::size_t>{0}));
  // A plain two-point trade-off of 1:1 keeps both.
  EXPECT_EQ(trade_off_bounded_indices(PointSet::from_rows({{0, 1}, {1, 0}})).size(), 2u);
  EXPECT_THROW((void)infer_bounded_reference_point(PointSet{{}, 2}), std::invalid_argument);
  const PointSet points = PointSet::from_rows({{0, 1}});
  EXPECT_THROW((void)trade_off_bounded_indices(points, 0.0), std::invalid_argument);
  EXPECT_THROW((void)infer_bounded_reference_point(points, 10.0, -1.0), std::invalid_argument);
  const PointSet not_finite = PointSet::from_rows({{0, std::nan("")}, {1, 0}});
  EXPECT_THROW((void)trade_off_bounded_indices(not_finite), std::invalid_argument);
}

}  // namespace
}  // namespace ecopt::pareto
