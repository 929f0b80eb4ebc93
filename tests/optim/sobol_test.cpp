#include "ecopt/optim/sobol.hpp"

#include <gtest/gtest.h>

#include <set>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::optim {
namespace {

TEST(Sobol, PlainSequenceMatchesPublishedPoints) {
  // The first eight points of the 3-D Sobol sequence (Joe-Kuo directions, Gray-code
  // order), as SciPy's scipy.stats.qmc.Sobol(d=3, scramble=False) lists them.
  const double expected[8][3] = {{0, 0, 0},
                                 {0.5, 0.5, 0.5},
                                 {0.75, 0.25, 0.25},
                                 {0.25, 0.75, 0.75},
                                 {0.375, 0.375, 0.625},
                                 {0.875, 0.875, 0.125},
                                 {0.625, 0.125, 0.875},
                                 {0.125, 0.625, 0.375}};
  const SobolSequence sobol(3, std::nullopt);
  for (std::uint64_t i = 0; i < 8; ++i) {
    const auto p = sobol.point(i);
    for (int d = 0; d < 3; ++d)
      EXPECT_DOUBLE_EQ(p[d], expected[i][d]) << "point " << i << " dim " << d;
  }
}

/// Every dimension of the first 2^m points has one point in each interval of width 2^-m.
void expect_one_dimensional_nets(const SobolSequence& sobol, int m) {
  const std::uint64_t n = 1ull << m;
  for (std::size_t d = 0; d < sobol.dimension(); ++d) {
    std::set<std::uint64_t> cells;
    for (std::uint64_t i = 0; i < n; ++i)
      cells.insert(static_cast<std::uint64_t>(sobol.point(i)[d] * n));
    EXPECT_EQ(cells.size(), n) << "dimension " << d;
  }
}

TEST(Sobol, ScrambledPointsKeepTheNetPropertyInEveryDimension) {
  for (std::uint64_t seed : {1ull, 2ull, 12345ull}) {
    const SobolSequence sobol(40, seed);
    expect_one_dimensional_nets(sobol, 8);
  }
  expect_one_dimensional_nets(SobolSequence(SobolSequence::kMaxDimension, 7), 4);
}

TEST(Sobol, FirstTwoDimensionsFormATwoDimensionalNet) {
  // (0, m, 2)-net: every elementary box of area 2^-m holds exactly one of 2^m points.
  const SobolSequence sobol(2, 99);
  const int m = 6;
  const std::uint64_t n = 1ull << m;
  for (int a = 0; a <= m; ++a) {
    std::set<std::pair<std::uint64_t, std::uint64_t>> boxes;
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto p = sobol.point(i);
      boxes.insert({static_cast<std::uint64_t>(p[0] * (1ull << a)),
                    static_cast<std::uint64_t>(p[1] * (1ull << (m - a)))});
    }
    EXPECT_EQ(boxes.size(), n) << "boxes 2^-" << a << " x 2^-" << (m - a);
  }
}

TEST(Sobol, SeedsChangeTheScrambleAndStayReproducible) {
  const SobolSequence a(5, 1), b(5, 1), c(5, 2);
  EXPECT_EQ(a.point(17), b.point(17));
  EXPECT_NE(a.point(17), c.point(17));
  EXPECT_THROW(SobolSequence(0, 1), std::invalid_argument);
  EXPECT_THROW(SobolSequence(SobolSequence::kMaxDimension + 1, 1), std::invalid_argument);
}

space::SearchSpace mixed_space() {
  return space::SearchSpace(
      {{"lr", space::FloatDomain{1e-4, 1e-1, true}},
       {"width", space::IntDomain{4, 128, true, 1}},
       {"opt", space::CategoricalDomain{{std::string("adam"), std::string("sgd")}}},
       {"epochs", space::FixedDomain{std::int64_t{2}}}});
}

study::SamplerConfig sampler_config(const std::string& name, std::uint64_t seed) {
  study::SamplerConfig config;
  config.name = *study::parse_enum<study::SamplerKind>(name);
  config.seed = seed;
  return config;
}

TEST(Samplers, AreDeterministicPerSeedAndTrialNumber) {
  const space::SearchSpace space = mixed_space();
  const std::vector<study::Objective> objectives{{"loss", study::Goal::minimize}};
  const std::vector<study::Trial> history;
  for (const std::string name : {"random", "sobol"}) {
    auto first = make_sampler(sampler_config(name, 3), space);
    auto second = make_sampler(sampler_config(name, 3), space);
    auto other = make_sampler(sampler_config(name, 4), space);
    std::set<std::string> distinct;
    for (std::int64_t n = 0; n < 20; ++n) {
      const SamplerContext context{space, objectives, history, n, {}, nullptr};
      const space::Params p = first->suggest(context);
      EXPECT_EQ(p, second->suggest(context)) << name << " trial " << n;
      EXPECT_TRUE(space.check(p).empty());
      distinct.insert(space::to_string(p.at("lr")));
      if (n == 5) {
        EXPECT_NE(p, other->suggest(context)) << name;
      }
    }
    EXPECT_EQ(distinct.size(), 20u) << name << " repeated a learning rate";
  }
  EXPECT_THROW((void)make_sampler(sampler_config("tpe", 0), space), std::invalid_argument);
}

}  // namespace
}  // namespace ecopt::optim
