#pragma once
// An acquisition function over the unit-cube inputs: a score of the models' posterior
// means and standard deviations at x (EHVI, EI, times the probability of feasibility).

#include <functional>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "ecopt/optim/gp/gaussian_process.hpp"

namespace ecopt::optim::mobo {

/// Score of one candidate from its per-model posterior (mean, sd), in log space.
using Score = std::function<double(std::span<const double> mean, std::span<const double> sd)>;

class AcquisitionFunction {
 public:
  AcquisitionFunction(std::vector<const gp::GaussianProcess*> models, Score score);

  [[nodiscard]] double value(const Eigen::VectorXd& x) const;
  /// One value per row of `points`, with batched posterior predictions.
  [[nodiscard]] Eigen::VectorXd values(const Eigen::MatrixXd& points) const;
  /// The value and its gradient in x: the models' posterior gradients are analytic; the
  /// score's sensitivity to each (mean, sd) is a central difference, which costs 4 score
  /// evaluations per model instead of hand-derived EHVI derivatives.
  [[nodiscard]] double value_and_gradient(const Eigen::VectorXd& x,
                                          Eigen::VectorXd& gradient) const;

 private:
  std::vector<const gp::GaussianProcess*> models_;
  Score score_;
};

}  // namespace ecopt::optim::mobo
