// MAP fitting of GP hyperparameters with NLopt's L-BFGS (Liu & Nocedal 1989) from
// several starts; the marginal likelihood is multi-modal (a short-lengthscale "all
// signal" mode and a long-lengthscale "all noise" mode are common), so one start is not
// enough when there is no previous fit to warm-start from.
#include <nlopt.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

#include "ecopt/optim/gp/hyperparameters.hpp"

namespace ecopt::optim::gp {
namespace {

struct Problem {
  const Eigen::MatrixXd* inputs;
  const Eigen::VectorXd* outputs;
  const GpPrior* prior;
  const Eigen::VectorXd* noise_variances;  ///< known, per row; empty for none
  const Eigen::VectorXd* basis;            ///< prior-mean basis, per row; empty for none
  int evaluations = 0;
};

// NLopt minimises; return the negative log posterior. A covariance that cannot be
// factorised gets a large value and a zero gradient so L-BFGS backs off.
double objective(unsigned n, const double* x, double* gradient, void* data) {
  auto* problem = static_cast<Problem*>(data);
  ++problem->evaluations;
  const Eigen::Map<const Eigen::VectorXd> theta(x, n);
  const MarginalPosterior posterior = log_marginal_posterior(
      *problem->inputs, *problem->outputs, GpHyperparameters::from_vector(theta), *problem->prior,
      *problem->noise_variances, *problem->basis);
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

/// Box bounds on the flat hyperparameter vector (GpHyperparameters::to_vector order).
struct Bounds {
  std::vector<double> lower, upper;
};

Bounds bounds_for(const GpPrior& prior, std::size_t d) {
  Bounds b{std::vector<double>(d + 3), std::vector<double>(d + 3)};
  for (std::size_t i = 0; i < d; ++i) {
    b.lower[i] = prior.min_log_lengthscale;
    b.upper[i] = prior.max_log_lengthscale;
  }
  b.lower[d] = -6.0;  // signal variance of standardised outputs: 0.0025 .. 400
  b.upper[d] = 6.0;
  b.lower[d + 1] = prior.min_log_noise_variance;
  b.upper[d + 1] = prior.max_log_noise_variance;
  b.lower[d + 2] = -10.0;
  b.upper[d + 2] = 10.0;
  return b;
}

std::vector<Eigen::VectorXd> starting_points(const GpPrior& prior, std::size_t d,
                                             const std::vector<GpHyperparameters>& warm_starts,
                                             const FitOptions& options) {
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
  return starts;
}

struct LocalOptimum {
  Eigen::VectorXd x;
  double value = std::numeric_limits<double>::infinity();  ///< negative log posterior
};

/// The best end point of L-BFGS runs from each start on one data set.
LocalOptimum best_local_optimum(Problem& problem, const Bounds& bounds,
                                const std::vector<Eigen::VectorXd>& starts, int max_evaluations,
                                double relative_tolerance) {
  const auto n = static_cast<unsigned>(bounds.lower.size());
  nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, n);
  nlopt_set_lower_bounds(opt, bounds.lower.data());
  nlopt_set_upper_bounds(opt, bounds.upper.data());
  nlopt_set_min_objective(opt, objective, &problem);
  nlopt_set_maxeval(opt, max_evaluations);
  nlopt_set_ftol_rel(opt, relative_tolerance);
  LocalOptimum best;
  for (const Eigen::VectorXd& start : starts) {
    Eigen::VectorXd x = clamp_to(start, bounds.lower, bounds.upper);
    double value = 0.0;
    const nlopt_result status = nlopt_optimize(opt, x.data(), &value);
    // A failed run (for example a round-off stop) still leaves its best point in x.
    if (status < 0 && status != NLOPT_ROUNDOFF_LIMITED) {
      value = objective(n, x.data(), nullptr, &problem);
    }
    if (std::isfinite(value) && value < best.value) best = {x, value};
  }
  nlopt_destroy(opt);
  return best;
}

/// `count` distinct rows of an n-row data set, drawn without replacement (seeded).
std::vector<Eigen::Index> screening_rows(Eigen::Index n, std::size_t count, std::uint64_t seed) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  std::iota(rows.begin(), rows.end(), Eigen::Index{0});
  std::mt19937_64 rng(seed ^ 0x5c4ee9ULL);
  std::shuffle(rows.begin(), rows.end(), rng);
  rows.resize(count);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

FitReport fit_hyperparameters_report(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs,
                                     const GpPrior& prior,
                                     const std::vector<GpHyperparameters>& warm_starts,
                                     const FitOptions& options,
                                     const Eigen::VectorXd& noise_variances,
                                     const Eigen::VectorXd& basis) {
  const auto d = static_cast<std::size_t>(inputs.cols());
  const Bounds bounds = bounds_for(prior, d);
  std::vector<Eigen::VectorXd> starts = starting_points(prior, d, warm_starts, options);
  FitReport report;
  int full_evaluations = options.max_evaluations;
  const auto n = static_cast<std::size_t>(inputs.rows());
  if (starts.size() > 1 && options.screening_rows > 0 && n > options.screening_rows) {
    // Each evaluation costs O(n^3), and most starts only tell which mode of the
    // posterior is best. Screen them on a random subset, then polish the winner on all
    // rows (docs/optimizers.md, "Speed").
    const std::vector<Eigen::Index> rows =
        screening_rows(inputs.rows(), options.screening_rows, options.seed);
    const Eigen::MatrixXd subset_inputs = inputs(rows, Eigen::all);
    const Eigen::VectorXd subset_outputs = outputs(rows);
    const Eigen::VectorXd subset_noise =
        noise_variances.size() == 0 ? Eigen::VectorXd() : Eigen::VectorXd(noise_variances(rows));
    const Eigen::VectorXd subset_basis =
        basis.size() == 0 ? Eigen::VectorXd() : Eigen::VectorXd(basis(rows));
    Problem subset{&subset_inputs, &subset_outputs, &prior, &subset_noise, &subset_basis};
    const LocalOptimum screened = best_local_optimum(
        subset, bounds, starts, options.max_evaluations, options.relative_tolerance);
    report.screening_evaluations = subset.evaluations;
    if (screened.x.size() > 0) {
      starts = {screened.x};
      if (options.polish_evaluations > 0) full_evaluations = options.polish_evaluations;
    }
  }
  Problem full{&inputs, &outputs, &prior, &noise_variances, &basis};
  const LocalOptimum best =
      best_local_optimum(full, bounds, starts, full_evaluations, options.relative_tolerance);
  report.full_evaluations = full.evaluations;
  report.hyper = best.x.size() == 0 ? prior_mode(prior, d) : GpHyperparameters::from_vector(best.x);
  return report;
}

GpHyperparameters fit_hyperparameters(const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs,
                                      const GpPrior& prior,
                                      const std::vector<GpHyperparameters>& warm_starts,
                                      const FitOptions& options,
                                      const Eigen::VectorXd& noise_variances,
                                      const Eigen::VectorXd& basis) {
  return fit_hyperparameters_report(inputs, outputs, prior, warm_starts, options, noise_variances,
                                    basis)
      .hyper;
}

}  // namespace ecopt::optim::gp
