#include "ecopt/pareto/point_file.hpp"

#include <gtest/gtest.h>

namespace ecopt::pareto {
namespace {

TEST(PointFile, SplitsSetsOnBlankAndCommentLines) {
  const PointFile file = parse_point_file(
      "\n\n# header\n 1 2\t3  \n4 5 6 # trailing comment\n\n\n  \n7 8 9\n# only a comment\n1e-2 +2 "
      "3",
      "x.inp");
  ASSERT_EQ(file.sets.size(), 3u);
  EXPECT_EQ(file.dimension(), 3u);
  EXPECT_EQ(file.sets[0].values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(file.sets[1].values, (std::vector<double>{7, 8, 9}));
  EXPECT_EQ(file.sets[2].values, (std::vector<double>{0.01, 2, 3}));
  EXPECT_EQ(file.merged().size(), 4u);
}

TEST(PointFile, EmptyInputHasNoSets) {
  EXPECT_TRUE(parse_point_file("\n  \n# nothing\n", "e").sets.empty());
}

void expect_error(std::string_view text, const std::string& needle) {
  try {
    (void)parse_point_file(text, "bad.inp");
    ADD_FAILURE() << "no error for: " << text;
  } catch (const PointFileError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(PointFile, ErrorsNameFileLineAndProblem) {
  expect_error("1 2\n3 x\n", "bad.inp: line 2: 'x' is not a number");
  expect_error("1 2\n3 4 5\n", "bad.inp: line 2: found 3 values but earlier points have 2");
  expect_error("1 nan\n", "line 1: 'nan' is not a finite number");
  expect_error("1 2\n\n3 inf\n", "line 3");
  expect_error("1 2abc\n", "'2abc' is not a number");
  // Beyond the largest double: once read as 0 without a word.
  expect_error("1 2\n1e999 3\n", "line 2: '1e999' is not a finite number");
  expect_error("-1e400 3\n", "line 1: '-1e400' is not a finite number");
}

TEST(PointFile, ParsePointRefusesValuesBeyondTheLargestDouble) {
  EXPECT_THROW((void)parse_point("1e999 1"), std::invalid_argument);
  EXPECT_EQ(parse_point("1e-400 1"), (std::vector<double>{0.0, 1.0}));  // underflow: ~0
}

TEST(PointFile, ParsePointAcceptsSpacesOrCommas) {
  EXPECT_EQ(parse_point("1 2.5  3"), (std::vector<double>{1, 2.5, 3}));
  EXPECT_EQ(parse_point("1,2,3"), (std::vector<double>{1, 2, 3}));
  EXPECT_THROW((void)parse_point(""), std::invalid_argument);
  EXPECT_THROW((void)parse_point("1 two"), std::invalid_argument);
}

TEST(PointFile, MissingFileIsAClearError) {
  EXPECT_THROW((void)read_point_file("/nonexistent/points.txt"), PointFileError);
}

}  // namespace
}  // namespace ecopt::pareto
