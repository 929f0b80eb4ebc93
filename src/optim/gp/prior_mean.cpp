#include "ecopt/optim/gp/prior_mean.hpp"

#include <cmath>

namespace ecopt::optim::gp {

BasisWeight fit_basis_weight(const Eigen::VectorXd& solved_basis, const Eigen::VectorXd& basis,
                             const Eigen::VectorXd& centred) {
  BasisWeight out;
  const double b = basis.dot(solved_basis);    // h^T K^-1 h
  const double u = centred.dot(solved_basis);  // h^T K^-1 (y - mean)
  // A basis that is (numerically) zero at every input says nothing.
  if (!(b > 1e-12) || !std::isfinite(u)) return out;
  const double z = u * u / b;
  if (!(z > 1.0)) return out;
  out.prior_variance = (u * u - b) / (b * b);
  const double one_plus = 1.0 + out.prior_variance * b;  // = z
  out.weight = out.prior_variance * u / one_plus;
  out.inverse_correction = out.prior_variance / one_plus;
  out.evidence_gain_nats = 0.5 * (z - 1.0 - std::log(z));
  return out;
}

}  // namespace ecopt::optim::gp
