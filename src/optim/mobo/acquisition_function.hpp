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
  /// `incumbents[i]`, where given (non-empty), are inputs whose latent values model i's
  /// score is compared against (the incumbent front's). The score then sees, per model,
  /// the posterior of f(x) given that f at the most correlated incumbent equals its
  /// posterior mean: variance var(x) - max_p cov(x, a_p)^2 / var(a_p). This is the
  /// correlation the plug-in front ignores: measuring an incumbent again cannot move the
  /// front beyond that incumbent's own uncertainty, yet with noisy readings a plain (EH)VI
  /// counts that uncertainty as room to improve (Letham et al. 2019 and Daulton, Balandat
  /// & Bakshy 2021 integrate over the joint posterior instead; conditioning on the one most
  /// correlated incumbent is the cheap local form of it).
  AcquisitionFunction(std::vector<const gp::GaussianProcess*> models, Score score,
                      std::vector<gp::GaussianProcess::Anchors> incumbents = {});

  [[nodiscard]] double value(const Eigen::VectorXd& x) const;
  /// One value per row of `points`, with batched posterior predictions.
  [[nodiscard]] Eigen::VectorXd values(const Eigen::MatrixXd& points) const;
  /// The value and its gradient in x: the models' posterior gradients are analytic; the
  /// score's sensitivity to each (mean, sd) is a central difference, which costs 4 score
  /// evaluations per model instead of hand-derived EHVI derivatives.
  [[nodiscard]] double value_and_gradient(const Eigen::VectorXd& x,
                                          Eigen::VectorXd& gradient) const;

 private:
  [[nodiscard]] const gp::GaussianProcess::Anchors* incumbents_of(std::size_t model) const;
  /// Model `model`'s posterior at x, conditioned on its incumbents where it has them.
  [[nodiscard]] gp::PredictionWithGradient predict(std::size_t model, const Eigen::VectorXd& x,
                                                   bool with_gradient) const;
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient,
                            bool with_gradient) const;

  std::vector<const gp::GaussianProcess*> models_;
  Score score_;
  std::vector<gp::GaussianProcess::Anchors> incumbents_;
};

}  // namespace ecopt::optim::mobo
