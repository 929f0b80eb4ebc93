// IncrementalModel: extending the last GP by appended observations must give the posterior
// a fresh GP on the whole data gives, and anything but an append must rebuild.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "../../src/optim/mobo/incremental_model.hpp"

namespace ecopt::optim::mobo {
namespace {

gp::GpHyperparameters hyper(double lengthscale, std::size_t d) {
  gp::GpHyperparameters h;
  h.log_lengthscales =
      Eigen::VectorXd::Constant(static_cast<Eigen::Index>(d), std::log(lengthscale));
  h.log_signal_variance = 0.3;
  h.log_noise_variance = std::log(1e-4);
  h.mean = 0.1;
  return h;
}

/// The first `n` rows of a fixed random data set, outputs standardised over those rows
/// (as training data are re-standardised every suggestion), with known noise on odd rows.
ModelData data_of(Eigen::Index n, std::uint64_t seed = 5) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Eigen::Index d = 4;
  Eigen::MatrixXd all(40, d);
  for (Eigen::Index i = 0; i < all.rows(); ++i)
    for (Eigen::Index j = 0; j < d; ++j) all(i, j) = u(rng);
  ModelData data;
  data.inputs = all.topRows(n);
  data.outputs.resize(n);
  data.noise_variances.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    data.outputs(i) = std::sin(5.0 * all(i, 0)) + all(i, 1) * all(i, 2);
    data.noise_variances(i) = i % 2 == 1 ? 0.01 : 0.0;
  }
  const double mean = data.outputs.mean();
  const double sd = std::sqrt((data.outputs.array() - mean).square().sum() / double(n - 1));
  data.outputs = (data.outputs.array() - mean) / sd;
  return data;
}

void expect_same_posterior(const gp::GaussianProcess& a, const gp::GaussianProcess& b) {
  std::mt19937_64 rng(9);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd q(25, a.inputs().cols());
  for (Eigen::Index i = 0; i < q.rows(); ++i)
    for (Eigen::Index j = 0; j < q.cols(); ++j) q(i, j) = u(rng);
  Eigen::VectorXd mean_a, var_a, mean_b, var_b;
  a.predict(q, mean_a, var_a);
  b.predict(q, mean_b, var_b);
  for (Eigen::Index i = 0; i < q.rows(); ++i) {
    EXPECT_NEAR(mean_a(i), mean_b(i), 1e-9) << "point " << i;
    EXPECT_NEAR(var_a(i), var_b(i), 1e-9) << "point " << i;
  }
}

TEST(IncrementalModel, AppendedObservationsGiveTheFreshPosterior) {
  const gp::GpHyperparameters h = hyper(0.5, 4);
  IncrementalModel cache;
  (void)cache.model(data_of(20), h);
  EXPECT_FALSE(cache.extended());
  // One observation at a time, then two at once, outputs re-standardised each time.
  for (Eigen::Index n : {21, 22, 24}) {
    const ModelData data = data_of(n);
    const gp::GaussianProcess grown = cache.model(data, h);
    EXPECT_TRUE(cache.extended()) << n << " rows";
    ASSERT_EQ(grown.size(), static_cast<std::size_t>(n));
    expect_same_posterior(grown,
                          gp::GaussianProcess(data.inputs, data.outputs, h, data.noise_variances));
  }
}

TEST(IncrementalModel, AnythingButAnAppendRebuilds) {
  const gp::GpHyperparameters h = hyper(0.5, 4);
  IncrementalModel cache;
  (void)cache.model(data_of(20), h);

  // Other hyperparameters (a refit).
  const gp::GpHyperparameters refit = hyper(0.7, 4);
  ModelData data = data_of(21);
  expect_same_posterior(cache.model(data, refit), gp::GaussianProcess(data.inputs, data.outputs,
                                                                      refit, data.noise_variances));
  EXPECT_FALSE(cache.extended());

  // An earlier row changed (a trial that finished late lands in the middle).
  data = data_of(22);
  data.inputs.row(3).swap(data.inputs.row(21));
  expect_same_posterior(cache.model(data, refit), gp::GaussianProcess(data.inputs, data.outputs,
                                                                      refit, data.noise_variances));
  EXPECT_FALSE(cache.extended());

  // The known noise of an earlier row changed.
  data = data_of(23);
  (void)cache.model(data_of(22), refit);
  data.noise_variances(0) = 0.05;
  expect_same_posterior(cache.model(data, refit), gp::GaussianProcess(data.inputs, data.outputs,
                                                                      refit, data.noise_variances));
  EXPECT_FALSE(cache.extended());

  // Fewer rows, or more than a quarter appended at once.
  (void)cache.model(data_of(12), refit);
  EXPECT_FALSE(cache.extended());
  (void)cache.model(data_of(20), refit);
  EXPECT_FALSE(cache.extended());
}

}  // namespace
}  // namespace ecopt::optim::mobo
