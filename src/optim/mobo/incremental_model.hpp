#pragma once
// One data set's GP kept between suggestions. A study grows by one observation per
// suggestion while its hyperparameters stay fixed between refits (MoboSampler::model_for),
// so the covariance of the new data contains the last one as its leading block: its
// Cholesky factor is the last factor bordered by one row per new observation (O(n^2)
// each; Golub & Van Loan, "Matrix Computations", 4th ed., sec. 4.2, the bordered
// Cholesky), where a fresh model refactorises (O(n^3)). Outputs are re-standardised as
// data arrive, which leaves the covariance unchanged (GaussianProcess::with_outputs).

#include <optional>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "training_data.hpp"

namespace ecopt::optim::mobo {

class IncrementalModel {
 public:
  /// The GP of `data` under `hyper`: the last model extended when `data` only appends
  /// rows to the data it was built from (same inputs and known noise, in order) under the
  /// same hyperparameters, else built afresh. Its posterior equals a fresh
  /// GaussianProcess(data.inputs, data.outputs, hyper, data.noise_variances) up to
  /// rounding.
  [[nodiscard]] gp::GaussianProcess model(const ModelData& data,
                                          const gp::GpHyperparameters& hyper);

  /// Whether the last call extended the previous model instead of building a new one.
  [[nodiscard]] bool extended() const { return extended_; }

 private:
  [[nodiscard]] bool extends_last(const ModelData& data, const gp::GpHyperparameters& hyper) const;

  std::optional<gp::GaussianProcess> last_;
  Eigen::VectorXd last_noise_;  ///< the known noise variances `last_` was built with
  bool extended_ = false;
};

}  // namespace ecopt::optim::mobo
