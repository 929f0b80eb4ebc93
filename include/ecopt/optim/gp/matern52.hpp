#pragma once
// The Matern-5/2 kernel with one lengthscale per input (automatic relevance
// determination), the default of most Bayesian-optimisation libraries since Snoek,
// Larochelle & Adams 2012 ("Practical Bayesian optimization of machine learning
// algorithms"): smooth enough to model, rough enough not to over-smooth.
//
//   k(x, x') = s2 (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r),  r^2 = sum_d (x_d - x'_d)^2 / l_d^2
//
// Points are the rows of a matrix.

#include <Eigen/Dense>

namespace ecopt::optim::gp {

/// k as a function of the scaled distance r, for a unit signal variance.
[[nodiscard]] double matern52(double r);

/// Gram matrix k(a_i, b_j) for the rows of `a` and `b` (a.rows() x b.rows()).
[[nodiscard]] Eigen::MatrixXd matern52_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                              const Eigen::VectorXd& lengthscales,
                                              double signal_variance);

/// Pairwise scaled distances r_ij between the rows of `a` and `b`.
[[nodiscard]] Eigen::MatrixXd scaled_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                               const Eigen::VectorXd& lengthscales);

/// The factor g(r) = s2 * 5/3 * (1 + sqrt5 r) exp(-sqrt5 r), which every derivative
/// shares: dk/dx_d = -g(r) (x_d - x'_d) / l_d^2 and dk/dlog(l_d) = g(r) (x_d - x'_d)^2 / l_d^2.
/// It has no 1/r, so derivatives stay finite at r = 0.
[[nodiscard]] double matern52_derivative_factor(double r, double signal_variance);

}  // namespace ecopt::optim::gp
