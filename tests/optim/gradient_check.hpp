#pragma once
// The GP's hyperparameter gradient against central finite differences of its log marginal
// posterior: one check for every form of the posterior (plain, known noise, a prior-mean
// basis), so that each test states only what it varies.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "ecopt/optim/gp/hyperparameters.hpp"

namespace ecopt::optim::gp::testing {

/// Expects `at.gradient` (the posterior at `h`) to equal the central difference of
/// `log_posterior` in each hyperparameter, with step `step`, to a relative `tolerance`.
inline void expect_gradient_matches_differences(
    const MarginalPosterior& at, const GpHyperparameters& h,
    const std::function<double(const GpHyperparameters&)>& log_posterior, double step = 1e-6,
    double tolerance = 1e-4) {
  const Eigen::VectorXd theta = h.to_vector();
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    Eigen::VectorXd up = theta, down = theta;
    up(i) += step;
    down(i) -= step;
    const double difference = (log_posterior(GpHyperparameters::from_vector(up)) -
                               log_posterior(GpHyperparameters::from_vector(down))) /
                              (2 * step);
    EXPECT_NEAR(at.gradient(i), difference, tolerance * std::max(1.0, std::abs(difference)))
        << "theta[" << i << "]";
  }
}

}  // namespace ecopt::optim::gp::testing
