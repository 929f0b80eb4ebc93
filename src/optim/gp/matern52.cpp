#include "ecopt/optim/gp/matern52.hpp"

#include <cmath>

namespace ecopt::optim::gp {
namespace {
const double kSqrt5 = std::sqrt(5.0);
}

double matern52(double r) {
  const double s = kSqrt5 * r;
  return (1.0 + s + s * s / 3.0) * std::exp(-s);
}

double matern52_derivative_factor(double r, double signal_variance) {
  const double s = kSqrt5 * r;
  return signal_variance * (5.0 / 3.0) * (1.0 + s) * std::exp(-s);
}

Eigen::MatrixXd scaled_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                 const Eigen::VectorXd& lengthscales) {
  // |a - b|^2 = |a|^2 + |b|^2 - 2 a.b on lengthscale-scaled inputs: one matrix product
  // instead of a loop over pairs; clamp the rounding error below zero.
  const Eigen::VectorXd inverse = lengthscales.cwiseInverse();
  const Eigen::MatrixXd as = a * inverse.asDiagonal();
  const Eigen::MatrixXd bs = b * inverse.asDiagonal();
  Eigen::MatrixXd squared = -2.0 * as * bs.transpose();
  squared.colwise() += as.rowwise().squaredNorm();
  squared.rowwise() += bs.rowwise().squaredNorm().transpose();
  return squared.cwiseMax(0.0).cwiseSqrt();
}

Eigen::MatrixXd matern52_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                const Eigen::VectorXd& lengthscales, double signal_variance) {
  const Eigen::ArrayXXd s = kSqrt5 * scaled_distances(a, b, lengthscales).array();
  return (signal_variance * (1.0 + s + s.square() / 3.0) * (-s).exp()).matrix();
}

}  // namespace ecopt::optim::gp
