#include "ecopt/space.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace ecopt::space {
namespace {

SearchSpace fashion_space() {
  return SearchSpace({
      {"width", IntDomain{4, 128, true, 1}},
      {"depth", IntDomain{1, 6, false, 1}},
      {"kernel",
       CategoricalDomain{{std::int64_t{1}, std::int64_t{3}, std::int64_t{5}, std::int64_t{7}}}},
      {"lr", FloatDomain{1e-4, 1e-1, true}},
      {"batch", IntDomain{32, 256, false, 32}},
      {"optimizer", CategoricalDomain{{std::string("adam"), std::string("sgd")}}},
      {"augment", CategoricalDomain{{true, false}}},
      {"epochs", FixedDomain{std::int64_t{2}}},
  });
}

TEST(SearchSpace, EncodedDimensionCountsOneHotAndSkipsFixed) {
  const SearchSpace space = fashion_space();
  EXPECT_EQ(space.encoded_dimension(), 1u + 1 + 4 + 1 + 1 + 2 + 2 + 0);
  EXPECT_EQ(space.searched_count(), 7u);
}

TEST(SearchSpace, DecodeThenEncodeThenDecodeIsStable) {
  const SearchSpace space = fashion_space();
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int trial = 0; trial < 500; ++trial) {
    std::vector<double> unit(space.encoded_dimension());
    for (double& u : unit) u = uniform(rng);
    const Params params = space.decode(unit);
    EXPECT_TRUE(space.check(params).empty()) << space.check(params).front();
    const std::vector<double> encoded = space.encode(params);
    EXPECT_EQ(space.decode(encoded), params);
  }
}

TEST(SearchSpace, EncodingMapsBoundsAndLogScale) {
  const SearchSpace space(
      {{"lr", FloatDomain{1e-4, 1e-2, true}}, {"x", FloatDomain{-1, 3, false}}});
  const auto unit = space.encode({{"lr", 1e-3}, {"x", 0.0}});
  EXPECT_NEAR(unit[0], 0.5, 1e-12);  // geometric midpoint
  EXPECT_NEAR(unit[1], 0.25, 1e-12);
  EXPECT_EQ(std::get<double>(space.decode(std::vector<double>{0.0, 1.0}).at("lr")), 1e-4);
}

TEST(SearchSpace, IntegersGetEqualSharesAndStayOnTheirGrid) {
  const Parameter p{"batch", IntDomain{32, 256, false, 32}};
  std::map<std::int64_t, int> counts;
  for (int i = 0; i < 8000; ++i) counts[std::get<std::int64_t>(p.from_unit((i + 0.5) / 8000.0))]++;
  ASSERT_EQ(counts.size(), 8u);  // 32, 64, ..., 256
  for (const auto& [value, count] : counts) {
    EXPECT_EQ(value % 32, 0);
    EXPECT_EQ(count, 1000) << value;
  }
}

TEST(SearchSpace, QuantilesFollowThePriorForCategoricals) {
  const Parameter p{"kernel",
                    CategoricalDomain{{std::int64_t{1}, std::int64_t{3}, std::int64_t{5}}}};
  EXPECT_EQ(p.from_quantile(0.0), Value{std::int64_t{1}});
  EXPECT_EQ(p.from_quantile(0.5), Value{std::int64_t{3}});
  EXPECT_EQ(p.from_quantile(0.99), Value{std::int64_t{5}});
}

TEST(SearchSpace, CheckExplainsEachProblem) {
  const SearchSpace space = fashion_space();
  Params params = space.decode(std::vector<double>(space.encoded_dimension(), 0.3));
  params["width"] = std::int64_t{300};
  params["kernel"] = std::int64_t{4};
  params["lr"] = std::string("fast");
  params["batch"] = std::int64_t{40};
  params["colour"] = std::string("red");
  params.erase("depth");
  const auto problems = space.check(params);
  auto has = [&](const std::string& text) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](const std::string& p) { return p.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(has("width = 300 is above the maximum 128"));
  EXPECT_TRUE(has("kernel = 4 is not one of the choices [1, 3, 5, 7]"));
  EXPECT_TRUE(has("lr = fast is a string, expected a number"));
  EXPECT_TRUE(has("batch = 40 is not on the grid 32 + k * 32"));
  EXPECT_TRUE(has("unknown parameter 'colour'"));
  EXPECT_TRUE(has("parameter 'depth' is missing"));
  EXPECT_THROW((void)space.encode(params), std::invalid_argument);
}

TEST(SearchSpace, InvalidDomainsAreRejectedWithTheParameterName) {
  auto rejects = [](Parameter p, const std::string& text) {
    try {
      SearchSpace({p});
      ADD_FAILURE() << "accepted " << p.name;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
    }
  };
  rejects({"a", FloatDomain{2, 1, false}}, "parameter 'a': low 2 is greater than high 1");
  rejects({"b", FloatDomain{0, 1, true}}, "log: true needs low > 0");
  rejects({"c", IntDomain{0, 10, false, 3}}, "not a multiple of step 3");
  rejects({"d", CategoricalDomain{}}, "choices is empty");
  rejects({"e", CategoricalDomain{{std::int64_t{1}, 1.0}}}, "appears twice");
  EXPECT_THROW(SearchSpace({{"x", FloatDomain{}}, {"x", FloatDomain{}}}), std::invalid_argument);
}

TEST(Value, PrintsRoundTripNumbers) {
  EXPECT_EQ(to_string(Value{0.1}), "0.1");
  EXPECT_EQ(to_string(Value{std::int64_t{-3}}), "-3");
  EXPECT_EQ(to_string(Value{true}), "true");
  const double third = 1.0 / 3.0;
  EXPECT_EQ(std::stod(to_string(Value{third})), third);
}

}  // namespace
}  // namespace ecopt::space
