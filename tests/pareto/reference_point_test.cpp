#include "ecopt/pareto/reference_point.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace ecopt::pareto
