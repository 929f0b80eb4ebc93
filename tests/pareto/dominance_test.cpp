#include "ecopt/pareto/dominance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ecopt::pareto {
namespace {

TEST(Dominance, ClassifiesEveryRelation) {
  const std::vector<double> a{1, 2}, b{2, 3}, c{2, 1}, a2{1, 2};
  EXPECT_EQ(compare(a, b), Dominance::dominates);
  EXPECT_EQ(compare(b, a), Dominance::dominated);
  EXPECT_EQ(compare(a, c), Dominance::incomparable);
  EXPECT_EQ(compare(a, a2), Dominance::equal);
}

TEST(Dominance, WeakDominanceIncludesEquality) {
  const std::vector<double> a{1, 2, 3}, b{1, 2, 4};
  EXPECT_TRUE(dominates(a, b));
  EXPECT_TRUE(weakly_dominates(a, a));
  EXPECT_FALSE(dominates(a, a));
  EXPECT_FALSE(weakly_dominates(b, a));
}

TEST(Dominance, HonoursMaximisedObjectives) {
  // accuracy (maximise), energy (minimise)
  const std::vector<Direction> directions{Direction::maximize, Direction::minimize};
  const std::vector<double> accurate_cheap{0.9, 1.0}, worse{0.8, 2.0}, accurate_costly{0.95, 5.0};
  EXPECT_TRUE(dominates(accurate_cheap, worse, directions));
  EXPECT_FALSE(dominates(worse, accurate_cheap, directions));
  EXPECT_EQ(compare(accurate_cheap, accurate_costly, directions), Dominance::incomparable);
  // Without directions the first objective would be minimised and the answer flips.
  EXPECT_FALSE(dominates(accurate_cheap, worse));
}

TEST(Dominance, NanIsIncomparable) {
  const std::vector<double> a{1, NAN}, b{2, 3};
  EXPECT_EQ(compare(a, b), Dominance::incomparable);
}

}  // namespace
}  // namespace ecopt::pareto
