#pragma once
// An exact Gaussian-process regression model (Rasmussen & Williams 2006, algorithm 2.1)
// with a Matern-5/2 ARD kernel, a constant mean and Gaussian noise.
//
// Predictions are of the latent function (noise excluded): acquisition functions ask
// how good the function is at x, not how noisy a new reading would be.

#include <cstddef>
#include <memory>

#include <Eigen/Dense>

#include "ecopt/optim/gp/hyperparameters.hpp"
#include "ecopt/optim/gp/prior_mean.hpp"

namespace ecopt::optim::gp {

struct Prediction {
  double mean = 0.0;
  double variance = 0.0;
};

/// A prediction with its gradient in x.
struct PredictionWithGradient {
  double mean = 0.0;
  double variance = 0.0;
  Eigen::VectorXd mean_gradient;
  Eigen::VectorXd variance_gradient;
};

class GaussianProcess {
 public:
  /// Conditions on the rows of `inputs` and `outputs`. The Cholesky factorisation adds
  /// jitter in steps of 10 (from 1e-10 to 1e-4 of the signal variance) when the
  /// covariance is numerically singular (duplicate inputs, tiny noise); throws
  /// std::runtime_error naming the largest jitter tried when even that fails.
  GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs, GpHyperparameters hyper);
  /// As above, with a known noise variance per observation (heteroscedastic; in the
  /// outputs' units squared, >= 0) added to the learnt homoscedastic noise: a measurement
  /// that says how uncertain it is counts for what it is worth, and repeats of one
  /// configuration average with precision weights. Empty: none known.
  GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs, GpHyperparameters hyper,
                  Eigen::VectorXd noise_variances);
  /// As above, with the prior mean b + w h(x), h being `prior_source`'s posterior mean (an
  /// earlier study's model; prior_mean.hpp). w is learnt from these outputs by type-II
  /// maximum likelihood, and is 0 when the source does not explain them. Null: none.
  GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs, GpHyperparameters hyper,
                  Eigen::VectorXd noise_variances,
                  std::shared_ptr<const GaussianProcess> prior_source);

  [[nodiscard]] Prediction predict(const Eigen::VectorXd& x) const;
  /// Means and variances for each row of `points`, in one pass (matrix products).
  void predict(const Eigen::MatrixXd& points, Eigen::VectorXd& means,
               Eigen::VectorXd& variances) const;
  [[nodiscard]] PredictionWithGradient predict_with_gradient(const Eigen::VectorXd& x) const;
  /// Posterior means alone, one per row of `points` (no variances: O(n) a point).
  [[nodiscard]] Eigen::VectorXd means(const Eigen::MatrixXd& points) const;
  /// The posterior mean at x, and its gradient in `gradient`.
  [[nodiscard]] double mean_with_gradient(const Eigen::VectorXd& x,
                                          Eigen::VectorXd& gradient) const;
  /// Leave-one-out posterior means at the inputs: entry i is the mean at input i of the
  /// model fitted to every other observation with the same hyperparameters, in closed form
  /// (Rasmussen & Williams 2006, eq. 5.12: y_i - [K^-1 r]_i / [K^-1]_ii, r the residuals).
  [[nodiscard]] Eigen::VectorXd leave_one_out_means() const;

  /// Fixed inputs ("anchors", e.g. the incumbent front's) prepared for posterior
  /// covariances with new points: K^-1 k(X, a) per anchor and the anchors' variances.
  struct Anchors {
    Eigen::MatrixXd inputs;     ///< P x d
    Eigen::MatrixXd solved;     ///< n x P: K^-1 k(X, a_p)
    Eigen::VectorXd variances;  ///< P: posterior variance of f(a_p)
  };
  [[nodiscard]] Anchors anchors(const Eigen::MatrixXd& inputs) const;
  /// Posterior covariances cov(f(x), f(a_p)) for each row x of `points` (N x P).
  [[nodiscard]] Eigen::MatrixXd covariance_with(const Eigen::MatrixXd& points,
                                                const Anchors& anchors) const;
  /// cov(f(x), f(a_p)) and its gradient in x.
  [[nodiscard]] double covariance_with_gradient(const Eigen::VectorXd& x, const Anchors& anchors,
                                                Eigen::Index p, Eigen::VectorXd& gradient) const;

  /// The model with one more observation, by extending the Cholesky factor (O(n^2))
  /// rather than refactorising (O(n^3)). Used for fantasies of pending trials
  /// (mobo/pending_fantasies.hpp) and for new observations under unchanged hyperparameters.
  [[nodiscard]] GaussianProcess with_observation(const Eigen::VectorXd& x, double y,
                                                 double noise_variance = 0.0) const;
  /// The same inputs and factor with other outputs (O(n^2)): outputs are re-standardised
  /// as observations arrive, which leaves the covariance untouched.
  [[nodiscard]] GaussianProcess with_outputs(Eigen::VectorXd outputs) const;

  [[nodiscard]] std::size_t size() const { return static_cast<std::size_t>(inputs_.rows()); }
  [[nodiscard]] const Eigen::MatrixXd& inputs() const { return inputs_; }
  [[nodiscard]] const Eigen::VectorXd& outputs() const { return outputs_; }
  [[nodiscard]] const GpHyperparameters& hyperparameters() const { return hyper_; }
  /// Jitter added to the diagonal beyond the noise (0 when none was needed).
  [[nodiscard]] double jitter() const { return jitter_; }
  /// The prior source's learnt weight (all zero without a source). Fantasies
  /// (with_observation) keep it; with_outputs learns it again.
  [[nodiscard]] const BasisWeight& prior_weight() const { return prior_weight_; }

 private:
  GaussianProcess() = default;
  void factorise();
  void update_alpha(bool learn_prior_weight = true);
  /// K^-1 v from the Cholesky factor.
  [[nodiscard]] Eigen::VectorXd solve(const Eigen::VectorXd& v) const;
  /// w h(x) for each row of `points` (zeros without a prior source).
  [[nodiscard]] Eigen::VectorXd prior_part(const Eigen::MatrixXd& points) const;
  [[nodiscard]] Eigen::VectorXd cross_covariance(const Eigen::VectorXd& x) const;
  /// d k(x, b_i) / dx for each row b_i of `points`, as the rows of a |points| x d matrix.
  [[nodiscard]] Eigen::MatrixXd kernel_gradient(const Eigen::VectorXd& x,
                                                const Eigen::MatrixXd& points) const;

  Eigen::MatrixXd inputs_;
  Eigen::VectorXd outputs_;
  GpHyperparameters hyper_;
  Eigen::VectorXd lengthscales_;
  double signal_variance_ = 1.0;
  double noise_variance_ = 0.0;
  double jitter_ = 0.0;
  Eigen::VectorXd noise_variances_;  ///< known, per observation (zeros when none)
  /// lower triangular L with L L^T = K + (noise + jitter) I + diag(noise_variances_)
  Eigen::MatrixXd cholesky_;
  Eigen::VectorXd alpha_;                                ///< K^-1 (y - mean - w h(X))
  std::shared_ptr<const GaussianProcess> prior_source_;  ///< h; null: none
  Eigen::VectorXd prior_basis_;                          ///< h at the inputs
  BasisWeight prior_weight_;
};

}  // namespace ecopt::optim::gp
