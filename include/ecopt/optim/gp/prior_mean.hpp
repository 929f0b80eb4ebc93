#pragma once
// A prior mean beyond the constant: b + w h(x), where the basis function h is another
// model's posterior mean (an earlier study's GP, docs/optimizers.md "Warm start").
//
// The weight w is a Gaussian-process explicit basis function (Rasmussen & Williams 2006,
// section 2.7) with prior w ~ N(0, s): marginally, y - b ~ N(0, K + s h h^T). The prior
// variance s is learnt by maximising that marginal likelihood, which has a closed form for
// one basis function (Tipping 2001; Faul & Tipping 2002): with B = h^T K^-1 h and
// u = h^T K^-1 (y - b), s = (u^2 - B) / B^2 when u^2 > B, else 0. s = 0 is the model
// without the basis, exactly, so an earlier study that does not explain the new data
// drops out instead of pulling the model. The posterior mean of w is s u / (1 + s B).

#include <Eigen/Dense>

namespace ecopt::optim::gp {

/// The learnt weight of one basis function.
struct BasisWeight {
  double weight = 0.0;          ///< posterior mean of w (0 when s = 0)
  double prior_variance = 0.0;  ///< s, learnt; 0: the basis does not help
  /// log marginal likelihood gained over the model without the basis, in nats:
  /// (z - 1 - log z) / 2 with z = u^2 / B when z > 1, else 0.
  double evidence_gain_nats = 0.0;
  /// s / (1 + s B): the term (K + s h h^T)^-1 = K^-1 - it * beta beta^T.
  double inverse_correction = 0.0;
};

/// The type-II maximum-likelihood weight from `solved_basis` = K^-1 h, the basis h at the
/// inputs and the centred outputs y - b (K: the kernel matrix with noise).
[[nodiscard]] BasisWeight fit_basis_weight(const Eigen::VectorXd& solved_basis,
                                           const Eigen::VectorXd& basis,
                                           const Eigen::VectorXd& centred);

}  // namespace ecopt::optim::gp
