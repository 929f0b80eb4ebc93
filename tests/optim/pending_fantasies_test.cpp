// condition_on_pending: a trial in flight must make its neighbourhood look worse in
// proportion to the model's uncertainty there (not only more certain, as the Kriging
// believer does), and leave regions the data already pin down as they were.
#include <gtest/gtest.h>

#include <cmath>
#include <utility>

#include "../../src/optim/mobo/pending_fantasies.hpp"

namespace ecopt::optim::mobo {
namespace {

/// A 2-D model observed only near the origin's corner, outputs increasing in x0.
gp::GaussianProcess corner_model() {
  gp::GpHyperparameters hyper;
  hyper.log_lengthscales = Eigen::VectorXd::Constant(2, std::log(0.3));
  hyper.log_signal_variance = 0.0;
  hyper.log_noise_variance = std::log(1e-6);
  hyper.mean = 0.0;
  Eigen::MatrixXd inputs(4, 2);
  inputs << 0.0, 0.0, 0.2, 0.0, 0.0, 0.2, 0.2, 0.2;
  Eigen::VectorXd outputs(4);
  outputs << -1.0, -0.5, -1.0, -0.5;
  return gp::GaussianProcess(std::move(inputs), std::move(outputs), std::move(hyper));
}

Eigen::VectorXd point(double x0, double x1) {
  Eigen::VectorXd out(2);
  out << x0, x1;
  return out;
}

TEST(PendingFantasies, MakeAnUncertainPendingRegionLookWorseUntilItsReadingArrives) {
  std::vector<gp::GaussianProcess> models{corner_model()};
  const gp::GaussianProcess before = models[0];
  Eigen::MatrixXd pending(1, 2);
  pending << 0.9, 0.9;  // far from every observation: the model is unsure there
  condition_on_pending(pending, {&models});

  const Eigen::VectorXd at = point(0.9, 0.9), near = point(0.8, 0.9), known = point(0.1, 0.1);
  const gp::Prediction prior_at = before.predict(at);
  ASSERT_GT(prior_at.variance, 0.5);
  // At the pending trial: one posterior sd worse, and certain.
  EXPECT_NEAR(models[0].predict(at).mean, prior_at.mean + std::sqrt(prior_at.variance), 1e-3);
  EXPECT_LT(models[0].predict(at).variance, 1e-3);
  // Next to it: worse too, so a concurrent suggestion looks elsewhere.
  EXPECT_GT(models[0].predict(near).mean, before.predict(near).mean + 0.3);
  // Where the data already decide, nothing changes.
  EXPECT_NEAR(models[0].predict(known).mean, before.predict(known).mean, 0.01);
}

TEST(PendingFantasies, AtZeroSdAreTheKrigingBeliever) {
  // The believer conditions on the posterior mean: the mean stays put everywhere and
  // only the variance at the pending trial collapses.
  std::vector<gp::GaussianProcess> models{corner_model(), corner_model()};
  const gp::GaussianProcess before = models[0];
  Eigen::MatrixXd pending(2, 2);
  pending << 0.9, 0.9, 0.9, 0.1;
  condition_on_pending(pending, {&models}, 0.0);
  for (const gp::GaussianProcess& model : models) {
    EXPECT_EQ(model.size(), 6U);
    EXPECT_NEAR(model.predict(point(0.8, 0.9)).mean, before.predict(point(0.8, 0.9)).mean, 1e-6);
    EXPECT_LT(model.predict(point(0.9, 0.1)).variance, 1e-3);
  }
}

}  // namespace
}  // namespace ecopt::optim::mobo
