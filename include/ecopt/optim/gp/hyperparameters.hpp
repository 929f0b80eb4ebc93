#pragma once
// GP hyperparameters, their priors, and the log marginal posterior that fitting
// maximises (MAP: log marginal likelihood + log prior).

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "ecopt/optim/gp/prior_mean.hpp"

namespace ecopt::optim::gp {

/// Everything a GP needs besides its data. Scales are kept as logs, the space the
/// optimiser and the priors work in.
struct GpHyperparameters {
  Eigen::VectorXd log_lengthscales;  ///< one per input dimension (ARD)
  double log_signal_variance = 0.0;
  double log_noise_variance = -4.0;
  double mean = 0.0;  ///< constant prior mean, in the (standardised) output units

  /// Flat vector [log l_1..log l_d, log s2, log noise, mean]: the optimiser's view.
  [[nodiscard]] Eigen::VectorXd to_vector() const;
  static GpHyperparameters from_vector(const Eigen::VectorXd& theta);
};

/// The median lengthscale, per sqrt(input dimension), of the default prior.
inline constexpr double kLengthscaleMedianPerSqrtDimension = 0.4;

/// Log-normal priors (normal on the logs) for the scales and a normal prior on the mean.
struct GpPrior {
  double log_lengthscale_mean = 0.0;
  double log_lengthscale_sd = 1.0;
  double log_signal_variance_mean = 0.0;
  double log_signal_variance_sd = 1.0;
  double log_noise_variance_mean = -10.0;  // 4.5e-5 of the standardised variance
  double log_noise_variance_sd = 2.0;
  double mean_sd = 1.0;
  /// Hard bounds the optimiser keeps to (a floor on noise keeps Cholesky stable).
  double min_log_noise_variance = -13.8;  // 1e-6
  double max_log_noise_variance = 0.0;
  double min_log_lengthscale = -6.0;
  double max_log_lengthscale = 6.0;
};

/// The default prior on inputs scaled to the unit cube.
///
/// Lengthscales: log l ~ N(log(0.4 sqrt(d)), 1). The median grows with sqrt(d) as in
/// Hvarfner, Hellsten & Nardi 2024 ("Vanilla Bayesian optimization performs great in
/// high dimensions"): the typical distance between points grows like sqrt(d), so a
/// fixed lengthscale would make every extra dimension a source of wiggles. Their level,
/// a median of exp(sqrt2) sqrt(d) = 4.1 sqrt(d), assumes functions nearly linear across
/// the cube; on the curved benchmark problems here (DTLZ2's optimum is in the middle of
/// each distance variable) it left the model unable to see the curvature and MOBO
/// reached 18 % of the maximum hypervolume at 60 trials against 92 % with 0.4 sqrt(d)
/// (docs/optimizers.md, "Priors").
///
/// Noise: log-normal with median 4.5e-5 of the standardised output variance and a wide
/// spread (sd 2 in log): benchmark objectives and most training metrics at a fixed seed
/// are nearly deterministic, and a larger noise prior blurred the model; truly noisy
/// metrics still pull the fit up.
[[nodiscard]] GpPrior default_prior(std::size_t input_dimension);

/// The prior's mode, a sensible first start for fitting.
[[nodiscard]] GpHyperparameters prior_mode(const GpPrior& prior, std::size_t input_dimension);

struct MarginalPosterior {
  double value = 0.0;        ///< log p(y | X, theta) + log p(theta), up to a constant
  Eigen::VectorXd gradient;  ///< d value / d theta, in GpHyperparameters::to_vector order
  bool ok = false;           ///< false when the covariance could not be factorised
  BasisWeight basis_weight;  ///< with a `basis`: its learnt weight (its gain is in `value`)
};

/// Exact log marginal posterior and its analytic gradient (Rasmussen & Williams 2006,
/// eq. 5.8-5.9: d/dtheta = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta)). `noise_variances`:
/// known per-observation noise added to the diagonal (GaussianProcess); empty for none.
/// `basis`: a prior-mean basis function at the inputs (prior_mean.hpp), its weight's prior
/// variance profiled out; empty for none.
[[nodiscard]] MarginalPosterior log_marginal_posterior(
    const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs, const GpHyperparameters& hyper,
    const GpPrior& prior, const Eigen::VectorXd& noise_variances = Eigen::VectorXd(),
    const Eigen::VectorXd& basis = Eigen::VectorXd());

struct FitOptions {
  int random_starts = 2;      ///< draws from the prior, besides the fixed and warm starts
  bool prior_starts = true;   ///< also start from the prior's median (and shorter scales)
  int max_evaluations = 200;  ///< per start
  double relative_tolerance = 1e-6;
  std::uint64_t seed = 0;
  /// With more observations than this (and more than one start), every start runs on
  /// this many rows drawn at random (seeded) and only the best end point is polished on
  /// all of them; 0 fits every start on all rows.
  std::size_t screening_rows = 0;
  /// Evaluations of that polish; 0: max_evaluations.
  int polish_evaluations = 0;
};

/// A fit and what it cost.
struct FitReport {
  GpHyperparameters hyper;
  int full_evaluations = 0;       ///< posterior evaluations on every row (O(n^3) each)
  int screening_evaluations = 0;  ///< on the screening subset
};

/// MAP hyperparameters by multi-start L-BFGS (NLopt's LD_LBFGS) from the prior's median
/// with its lengthscales scaled by 1, e^-1.5 and e^-3 (when `prior_starts`), every
/// `warm_starts` entry (for example the previous fit) and `random_starts` prior draws; the best end
/// point wins (screened on a subset first when `screening_rows` asks for it). Never throws for a
/// bad start; falls back to the prior's mode when every start fails.
/// `basis` as for log_marginal_posterior.
[[nodiscard]] GpHyperparameters fit_hyperparameters(
    const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs, const GpPrior& prior,
    const std::vector<GpHyperparameters>& warm_starts, const FitOptions& options,
    const Eigen::VectorXd& noise_variances = Eigen::VectorXd(),
    const Eigen::VectorXd& basis = Eigen::VectorXd());

/// fit_hyperparameters, with the number of evaluations it took.
[[nodiscard]] FitReport fit_hyperparameters_report(
    const Eigen::MatrixXd& inputs, const Eigen::VectorXd& outputs, const GpPrior& prior,
    const std::vector<GpHyperparameters>& warm_starts, const FitOptions& options,
    const Eigen::VectorXd& noise_variances = Eigen::VectorXd(),
    const Eigen::VectorXd& basis = Eigen::VectorXd());

}  // namespace ecopt::optim::gp
