#include <cmath>
#include <numbers>

#include "ecopt/optim/gp/hyperparameters.hpp"
#include "ecopt/optim/gp/matern52.hpp"

namespace ecopt::optim::gp {

Eigen::VectorXd GpHyperparameters::to_vector() const {
  const Eigen::Index d = log_lengthscales.size();
  Eigen::VectorXd theta(d + 3);
  theta.head(d) = log_lengthscales;
  theta(d) = log_signal_variance;
  theta(d + 1) = log_noise_variance;
  theta(d + 2) = mean;
  return theta;
}

GpHyperparameters GpHyperparameters::from_vector(const Eigen::VectorXd& theta) {
  const Eigen::Index d = theta.size() - 3;
  GpHyperparameters h;
  h.log_lengthscales = theta.head(d);
  h.log_signal_variance = theta(d);
  h.log_noise_variance = theta(d + 1);
  h.mean = theta(d + 2);
  return h;
}

GpPrior default_prior(std::size_t input_dimension) {
  GpPrior prior;
  const double d = static_cast<double>(std::max<std::size_t>(1, input_dimension));
  prior.log_lengthscale_mean = std::log(kLengthscaleMedianPerSqrtDimension) + 0.5 * std::log(d);
  return prior;
}

GpHyperparameters prior_mode(const GpPrior& prior, std::size_t input_dimension) {
  GpHyperparameters h;
  // The mode of a log-normal is exp(mu - sigma^2); the median exp(mu) is a better-centred
  // start for the optimiser, so start there.
  h.log_lengthscales = Eigen::VectorXd::Constant(static_cast<Eigen::Index>(input_dimension),
                                                 prior.log_lengthscale_mean);
  h.log_signal_variance = prior.log_signal_variance_mean;
  h.log_noise_variance = prior.log_noise_variance_mean;
  h.mean = 0.0;
  return h;
}

MarginalPosterior log_marginal_posterior(const Eigen::MatrixXd& inputs,
                                         const Eigen::VectorXd& outputs,
                                         const GpHyperparameters& hyper, const GpPrior& prior) {
  const Eigen::Index n = inputs.rows();
  const Eigen::Index d = inputs.cols();
  MarginalPosterior result;
  result.gradient = Eigen::VectorXd::Zero(d + 3);

  const Eigen::VectorXd lengthscales = hyper.log_lengthscales.array().exp();
  const double signal_variance = std::exp(hyper.log_signal_variance);
  const double noise_variance = std::exp(hyper.log_noise_variance);
  const Eigen::MatrixXd r = scaled_distances(inputs, inputs, lengthscales);
  Eigen::MatrixXd k = r.unaryExpr([&](double x) { return signal_variance * matern52(x); });
  const Eigen::MatrixXd kernel_part = k;
  k.diagonal().array() += noise_variance;

  Eigen::LLT<Eigen::MatrixXd> llt(k);
  if (llt.info() != Eigen::Success) return result;
  const Eigen::VectorXd centred = outputs.array() - hyper.mean;
  const Eigen::VectorXd alpha = llt.solve(centred);
  const double log_det = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  double value = -0.5 * centred.dot(alpha) - 0.5 * log_det -
                 0.5 * static_cast<double>(n) * std::log(2.0 * std::numbers::pi);

  // W = alpha alpha^T - K^-1; every gradient is 1/2 sum_ij W_ij dK_ij/dtheta.
  Eigen::MatrixXd w = -llt.solve(Eigen::MatrixXd::Identity(n, n));
  w.noalias() += alpha * alpha.transpose();

  // Lengthscales: dK_ij/dlog l_d = g(r_ij) (x_id - x_jd)^2 / l_d^2. With M = W o G
  // (symmetric), sum_ij M_ij (x_i - x_j)^2 = 2 sum_i x_i^2 rowsum_i(M) - 2 x^T M x.
  const Eigen::MatrixXd m = w.cwiseProduct(
      r.unaryExpr([&](double x) { return matern52_derivative_factor(x, signal_variance); }));
  const Eigen::VectorXd row_sums = m.rowwise().sum();
  for (Eigen::Index j = 0; j < d; ++j) {
    const Eigen::VectorXd x = inputs.col(j);
    const double s = 2.0 * x.array().square().matrix().dot(row_sums) - 2.0 * x.dot(m * x);
    result.gradient(j) = 0.5 * s / (lengthscales(j) * lengthscales(j));
  }
  result.gradient(d) = 0.5 * w.cwiseProduct(kernel_part).sum();
  result.gradient(d + 1) = 0.5 * noise_variance * w.trace();
  result.gradient(d + 2) = alpha.sum();

  // Priors: normal on the logs (and on the mean).
  auto add_normal = [&](double x, double mean, double sd, Eigen::Index index) {
    const double z = (x - mean) / sd;
    value += -0.5 * z * z;
    result.gradient(index) += -z / sd;
  };
  for (Eigen::Index j = 0; j < d; ++j) {
    add_normal(hyper.log_lengthscales(j), prior.log_lengthscale_mean, prior.log_lengthscale_sd, j);
  }
  add_normal(hyper.log_signal_variance, prior.log_signal_variance_mean,
             prior.log_signal_variance_sd, d);
  add_normal(hyper.log_noise_variance, prior.log_noise_variance_mean, prior.log_noise_variance_sd,
             d + 1);
  add_normal(hyper.mean, 0.0, prior.mean_sd, d + 2);

  result.value = value;
  result.ok = std::isfinite(value) && result.gradient.allFinite();
  return result;
}

}  // namespace ecopt::optim::gp
