// When the MOBO sampler refits hyperparameters and with what effort, and the premise of
// capping warm refits: from the last estimate, a dozen evaluations land next to the optimum.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../../src/optim/mobo/fit_schedule.hpp"

namespace ecopt::optim::mobo {
namespace {

TEST(FitSchedule, RefitsWithoutAnEstimateBelowFortyRowsAndAfterTenPercentGrowth) {
  EXPECT_TRUE(refit_due(false, 200, 0));
  EXPECT_TRUE(refit_due(true, 39, 38));
  EXPECT_FALSE(refit_due(true, 219, 200));
  EXPECT_TRUE(refit_due(true, 220, 200));
}

TEST(FitSchedule, ColdFitsScreenFiveStartsAndWarmRefitsAreCappedAboveTheScreeningRows) {
  const gp::FitOptions cold = fit_options(false, 200, 7);
  EXPECT_TRUE(cold.prior_starts);
  EXPECT_EQ(cold.random_starts, 2);
  EXPECT_EQ(cold.max_evaluations, 200);
  EXPECT_EQ(cold.screening_rows, kScreeningRows);
  EXPECT_EQ(cold.polish_evaluations, kPolishEvaluations);
  EXPECT_EQ(cold.seed, 7U);
  const gp::FitOptions small = fit_options(true, kScreeningRows, 7);
  EXPECT_FALSE(small.prior_starts);
  EXPECT_EQ(small.random_starts, 0);
  EXPECT_EQ(small.max_evaluations, 60);
  const gp::FitOptions large = fit_options(true, kScreeningRows + 1, 7);
  EXPECT_EQ(large.max_evaluations, kWarmRefitEvaluations);
}

TEST(FitSchedule, ACappedWarmRefitEndsNextToTheConvergedOne) {
  // The data grow by 10 % after a cold fit, as between two refits; from the cold fit's
  // estimate the capped refit must reach about the posterior an uncapped one reaches.
  const int rows = 198, earlier_rows = 180, d = 8;
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd x(rows, d);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < d; ++j) x(i, j) = u(rng);
  Eigen::VectorXd y(rows);
  for (int i = 0; i < rows; ++i)
    y(i) = std::sin(5.0 * x(i, 0)) + (x.row(i).tail(d - 1).array() - 0.5).square().sum();
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  const gp::GpPrior prior = gp::default_prior(d);
  const gp::GpHyperparameters earlier =
      gp::fit_hyperparameters(x.topRows(earlier_rows), y.head(earlier_rows), prior, {},
                              fit_options(false, earlier_rows, 3));
  const gp::FitReport capped =
      gp::fit_hyperparameters_report(x, y, prior, {earlier}, fit_options(true, rows, 3));
  gp::FitOptions uncapped = fit_options(true, rows, 3);
  uncapped.max_evaluations = 200;
  const gp::FitReport converged = gp::fit_hyperparameters_report(x, y, prior, {earlier}, uncapped);
  EXPECT_LE(capped.full_evaluations, kWarmRefitEvaluations);
  EXPECT_GT(converged.full_evaluations, kWarmRefitEvaluations);  // the cap did stop it
  EXPECT_GT(gp::log_marginal_posterior(x, y, capped.hyper, prior).value,
            gp::log_marginal_posterior(x, y, converged.hyper, prior).value - 0.25);
}

}  // namespace
}  // namespace ecopt::optim::mobo
