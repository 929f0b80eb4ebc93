#include "ecopt/pareto/nondominated.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"

namespace ecopt::pareto {
namespace {

using testing::naive_dominates;
using testing::naive_ranks;
using testing::random_points;

std::vector<std::size_t> naive_nondominated(const PointSet& points) {
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < points.size(); ++i) {
    bool dominated = false;
    for (std::size_t j = 0; j < points.size() && !dominated; ++j) {
      dominated = naive_dominates(points.point(j), points.point(i));
    }
    if (!dominated) kept.push_back(i);
  }
  return kept;
}

TEST(NondominatedFilter, MatchesDefinitionInOneToSixDimensions) {
  std::mt19937_64 rng(42);
  for (std::size_t d = 1; d <= 6; ++d) {
    for (int grid : {0, 4}) {  // continuous values, and a coarse grid full of ties
      for (int trial = 0; trial < 30; ++trial) {
        const PointSet points = random_points(rng, 1 + trial * 3, d, grid);
        EXPECT_EQ(nondominated_indices(points), naive_nondominated(points))
            << "d=" << d << " grid=" << grid << " trial=" << trial;
      }
    }
  }
}

TEST(NondominatedFilter, KeepsDuplicatesAndHonoursDirections) {
  const PointSet points = PointSet::from_rows({{0.9, 3}, {0.8, 1}, {0.9, 3}, {0.7, 2}});
  const std::vector<Direction> directions{Direction::maximize, Direction::minimize};
  EXPECT_EQ(nondominated_indices(points, directions), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(nondominated_indices(PointSet{}), std::vector<std::size_t>{});
}

TEST(NondominatedSort, RanksMatchTextbookSortInOneToSixDimensions) {
  std::mt19937_64 rng(7);
  for (std::size_t d = 1; d <= 6; ++d) {
    for (int grid : {0, 3, 6}) {
      for (int trial = 0; trial < 25; ++trial) {
        const PointSet points = random_points(rng, 2 + trial * 4, d, grid);
        EXPECT_EQ(pareto_ranks(points), naive_ranks(points))
            << "d=" << d << " grid=" << grid << " trial=" << trial;
      }
    }
  }
}

TEST(NondominatedSort, LargerRandomSetsAgreeWithTextbookSort) {
  std::mt19937_64 rng(11);
  for (std::size_t d : {2u, 3u, 4u, 5u}) {
    const PointSet points = random_points(rng, 400, d, d == 2 ? 50 : 0);
    EXPECT_EQ(pareto_ranks(points), naive_ranks(points)) << "d=" << d;
  }
}

TEST(NondominatedSort, ThreeChainedFrontsAndIdenticalPoints) {
  const PointSet points =
      PointSet::from_rows({{3, 3}, {1, 1}, {2, 2}, {1, 1}, {0, 5}, {5, 0}, {2, 2}});
  EXPECT_EQ(pareto_ranks(points), (std::vector<std::size_t>{2, 0, 1, 0, 0, 0, 1}));
  const auto fronts = fronts_from_ranks(pareto_ranks(points));
  ASSERT_EQ(fronts.size(), 3u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{1, 3, 4, 5}));
  EXPECT_EQ(fronts[2], (std::vector<std::size_t>{0}));
}

TEST(NondominatedSort, MaximisedObjectiveReversesOrder) {
  const PointSet points = PointSet::from_rows({{1}, {3}, {2}});
  const std::vector<Direction> maximise{Direction::maximize};
  EXPECT_EQ(pareto_ranks(points, maximise), (std::vector<std::size_t>{2, 0, 1}));
}

TEST(NondominatedSort, RejectsNonFiniteValues) {
  const PointSet points = PointSet::from_rows({{1, 2}, {NAN, 1}});
  EXPECT_THROW((void)pareto_ranks(points), std::invalid_argument);
  const PointSet infinite = PointSet::from_rows({{1, std::numeric_limits<double>::infinity()}});
  EXPECT_THROW((void)nondominated_indices(infinite), std::invalid_argument);
}

TEST(CrowdingDistance, MatchesHandComputation) {
  // Front sorted on f1: (0,4) (1,2) (3,1) (4,0). Ranges: f1 4, f2 4.
  const PointSet front = PointSet::from_rows({{1, 2}, {4, 0}, {0, 4}, {3, 1}});
  const auto distance = crowding_distance(front);
  const double inf = std::numeric_limits<double>::infinity();
  // (1,2): f1 gap (3-0)/4, f2 gap (4-1)/4 -> 1.5;  (3,1): (4-1)/4 + (2-0)/4 -> 1.25
  EXPECT_DOUBLE_EQ(distance[0], 1.5);
  EXPECT_EQ(distance[1], inf);
  EXPECT_EQ(distance[2], inf);
  EXPECT_DOUBLE_EQ(distance[3], 1.25);
}

TEST(CrowdingDistance, IdenticalPointsShareADistanceAndFlatObjectivesAddNothing) {
  const PointSet front = PointSet::from_rows({{0, 1}, {1, 1}, {1, 1}, {2, 1}});
  const auto distance = crowding_distance(front);
  EXPECT_DOUBLE_EQ(distance[1], distance[2]);
  EXPECT_DOUBLE_EQ(distance[1], 1.0);  // (2-0)/2 from f1, nothing from the flat f2
}

}  // namespace
}  // namespace ecopt::pareto
