#include "pending_fantasies.hpp"

#include <cmath>

namespace ecopt::optim::mobo {

void condition_on_pending(const Eigen::MatrixXd& pending_inputs,
                          std::initializer_list<std::vector<gp::GaussianProcess>*> model_sets,
                          double fantasy_sd) {
  for (Eigen::Index p = 0; p < pending_inputs.rows(); ++p) {
    const Eigen::VectorXd x = pending_inputs.row(p).transpose();
    for (auto* models : model_sets) {
      for (gp::GaussianProcess& model : *models) {
        const gp::Prediction at_x = model.predict(x);
        model = model.with_observation(x, at_x.mean + fantasy_sd * std::sqrt(at_x.variance));
      }
    }
  }
}

}  // namespace ecopt::optim::mobo
