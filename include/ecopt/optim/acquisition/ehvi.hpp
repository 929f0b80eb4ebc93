#pragma once
// Expected hypervolume improvement of a point whose objectives are independent
// Gaussians N(mean_k, sd_k^2), all minimised.
//
// Exact form: EHVI = integral over the improvable region of prod_k P(Y_k <= u_k) du. On
// a box the integral factorises, and integral_{-inf}^{u} Phi((t - mu)/sd) dt =
// sd h((u - mu)/sd) with h(z) = z Phi(z) + phi(z), so
//   EHVI = sum_boxes prod_k sd_k [h(z_k(upper)) - h(z_k(lower))].
// With the 2-D strip decomposition this is the closed form of Emmerich et al. 2011; the
// same sum is exact in any dimension for the boxes of NondominatedBoxes. It is computed
// in log space (log-sum-exp over boxes, log h, log1mexp for differences) so that it
// keeps a useful gradient where EHVI itself underflows: the LogEHVI of Ament et al.
// 2023 ("Unexpected improvements to expected improvement for Bayesian optimization").

#include <cstdint>
#include <span>

#include <Eigen/Dense>

#include "ecopt/optim/acquisition/nondominated_boxes.hpp"

namespace ecopt::optim::acquisition {

/// log EHVI; -infinity only when a standard deviation is 0 and no improvement is possible.
[[nodiscard]] double log_ehvi(const NondominatedBoxes& boxes, std::span<const double> mean,
                              std::span<const double> sd);

/// Monte-Carlo EHVI: the mean hypervolume improvement of mean + sd * e over the rows e
/// of `standard_normal_samples` (N x m). Unbiased for any sample set; with quasi-random
/// (Sobol) normal samples the error shrinks nearly as 1/N. Used as the `mc-ehvi`
/// acquisition and to check the exact form.
[[nodiscard]] double mc_ehvi(const NondominatedBoxes& boxes, std::span<const double> mean,
                             std::span<const double> sd,
                             const Eigen::MatrixXd& standard_normal_samples);

/// N x m standard normal quasi-random samples (scrambled Sobol through the inverse CDF).
[[nodiscard]] Eigen::MatrixXd normal_samples(std::size_t count, std::size_t dimension,
                                             std::uint64_t seed);

/// log expected improvement below `best` of N(mean, sd^2) (minimisation), LogEI.
[[nodiscard]] double log_expected_improvement(double mean, double sd, double best);

/// log P(Y <= threshold) for Y ~ N(mean, sd^2): the probability of feasibility of an
/// outcome constraint (Gardner et al. 2014, "Bayesian optimization with inequality
/// constraints"), multiplied into the acquisition.
[[nodiscard]] double log_probability_below(double mean, double sd, double threshold);

}  // namespace ecopt::optim::acquisition
