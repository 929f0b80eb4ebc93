#include "incremental_model.hpp"

namespace ecopt::optim::mobo {
namespace {

/// Rows appended one at a time cost O(n^2) each; past a quarter of the data, one
/// refactorisation (O(n^3) / 3) is as cheap and rounds less.
constexpr Eigen::Index kMaxAppendedDivisor = 4;

bool same_hyperparameters(const gp::GpHyperparameters& a, const gp::GpHyperparameters& b) {
  return a.log_lengthscales.size() == b.log_lengthscales.size() && a.to_vector() == b.to_vector();
}

}  // namespace

bool IncrementalModel::extends_last(const ModelData& data,
                                    const gp::GpHyperparameters& hyper) const {
  if (!last_ || !same_hyperparameters(last_->hyperparameters(), hyper)) return false;
  const Eigen::Index old_n = last_->inputs().rows();
  const Eigen::Index n = data.inputs.rows();
  if (old_n == 0 || n < old_n || (n - old_n) * kMaxAppendedDivisor > n) return false;
  if (data.inputs.cols() != last_->inputs().cols() || data.noise_variances.size() != n)
    return false;
  return data.inputs.topRows(old_n) == last_->inputs() &&
         data.noise_variances.head(old_n) == last_noise_;
}

gp::GaussianProcess IncrementalModel::model(const ModelData& data,
                                            const gp::GpHyperparameters& hyper) {
  extended_ = extends_last(data, hyper);
  if (extended_) {
    gp::GaussianProcess grown = *last_;
    for (Eigen::Index i = last_->inputs().rows(); i < data.inputs.rows(); ++i) {
      // The appended output is a placeholder: with_outputs below sets them all.
      grown = grown.with_observation(data.inputs.row(i).transpose(), 0.0, data.noise_variances(i));
    }
    last_ = grown.with_outputs(data.outputs);
  } else {
    last_ = gp::GaussianProcess(data.inputs, data.outputs, hyper, data.noise_variances);
  }
  last_noise_ = data.noise_variances;
  return *last_;
}

}  // namespace ecopt::optim::mobo
