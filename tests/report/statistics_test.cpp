// Rank correlations against hand computations (ties included) and the power-law fit.
#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/report/proxies.hpp"
#include "ecopt/report/statistics.hpp"

namespace ecopt::report {
namespace {

TEST(Ranks, TiesShareTheMeanRank) {
  const std::vector<double> values{10, 20, 20, 30, 5};
  EXPECT_EQ(average_ranks(values), (std::vector<double>{2, 3.5, 3.5, 5, 1}));
}

TEST(Spearman, WithTiesMatchesAHandComputation) {
  // x = 1 2 2 3 4 -> ranks 1 2.5 2.5 4 5; y = 2 1 3 3 5 -> ranks 2 1 3.5 3.5 5. Deviations
  // from the mean rank 3: dx = -2 -.5 -.5 1 2, dy = -1 -2 .5 .5 2; sum dx dy = 7.25,
  // sum dx^2 = sum dy^2 = 9.5: rho = 7.25 / 9.5.
  const std::vector<double> x{1, 2, 2, 3, 4}, y{2, 1, 3, 3, 5};
  ASSERT_TRUE(spearman(x, y));
  EXPECT_NEAR(*spearman(x, y), 7.25 / 9.5, 1e-15);
}

TEST(Kendall, TauBWithTiesMatchesAHandComputation) {
  // Of the 10 pairs of the data above: 7 concordant, 1 discordant (0,1), 1 tied in x
  // (1,2), 1 tied in y (2,3). tau-b = (7 - 1) / sqrt((10 - 1)(10 - 1)) = 6/9.
  const std::vector<double> x{1, 2, 2, 3, 4}, y{2, 1, 3, 3, 5};
  ASSERT_TRUE(kendall_tau_b(x, y));
  EXPECT_NEAR(*kendall_tau_b(x, y), 6.0 / 9.0, 1e-15);
  // Ties in x only: x = 1 1 2, y = 1 2 3: pairs (0,1) tied in x, (0,2) and (1,2)
  // concordant: 2 / sqrt((3 - 1)(3 - 0)).
  EXPECT_NEAR(*kendall_tau_b(std::vector<double>{1, 1, 2}, std::vector<double>{1, 2, 3}),
              2.0 / std::sqrt(6.0), 1e-15);
}

TEST(RankCorrelations, MonotoneIsOneReversedIsMinusOneConstantIsUndefined) {
  const std::vector<double> x{1, 2, 3, 4, 5};
  const std::vector<double> cubed{1, 8, 27, 64, 125};
  const std::vector<double> reversed{5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(*spearman(x, cubed), 1.0);
  EXPECT_DOUBLE_EQ(*kendall_tau_b(x, cubed), 1.0);
  EXPECT_DOUBLE_EQ(*spearman(x, reversed), -1.0);
  EXPECT_DOUBLE_EQ(*kendall_tau_b(x, reversed), -1.0);
  const std::vector<double> constant{2, 2, 2, 2, 2};
  EXPECT_FALSE(spearman(x, constant));
  EXPECT_FALSE(kendall_tau_b(x, constant));
  EXPECT_FALSE(spearman(std::vector<double>{1}, std::vector<double>{1}));
}

TEST(PowerLaw, RecoversAKnownExponent) {
  std::vector<double> x, y;
  for (int i = 1; i <= 20; ++i) {
    x.push_back(1e6 * i);
    y.push_back(3e-7 * std::pow(1e6 * i, 0.75));
  }
  const auto fit = fit_power_law(x, y);
  ASSERT_TRUE(fit);
  EXPECT_NEAR(fit->exponent, 0.75, 1e-12);
  EXPECT_NEAR(fit->prefactor / 3e-7, 1.0, 1e-9);
  EXPECT_NEAR(fit->r_squared, 1.0, 1e-12);
  EXPECT_EQ(fit->points, 20u);
  // With a deterministic +-10 % wobble the exponent stays close and R^2 drops below 1.
  for (std::size_t i = 0; i < y.size(); ++i) y[i] *= (i % 2 == 0 ? 1.1 : 0.9);
  const auto noisy = fit_power_law(x, y);
  EXPECT_NEAR(noisy->exponent, 0.75, 0.03);
  EXPECT_LT(noisy->r_squared, 1.0);
  EXPECT_GT(noisy->r_squared, 0.9);
}

TEST(PowerLaw, SkipsNonPositiveAndNeedsThreePoints) {
  EXPECT_FALSE(fit_power_law(std::vector<double>{1, 2, 0}, std::vector<double>{1, 2, 3}));
  EXPECT_FALSE(fit_power_law(std::vector<double>{2, 2, 2}, std::vector<double>{1, 2, 3}));
}

TEST(Inversions, AreDiscordantPairsLargestFirst) {
  // Trial 1 has 10x the FLOPs of trial 0 and half its energy (score ln 10 x ln 2 = 1.60),
  // and 5x the FLOPs of trial 2 with 0.56x its energy (ln 5 x ln 1.8 = 0.95); trial 2 has
  // 2x the FLOPs of trial 0 and 0.9x its energy (ln 2 x ln(1/0.9) = 0.07); trial 3 agrees
  // with everyone.
  std::vector<ProxySample> samples = {
      {0, 1.0, std::nullopt, 1e6, std::nullopt},
      {1, 0.5, std::nullopt, 1e7, std::nullopt},
      {2, 0.9, std::nullopt, 2e6, std::nullopt},
      {3, 5.0, std::nullopt, 1e8, std::nullopt},
  };
  const auto inversions = largest_inversions(samples, 5);
  ASSERT_EQ(inversions.size(), 3u);
  EXPECT_EQ(inversions[0].more_flops_trial, 1);
  EXPECT_EQ(inversions[0].fewer_flops_trial, 0);
  EXPECT_DOUBLE_EQ(inversions[0].flops_ratio, 10.0);
  EXPECT_DOUBLE_EQ(inversions[0].energy_ratio, 0.5);
  EXPECT_EQ(inversions[1].more_flops_trial, 1);
  EXPECT_EQ(inversions[1].fewer_flops_trial, 2);
  EXPECT_EQ(inversions[2].more_flops_trial, 2);
  EXPECT_EQ(inversions[2].fewer_flops_trial, 0);
  EXPECT_EQ(largest_inversions(samples, 1).size(), 1u);
}

}  // namespace
}  // namespace ecopt::report
