#include "ecopt/optim/gp/gaussian_process.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "ecopt/optim/gp/matern52.hpp"

namespace ecopt::optim::gp {
namespace {
constexpr double kMinVariance = 1e-12;
}

GaussianProcess::GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs,
                                 GpHyperparameters hyper)
    : GaussianProcess(std::move(inputs), std::move(outputs), std::move(hyper), {}) {}

GaussianProcess::GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs,
                                 GpHyperparameters hyper, Eigen::VectorXd noise_variances)
    : GaussianProcess(std::move(inputs), std::move(outputs), std::move(hyper),
                      std::move(noise_variances), nullptr) {}

GaussianProcess::GaussianProcess(Eigen::MatrixXd inputs, Eigen::VectorXd outputs,
                                 GpHyperparameters hyper, Eigen::VectorXd noise_variances,
                                 std::shared_ptr<const GaussianProcess> prior_source)
    : inputs_(std::move(inputs)),
      outputs_(std::move(outputs)),
      hyper_(std::move(hyper)),
      noise_variances_(std::move(noise_variances)),
      prior_source_(std::move(prior_source)) {
  if (inputs_.rows() != outputs_.size()) {
    throw std::invalid_argument("GaussianProcess: " + std::to_string(inputs_.rows()) +
                                " inputs but " + std::to_string(outputs_.size()) + " outputs");
  }
  if (hyper_.log_lengthscales.size() != inputs_.cols()) {
    throw std::invalid_argument(
        "GaussianProcess: " + std::to_string(hyper_.log_lengthscales.size()) +
        " lengthscales for " + std::to_string(inputs_.cols()) + "-dimensional inputs");
  }
  if (noise_variances_.size() == 0) noise_variances_ = Eigen::VectorXd::Zero(inputs_.rows());
  if (noise_variances_.size() != inputs_.rows() || !(noise_variances_.array() >= 0.0).all()) {
    throw std::invalid_argument(
        "GaussianProcess: the known noise variances must be one "
        "finite value >= 0 per input (" +
        std::to_string(noise_variances_.size()) + " for " + std::to_string(inputs_.rows()) +
        " inputs)");
  }
  if (prior_source_ && prior_source_->inputs_.cols() != inputs_.cols()) {
    throw std::invalid_argument(
        "GaussianProcess: the prior source has " + std::to_string(prior_source_->inputs_.cols()) +
        "-dimensional inputs, these are " + std::to_string(inputs_.cols()) + "-dimensional");
  }
  lengthscales_ = hyper_.log_lengthscales.array().exp();
  signal_variance_ = std::exp(hyper_.log_signal_variance);
  noise_variance_ = std::exp(hyper_.log_noise_variance);
  if (prior_source_) prior_basis_ = prior_source_->means(inputs_);
  factorise();
  update_alpha();
}

void GaussianProcess::factorise() {
  const Eigen::Index n = inputs_.rows();
  Eigen::MatrixXd k = matern52_matrix(inputs_, inputs_, lengthscales_, signal_variance_);
  k.diagonal().array() += noise_variance_;
  k.diagonal() += noise_variances_;
  for (double relative = 0.0; relative <= 1e-4;
       relative = relative == 0.0 ? 1e-10 : relative * 10) {
    jitter_ = relative * signal_variance_;
    Eigen::MatrixXd attempt = k;
    attempt.diagonal().array() += jitter_;
    Eigen::LLT<Eigen::MatrixXd> llt(attempt);
    if (llt.info() == Eigen::Success) {
      cholesky_ = llt.matrixL();
      return;
    }
  }
  throw std::runtime_error("GaussianProcess: the " + std::to_string(n) + "x" + std::to_string(n) +
                           " covariance is not positive definite even with 1e-4 jitter; the "
                           "inputs or hyperparameters are degenerate");
}

Eigen::VectorXd GaussianProcess::solve(const Eigen::VectorXd& v) const {
  const Eigen::VectorXd half = cholesky_.triangularView<Eigen::Lower>().solve(v);
  return cholesky_.transpose().triangularView<Eigen::Upper>().solve(half);
}

void GaussianProcess::update_alpha(bool learn_prior_weight) {
  Eigen::VectorXd centred = outputs_.array() - hyper_.mean;
  if (prior_source_) {
    if (learn_prior_weight)
      prior_weight_ = fit_basis_weight(solve(prior_basis_), prior_basis_, centred);
    centred -= prior_weight_.weight * prior_basis_;
  }
  alpha_ = solve(centred);
}

Eigen::VectorXd GaussianProcess::prior_part(const Eigen::MatrixXd& points) const {
  if (!prior_source_ || prior_weight_.weight == 0.0) return Eigen::VectorXd::Zero(points.rows());
  return prior_weight_.weight * prior_source_->means(points);
}

Eigen::VectorXd GaussianProcess::means(const Eigen::MatrixXd& points) const {
  const Eigen::MatrixXd k = matern52_matrix(points, inputs_, lengthscales_, signal_variance_);
  return (k * alpha_).array() + hyper_.mean + prior_part(points).array();
}

double GaussianProcess::mean_with_gradient(const Eigen::VectorXd& x,
                                           Eigen::VectorXd& gradient) const {
  gradient = kernel_gradient(x, inputs_).transpose() * alpha_;
  double mean = hyper_.mean + cross_covariance(x).dot(alpha_);
  if (prior_source_ && prior_weight_.weight != 0.0) {
    Eigen::VectorXd prior_gradient;
    mean += prior_weight_.weight * prior_source_->mean_with_gradient(x, prior_gradient);
    gradient += prior_weight_.weight * prior_gradient;
  }
  return mean;
}

Eigen::VectorXd GaussianProcess::leave_one_out_means() const {
  // diag(K^-1) = the squared column norms of L^-1.
  const auto n = cholesky_.rows();
  const Eigen::MatrixXd l_inverse =
      cholesky_.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
  const Eigen::VectorXd inverse_diagonal = l_inverse.colwise().squaredNorm().transpose();
  return outputs_.array() - alpha_.array() / inverse_diagonal.array();
}

Eigen::VectorXd GaussianProcess::cross_covariance(const Eigen::VectorXd& x) const {
  return matern52_matrix(inputs_, x.transpose(), lengthscales_, signal_variance_).col(0);
}

Prediction GaussianProcess::predict(const Eigen::VectorXd& x) const {
  const Eigen::VectorXd k = cross_covariance(x);
  const Eigen::VectorXd v = cholesky_.triangularView<Eigen::Lower>().solve(k);
  return {hyper_.mean + k.dot(alpha_) + prior_part(x.transpose())(0),
          std::max(kMinVariance, signal_variance_ - v.squaredNorm())};
}

void GaussianProcess::predict(const Eigen::MatrixXd& points, Eigen::VectorXd& means,
                              Eigen::VectorXd& variances) const {
  // One point a row: Eigen's triangular solve of V L^T = K(points, inputs) from the right,
  // in place, takes 19.3 million instructions at 200 observations and 512 points, where
  // L V = K(inputs, points) took 27.6 (docs/benchmarks.md); the numbers are the same.
  Eigen::MatrixXd k = matern52_matrix(points, inputs_, lengthscales_, signal_variance_);
  means = (k * alpha_).array() + hyper_.mean + prior_part(points).array();
  cholesky_.transpose().triangularView<Eigen::Upper>().solveInPlace<Eigen::OnTheRight>(k);
  variances = (signal_variance_ - k.rowwise().squaredNorm().array()).max(kMinVariance).matrix();
}

Eigen::MatrixXd GaussianProcess::kernel_gradient(const Eigen::VectorXd& x,
                                                 const Eigen::MatrixXd& points) const {
  // dk_i/dx = -g(r_i) (x - b_i) / l^2 (matern52.hpp).
  const Eigen::VectorXd inverse_l2 = lengthscales_.array().square().inverse();
  Eigen::MatrixXd dk(points.rows(), points.cols());
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    const Eigen::VectorXd diff = x - points.row(i).transpose();
    const double r = std::sqrt(diff.cwiseProduct(diff).dot(inverse_l2));
    dk.row(i) = (-matern52_derivative_factor(r, signal_variance_) * diff.cwiseProduct(inverse_l2))
                    .transpose();
  }
  return dk;
}

GaussianProcess::Anchors GaussianProcess::anchors(const Eigen::MatrixXd& inputs) const {
  Anchors out;
  out.inputs = inputs;
  const Eigen::MatrixXd k = matern52_matrix(inputs_, inputs, lengthscales_, signal_variance_);
  const Eigen::MatrixXd v = cholesky_.triangularView<Eigen::Lower>().solve(k);
  out.solved = cholesky_.transpose().triangularView<Eigen::Upper>().solve(v);
  out.variances =
      (signal_variance_ - v.colwise().squaredNorm().array()).max(kMinVariance).matrix().transpose();
  return out;
}

Eigen::MatrixXd GaussianProcess::covariance_with(const Eigen::MatrixXd& points,
                                                 const Anchors& anchors) const {
  // cov(f(x), f(a)) = k(x, a) - k(x, X) K^-1 k(X, a).
  const Eigen::MatrixXd k = matern52_matrix(inputs_, points, lengthscales_, signal_variance_);
  return matern52_matrix(points, anchors.inputs, lengthscales_, signal_variance_) -
         k.transpose() * anchors.solved;
}

double GaussianProcess::covariance_with_gradient(const Eigen::VectorXd& x, const Anchors& anchors,
                                                 Eigen::Index p, Eigen::VectorXd& gradient) const {
  const Eigen::MatrixXd anchor = anchors.inputs.row(p);
  const Eigen::VectorXd u = anchors.solved.col(p);
  gradient =
      kernel_gradient(x, anchor).row(0).transpose() - kernel_gradient(x, inputs_).transpose() * u;
  return matern52_matrix(x.transpose(), anchor, lengthscales_, signal_variance_)(0, 0) -
         cross_covariance(x).dot(u);
}

PredictionWithGradient GaussianProcess::predict_with_gradient(const Eigen::VectorXd& x) const {
  const Eigen::Index d = inputs_.cols();
  const Eigen::VectorXd k = cross_covariance(x);
  const Eigen::VectorXd v = cholesky_.triangularView<Eigen::Lower>().solve(k);
  const Eigen::VectorXd k_inv_k = cholesky_.transpose().triangularView<Eigen::Upper>().solve(v);
  const Eigen::MatrixXd dk = kernel_gradient(x, inputs_);
  PredictionWithGradient out;
  out.mean = mean_with_gradient(x, out.mean_gradient);
  const double variance = signal_variance_ - v.squaredNorm();
  out.variance = std::max(kMinVariance, variance);
  // d(s2 - k^T K^-1 k)/dx = -2 (dk)^T K^-1 k; zero where the variance is clamped.
  out.variance_gradient = variance > kMinVariance
                              ? Eigen::VectorXd(-2.0 * (dk.transpose() * k_inv_k))
                              : Eigen::VectorXd::Zero(d);
  return out;
}

GaussianProcess GaussianProcess::with_observation(const Eigen::VectorXd& x, double y,
                                                  double noise_variance) const {
  const Eigen::Index n = inputs_.rows();
  GaussianProcess out;
  out.hyper_ = hyper_;
  out.lengthscales_ = lengthscales_;
  out.signal_variance_ = signal_variance_;
  out.noise_variance_ = noise_variance_;
  out.jitter_ = jitter_;
  out.noise_variances_.resize(n + 1);
  out.noise_variances_.head(n) = noise_variances_;
  out.noise_variances_(n) = noise_variance;
  out.inputs_.resize(n + 1, inputs_.cols());
  out.inputs_.topRows(n) = inputs_;
  out.inputs_.row(n) = x.transpose();
  out.outputs_.resize(n + 1);
  out.outputs_.head(n) = outputs_;
  out.outputs_(n) = y;
  out.prior_source_ = prior_source_;
  out.prior_weight_ = prior_weight_;
  if (prior_source_) {
    out.prior_basis_.resize(n + 1);
    out.prior_basis_.head(n) = prior_basis_;
    out.prior_basis_(n) = prior_source_->means(x.transpose())(0);
  }
  // [L 0; l^T c] with L l = k(X, x) and c^2 = k(x, x) + noise + jitter - l^T l.
  const Eigen::VectorXd k = cross_covariance(x);
  const Eigen::VectorXd l = cholesky_.triangularView<Eigen::Lower>().solve(k);
  const double c2 = signal_variance_ + noise_variance_ + noise_variance + jitter_ - l.squaredNorm();
  if (!(c2 > 1e-12 * signal_variance_)) {
    // Numerically a duplicate of an existing input: refactorise with more jitter.
    out.factorise();
  } else {
    out.cholesky_ = Eigen::MatrixXd::Zero(n + 1, n + 1);
    out.cholesky_.topLeftCorner(n, n) = cholesky_;
    out.cholesky_.block(n, 0, 1, n) = l.transpose();
    out.cholesky_(n, n) = std::sqrt(c2);
  }
  out.update_alpha(false);
  return out;
}

GaussianProcess GaussianProcess::with_outputs(Eigen::VectorXd outputs) const {
  if (outputs.size() != outputs_.size()) {
    throw std::invalid_argument("GaussianProcess::with_outputs: " + std::to_string(outputs.size()) +
                                " outputs for " + std::to_string(outputs_.size()) + " inputs");
  }
  GaussianProcess out = *this;
  out.outputs_ = std::move(outputs);
  out.update_alpha();
  return out;
}

}  // namespace ecopt::optim::gp
