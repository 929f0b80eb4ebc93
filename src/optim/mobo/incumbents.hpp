#pragma once
// The incumbent front EHVI improves on: the objective models' posterior means at the
// trials, not the raw readings, so that observation noise does not inflate it.

#include <vector>

#include <Eigen/Dense>

#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/pareto/point_set.hpp"

namespace ecopt::optim::mobo {

/// The incumbent front and the inputs of its points (anchors for the acquisition
/// optimiser).
struct Incumbents {
  pareto::PointSet front;
  std::vector<std::vector<double>> anchors;
};

/// The non-dominated posterior means of `objective_models` (one per objective, model
/// space: every objective minimised) at the rows of `inputs` (the feasible observed and
/// the pending trials). The means are the whole posterior mean, a warm start's prior mean
/// included: without it the front sat off the observed values by the earlier study's
/// share, and EHVI kept re-suggesting a point it already had (docs/optimizers.md,
/// "Warm start").
[[nodiscard]] Incumbents incumbents(const std::vector<gp::GaussianProcess>& objective_models,
                                    const Eigen::MatrixXd& inputs);

}  // namespace ecopt::optim::mobo
