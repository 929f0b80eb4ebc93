// The Gaussian-process model: posterior by hand, analytic gradients against finite
// differences, incremental updates against a full refactorisation, hyperparameter fits.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/gp/hyperparameters.hpp"
#include "ecopt/optim/gp/matern52.hpp"
#include "gradient_check.hpp"

namespace ecopt::optim::gp {
namespace {

GpHyperparameters hyper(Eigen::VectorXd lengthscales, double signal, double noise, double mean) {
  GpHyperparameters h;
  h.log_lengthscales = lengthscales.array().log();
  h.log_signal_variance = std::log(signal);
  h.log_noise_variance = std::log(noise);
  h.mean = mean;
  return h;
}

Eigen::MatrixXd random_inputs(int n, int d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd x(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) x(i, j) = u(rng);
  return x;
}

Eigen::VectorXd test_function(const Eigen::MatrixXd& x) {
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = std::sin(6.0 * x(i, 0)) + 0.3 * x(i, 1);
  return y;
}

TEST(Matern52, MatchesTheFormula) {
  // k(r) = (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r); at r = 0.5: by hand.
  const double s = std::sqrt(5.0) * 0.5;
  EXPECT_NEAR(matern52(0.5), (1 + s + s * s / 3) * std::exp(-s), 1e-15);
  EXPECT_DOUBLE_EQ(matern52(0.0), 1.0);
  Eigen::MatrixXd a(1, 2), b(1, 2);
  a << 0.1, 0.2;
  b << 0.4, 0.6;
  Eigen::VectorXd l(2);
  l << 0.5, 2.0;
  const double r = std::sqrt(std::pow(0.3 / 0.5, 2) + std::pow(0.4 / 2.0, 2));
  EXPECT_NEAR(matern52_matrix(a, b, l, 2.5)(0, 0), 2.5 * matern52(r), 1e-14);
}

TEST(GaussianProcess, PosteriorOfTwoPointsMatchesAHandComputation) {
  // Inputs 0 and 1 in 1-D, outputs 1 and -1, lengthscale 1, signal 2, noise 0.1, mean 0.5.
  Eigen::MatrixXd x(2, 1);
  x << 0.0, 1.0;
  Eigen::VectorXd y(2);
  y << 1.0, -1.0;
  const GaussianProcess gp(x, y, hyper(Eigen::VectorXd::Ones(1), 2.0, 0.1, 0.5));
  const double k01 = 2.0 * matern52(1.0);
  const double a = 2.0 + 0.1;  // K = [[a, k01], [k01, a]]
  const double det = a * a - k01 * k01;
  const double inv00 = a / det, inv01 = -k01 / det;
  const double ks = 2.0 * matern52(0.5);  // k(0.5, 0) = k(0.5, 1)
  const double c0 = 1.0 - 0.5, c1 = -1.0 - 0.5;
  const double mean = 0.5 + ks * (inv00 * c0 + inv01 * c1) + ks * (inv01 * c0 + inv00 * c1);
  const double variance = 2.0 - ks * ks * (2 * inv00 + 2 * inv01);
  Eigen::VectorXd q(1);
  q << 0.5;
  const Prediction p = gp.predict(q);
  EXPECT_NEAR(p.mean, mean, 1e-12);
  EXPECT_NEAR(p.variance, variance, 1e-12);
  // Far from the data the posterior returns to the prior.
  q << 50.0;
  EXPECT_NEAR(gp.predict(q).mean, 0.5, 1e-9);
  EXPECT_NEAR(gp.predict(q).variance, 2.0, 1e-9);
}

/// Each row of a batch prediction is the one-point posterior at that row.
void expect_batch_equals_single_points(const GaussianProcess& gp, const Eigen::MatrixXd& q,
                                       double tolerance) {
  Eigen::VectorXd means, variances;
  gp.predict(q, means, variances);
  ASSERT_EQ(means.size(), q.rows());
  ASSERT_EQ(variances.size(), q.rows());
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    const Prediction p = gp.predict(q.row(i).transpose());
    EXPECT_NEAR(means(i), p.mean, tolerance);
    EXPECT_NEAR(variances(i), p.variance, tolerance);
  }
}

TEST(GaussianProcess, BatchPredictionsEqualSingleOnes) {
  const Eigen::MatrixXd x = random_inputs(15, 3, 1);
  const GaussianProcess gp(x, test_function(x),
                           hyper(Eigen::VectorXd::Constant(3, 0.4), 1.3, 1e-3, 0.1));
  expect_batch_equals_single_points(gp, random_inputs(7, 3, 2), 1e-10);
}

TEST(GaussianProcess, LargeBatchPredictionsEqualSingleOnes) {
  // Enough observations and points for the batch's triangular solve to work in blocks
  // (it solves with the points as rows, from the right); each must still be the one-point
  // posterior.
  const Eigen::MatrixXd x = random_inputs(90, 3, 41);
  const GaussianProcess gp(x, test_function(x),
                           hyper(Eigen::VectorXd::Constant(3, 0.3), 1.1, 1e-3, -0.2));
  expect_batch_equals_single_points(gp, random_inputs(70, 3, 42), 1e-9);
}

TEST(GaussianProcess, PredictionGradientsMatchFiniteDifferences) {
  const Eigen::MatrixXd x = random_inputs(20, 3, 3);
  Eigen::VectorXd l(3);
  l << 0.3, 0.7, 1.5;
  const GaussianProcess gp(x, test_function(x), hyper(l, 1.7, 1e-4, -0.2));
  const Eigen::MatrixXd q = random_inputs(5, 3, 4);
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    const Eigen::VectorXd point = q.row(i).transpose();
    const PredictionWithGradient g = gp.predict_with_gradient(point);
    EXPECT_NEAR(g.mean, gp.predict(point).mean, 1e-12);
    for (Eigen::Index j = 0; j < 3; ++j) {
      const double h = 1e-6;
      Eigen::VectorXd up = point, down = point;
      up(j) += h;
      down(j) -= h;
      const double mean_fd = (gp.predict(up).mean - gp.predict(down).mean) / (2 * h);
      const double var_fd = (gp.predict(up).variance - gp.predict(down).variance) / (2 * h);
      EXPECT_NEAR(g.mean_gradient(j), mean_fd, 1e-6 * std::max(1.0, std::abs(mean_fd)));
      EXPECT_NEAR(g.variance_gradient(j), var_fd, 1e-6 * std::max(1.0, std::abs(var_fd)));
    }
  }
}

TEST(GaussianProcess, CovarianceWithAnchorsIsWhatObservingThemExplains) {
  // Observing f(a) exactly shrinks var f(x) by cov(f(x), f(a))^2 / var f(a) (Gaussian
  // conditioning); with_observation does that by extending the Cholesky factor, so the
  // two must agree. At x = a the covariance is the variance itself.
  const Eigen::MatrixXd x = random_inputs(15, 2, 7);
  Eigen::VectorXd l(2);
  l << 0.4, 0.9;
  const GaussianProcess gp(x, test_function(x), hyper(l, 1.3, 1e-8, 0.1),
                           Eigen::VectorXd::Constant(15, 0.05));
  const Eigen::MatrixXd a = random_inputs(3, 2, 8);
  const GaussianProcess::Anchors anchors = gp.anchors(a);
  const Eigen::MatrixXd q = random_inputs(4, 2, 9);
  const Eigen::MatrixXd cov = gp.covariance_with(q, anchors);
  ASSERT_EQ(cov.rows(), 4);
  ASSERT_EQ(cov.cols(), 3);
  for (Eigen::Index p = 0; p < 3; ++p) {
    const Eigen::VectorXd at = a.row(p).transpose();
    EXPECT_NEAR(anchors.variances(p), gp.predict(at).variance, 1e-10);
    EXPECT_NEAR(gp.covariance_with(a.row(p), anchors)(0, p), gp.predict(at).variance, 1e-10);
    const GaussianProcess observed = gp.with_observation(at, gp.predict(at).mean);
    for (Eigen::Index i = 0; i < q.rows(); ++i) {
      const Eigen::VectorXd point = q.row(i).transpose();
      const double explained = cov(i, p) * cov(i, p) / anchors.variances(p);
      EXPECT_NEAR(observed.predict(point).variance, gp.predict(point).variance - explained, 1e-6);
    }
  }
}

TEST(GaussianProcess, CovarianceGradientMatchesFiniteDifferences) {
  const Eigen::MatrixXd x = random_inputs(20, 3, 10);
  Eigen::VectorXd l(3);
  l << 0.3, 0.7, 1.5;
  const GaussianProcess gp(x, test_function(x), hyper(l, 1.7, 1e-3, -0.2));
  const GaussianProcess::Anchors anchors = gp.anchors(random_inputs(2, 3, 11));
  const Eigen::MatrixXd q = random_inputs(4, 3, 12);
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    const Eigen::VectorXd point = q.row(i).transpose();
    for (Eigen::Index p = 0; p < 2; ++p) {
      Eigen::VectorXd gradient;
      const double c = gp.covariance_with_gradient(point, anchors, p, gradient);
      EXPECT_NEAR(c, gp.covariance_with(q.row(i), anchors)(0, p), 1e-12);
      for (Eigen::Index j = 0; j < 3; ++j) {
        const double h = 1e-6;
        Eigen::VectorXd up = point, down = point;
        up(j) += h;
        down(j) -= h;
        const double fd = (gp.covariance_with(up.transpose(), anchors)(0, p) -
                           gp.covariance_with(down.transpose(), anchors)(0, p)) /
                          (2 * h);
        EXPECT_NEAR(gradient(j), fd, 1e-6 * std::max(1.0, std::abs(fd)));
      }
    }
  }
}

/// The plain posterior's (no known noise, no basis) gradient at `h` against differences.
void expect_plain_gradient_matches_differences(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                               const GpHyperparameters& h, const GpPrior& prior) {
  const MarginalPosterior at = log_marginal_posterior(x, y, h, prior);
  ASSERT_TRUE(at.ok);
  testing::expect_gradient_matches_differences(
      at, h,
      [&](const GpHyperparameters& g) { return log_marginal_posterior(x, y, g, prior).value; },
      1e-5, 1e-5);
}

TEST(MarginalPosterior, GradientMatchesFiniteDifferences) {
  const Eigen::MatrixXd x = random_inputs(25, 4, 5);
  Eigen::VectorXd y = test_function(x);
  const GpPrior prior = default_prior(4);
  Eigen::VectorXd l(4);
  l << 0.2, 0.5, 1.0, 3.0;
  expect_plain_gradient_matches_differences(x, y, hyper(l, 0.8, 0.01, 0.3), prior);
}

TEST(MarginalPosterior, GradientMatchesFiniteDifferencesAcrossInverseBlocks) {
  // 70 rows: K^-1 behind the gradient is formed 32 columns at a time (its triangular
  // inverse and the product of the two factors, lower half mirrored), so this crosses two
  // block boundaries and a ragged last block; an entry missed or mirrored wrongly there
  // moves every lengthscale's gradient.
  const Eigen::MatrixXd x = random_inputs(70, 3, 31);
  const Eigen::VectorXd y = test_function(x);
  const GpPrior prior = default_prior(3);
  expect_plain_gradient_matches_differences(
      x, y, hyper(Eigen::VectorXd::Constant(3, 0.4), 1.2, 0.02, 0.1), prior);
}

TEST(GaussianProcess, IncrementalObservationEqualsRefactorising) {
  const Eigen::MatrixXd x = random_inputs(12, 2, 6);
  const Eigen::VectorXd y = test_function(x);
  const GpHyperparameters h = hyper(Eigen::VectorXd::Constant(2, 0.3), 1.0, 1e-3, 0.0);
  const GaussianProcess small(x.topRows(11), y.head(11), h);
  const GaussianProcess grown = small.with_observation(x.row(11).transpose(), y(11));
  const GaussianProcess full(x, y, h);
  const Eigen::MatrixXd q = random_inputs(6, 2, 7);
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    EXPECT_NEAR(grown.predict(q.row(i).transpose()).mean, full.predict(q.row(i).transpose()).mean,
                1e-9);
    EXPECT_NEAR(grown.predict(q.row(i).transpose()).variance,
                full.predict(q.row(i).transpose()).variance, 1e-9);
  }
  // Re-standardised outputs reuse the factor.
  const GaussianProcess shifted = full.with_outputs(2.0 * y);
  const GaussianProcess direct(x, 2.0 * y, h);
  EXPECT_NEAR(shifted.predict(q.row(0).transpose()).mean, direct.predict(q.row(0).transpose()).mean,
              1e-9);
}

TEST(GaussianProcess, MeansOnlyEqualTheFullPrediction) {
  const Eigen::MatrixXd x = random_inputs(15, 3, 21);
  const GaussianProcess gp(x, test_function(x),
                           hyper(Eigen::VectorXd::Constant(3, 0.4), 1.5, 1e-3, 0.2));
  const Eigen::MatrixXd q = random_inputs(9, 3, 22);
  Eigen::VectorXd means, variances;
  gp.predict(q, means, variances);
  const Eigen::VectorXd only = gp.means(q);
  ASSERT_EQ(only.size(), q.rows());
  for (Eigen::Index i = 0; i < q.rows(); ++i) EXPECT_DOUBLE_EQ(only(i), means(i));
}

TEST(GaussianProcess, DuplicateInputsGetJitterInsteadOfFailing) {
  Eigen::MatrixXd x(3, 1);
  x << 0.5, 0.5, 0.5;
  Eigen::VectorXd y(3);
  y << 1.0, 1.0, 1.0;
  GpHyperparameters h = hyper(Eigen::VectorXd::Ones(1), 1.0, 1.0, 0.0);
  h.log_noise_variance = -80.0;  // no noise at all: K is singular
  const GaussianProcess gp(x, y, h);
  EXPECT_GT(gp.jitter(), 0.0);
  Eigen::VectorXd q(1);
  q << 0.5;
  EXPECT_NEAR(gp.predict(q).mean, 1.0, 1e-3);
}

TEST(HyperparameterFit, FindsTheRelevantInput) {
  // y depends on input 0 only: its lengthscale must come out far shorter than input 1's.
  const Eigen::MatrixXd x = random_inputs(40, 2, 8);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index i = 0; i < x.rows(); ++i) y(i) = std::sin(8.0 * x(i, 0));
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  const GpPrior prior = default_prior(2);
  FitOptions options;
  const GpHyperparameters fitted = fit_hyperparameters(x, y, prior, {}, options);
  EXPECT_LT(fitted.log_lengthscales(0) + 1.0, fitted.log_lengthscales(1));
  // The fit improves on the prior's mode.
  EXPECT_GT(log_marginal_posterior(x, y, fitted, prior).value,
            log_marginal_posterior(x, y, prior_mode(prior, 2), prior).value);
  // A noiseless function gets little noise.
  EXPECT_LT(std::exp(fitted.log_noise_variance), 0.01);
  // Warm-starting from the answer stays there.
  const GpHyperparameters again = fit_hyperparameters(x, y, prior, {fitted}, options);
  EXPECT_NEAR(log_marginal_posterior(x, y, again, prior).value,
              log_marginal_posterior(x, y, fitted, prior).value, 1e-3);
}

TEST(GaussianProcess, RepeatsWithKnownNoiseAverageByPrecision) {
  // One configuration measured twice, 1.0 +- 0.1 and 2.0 +- 0.2: with a wide prior the
  // posterior mean there is the precision-weighted mean (1/0.01 + 2/0.04) / (1/0.01 +
  // 1/0.04) = 1.2, and its variance 1 / (1/0.01 + 1/0.04) = 0.008. Without the known
  // noise the model would split the difference (1.5) with almost no variance.
  Eigen::MatrixXd x(2, 1);
  x << 0.5, 0.5;
  Eigen::VectorXd y(2);
  y << 1.0, 2.0;
  Eigen::VectorXd noise(2);
  noise << 0.01, 0.04;
  const GaussianProcess gp(x, y, hyper(Eigen::VectorXd::Constant(1, 0.3), 1e4, 1e-9, 0.0), noise);
  Eigen::VectorXd q(1);
  q << 0.5;
  EXPECT_NEAR(gp.predict(q).mean, 1.2, 1e-3);
  EXPECT_NEAR(gp.predict(q).variance, 0.008, 1e-4);
  // Adding the second measurement incrementally gives the same model.
  const GaussianProcess first(x.topRows(1), y.head(1),
                              hyper(Eigen::VectorXd::Constant(1, 0.3), 1e4, 1e-9, 0.0),
                              noise.head(1));
  EXPECT_NEAR(first.with_observation(x.row(1).transpose(), 2.0, 0.04).predict(q).mean, 1.2, 1e-3);
  EXPECT_THROW(GaussianProcess(x, y, gp.hyperparameters(), Eigen::VectorXd::Constant(2, -1.0)),
               std::invalid_argument);
}

TEST(MarginalPosterior, KnownNoiseEntersTheLikelihoodAndItsGradient) {
  const Eigen::MatrixXd x = random_inputs(12, 2, 5);
  const Eigen::VectorXd y = test_function(x);
  Eigen::VectorXd noise = Eigen::VectorXd::LinSpaced(12, 0.0, 0.5);
  const GpPrior prior = default_prior(2);
  GpHyperparameters h = hyper(Eigen::Vector2d(0.3, 0.6), 0.8, 0.01, 0.1);
  const MarginalPosterior with = log_marginal_posterior(x, y, h, prior, noise);
  ASSERT_TRUE(with.ok);
  EXPECT_NE(with.value, log_marginal_posterior(x, y, h, prior).value);
  testing::expect_gradient_matches_differences(with, h, [&](const GpHyperparameters& g) {
    return log_marginal_posterior(x, y, g, prior, noise).value;
  });
}

TEST(HyperparameterFit, ScreeningOnASubsetReachesTheFullFitsOptimum) {
  // Five starts screened on 30 of 150 rows, only the winner polished on all of them
  // (a capped number of steps): about the same posterior as every start on every row.
  const Eigen::MatrixXd x = random_inputs(150, 3, 21);
  Eigen::VectorXd y = test_function(x);
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  const GpPrior prior = default_prior(3);
  FitOptions options;
  const FitReport full = fit_hyperparameters_report(x, y, prior, {}, options);
  options.screening_rows = 30;
  options.polish_evaluations = 25;
  const FitReport screened = fit_hyperparameters_report(x, y, prior, {}, options);
  EXPECT_EQ(full.screening_evaluations, 0);
  EXPECT_GT(full.full_evaluations, 100);  // five starts on every row
  EXPECT_GT(screened.screening_evaluations, 0);
  EXPECT_LE(screened.full_evaluations, 25);
  const double full_value = log_marginal_posterior(x, y, full.hyper, prior).value;
  EXPECT_GT(log_marginal_posterior(x, y, screened.hyper, prior).value,
            full_value - 0.01 * std::abs(full_value) - 0.5);
  // The same seed screens the same rows.
  const FitReport again = fit_hyperparameters_report(x, y, prior, {}, options);
  EXPECT_EQ(again.hyper.to_vector(), screened.hyper.to_vector());
}

}  // namespace
}  // namespace ecopt::optim::gp
