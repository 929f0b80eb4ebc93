// MAP fitting of GP hyperparameters with NLopt's L-BFGS (Liu & Nocedal 1989) from
// several starts; the marginal likelihood is multi-modal (a short-lengthscale "all
// signal" mode and a long-lengthscale "all noise" mode are common), so one start is not
// enough when there is no previous fit to warm-start from.
#include <nlopt.h>

#include <limits>
#include <random>

#include "ecopt/optim/gp/hyperparameters.hpp"

namespace ecopt::optim::gp {
namespace {

struct Problem {
  const Eigen::MatrixXd* inputs;
  const Eigen::VectorXd* outputs;
  const GpPrior* prior;
};

// NLopt minimises; return the negative log posterior. A covariance that cannot be
// factorised gets a large value and a zero gradient so L-BFGS backs off.
double objective(unsigned n, const double* x, double* gradient, void* data) {
  const auto* problem = static_cast<const Problem*>(data);
  const Eigen::Map<const Eigen::VectorXd> theta(x, n);
  const MarginalPosterior posterior = log_marginal_posterior(
      *problem->inputs, *problem->outputs, GpHyperparameters::from_vector(theta), *problem->prior);
  if (!posterior.ok) {
    if (gradient != nullptr) std::fill(gradient, gradient + n, 0.0);
    return 1e30;
  }
  if (gradient != nullptr) {
    for (unsigned i = 0; i < n; ++i) gradient[i] = -posterior.gradient(i);
  }
  return -posterior.value;
}

Eigen::VectorXd clamp_to(const Eigen::VectorXd& theta, const std::vector<double>& lower,
                         const std::vector<double>& upper) {
  Eigen::VectorXd out = theta;
  for (Eigen::Index i = 0; i < out.size(); ++i) {
    out(i) =
        std::clamp(out(i), lower[static_cast<std::size_t>(i)], upper[static_cast<std::size_t>(i)]);
  }
  return out;
}

}  // namespace

GpHyperparameters fit_hyperparameters(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs,
                                      const GpPrior& prior,
                                      const std::vector<GpHyperparameters>& warm_starts,
                                      const FitOptions& options) {
  const auto d = static_cast<std::size_t>(inputs.cols());
  const std::size_t n = d + 3;
  std::vector<double> lower(n), upper(n);
  for (std::size_t i = 0; i < d; ++i) {
    lower[i] = prior.min_log_lengthscale;
    upper[i] = prior.max_log_lengthscale;
  }
  lower[d] = -6.0;  // signal variance of standardised outputs: 0.0025 .. 400
  upper[d] = 6.0;
  lower[d + 1] = prior.min_log_noise_variance;
  upper[d + 1] = prior.max_log_noise_variance;
  lower[d + 2] = -10.0;
  upper[d + 2] = 10.0;

  std::vector<Eigen::VectorXd> starts;
  for (const GpHyperparameters& w : warm_starts) {
    if (static_cast<std::size_t>(w.log_lengthscales.size()) == d) starts.push_back(w.to_vector());
  }
  const GpHyperparameters mode = prior_mode(prior, d);
  if (options.prior_starts) {
    // The prior's median and two shorter-lengthscale versions: from long lengthscales
    // alone L-BFGS tends to settle in the "everything is noise" mode.
    for (double log_factor : {0.0, -1.5, -3.0}) {
      GpHyperparameters h = mode;
      h.log_lengthscales.array() += log_factor;
      starts.push_back(h.to_vector());
    }
  }
  if (starts.empty()) starts.push_back(mode.to_vector());
  std::mt19937_64 rng(options.seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int s = 0; s < options.random_starts; ++s) {
    GpHyperparameters h = mode;
    for (Eigen::Index j = 0; j < h.log_lengthscales.size(); ++j)
      h.log_lengthscales(j) += prior.log_lengthscale_sd * normal(rng);
    h.log_noise_variance += prior.log_noise_variance_sd * normal(rng);
    starts.push_back(h.to_vector());
  }

  Problem problem{&inputs, &outputs, &prior};
  nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, static_cast<unsigned>(n));
  nlopt_set_lower_bounds(opt, lower.data());
  nlopt_set_upper_bounds(opt, upper.data());
  nlopt_set_min_objective(opt, objective, &problem);
  nlopt_set_maxeval(opt, options.max_evaluations);
  nlopt_set_ftol_rel(opt, options.relative_tolerance);

  double best_value = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best = mode.to_vector();
  for (const Eigen::VectorXd& start : starts) {
    Eigen::VectorXd x = clamp_to(start, lower, upper);
    double value = 0.0;
    const nlopt_result status = nlopt_optimize(opt, x.data(), &value);
    // A failed run (for example a round-off stop) still leaves its best point in x.
    if (status < 0 && status != NLOPT_ROUNDOFF_LIMITED) {
      value = objective(static_cast<unsigned>(n), x.data(), nullptr, &problem);
    }
    if (std::isfinite(value) && value < best_value) {
      best_value = value;
      best = x;
    }
  }
  nlopt_destroy(opt);
  return GpHyperparameters::from_vector(best);
}

}  // namespace ecopt::optim::gp
