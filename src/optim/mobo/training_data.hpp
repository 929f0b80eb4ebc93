#pragma once
// What the MOBO models learn from: the study's trials turned into unit-cube inputs and
// model-space outputs (transformed, minimised, standardised).

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "ecopt/optim/sampler.hpp"

namespace ecopt::optim::mobo {

/// Maps a raw objective or metric value to the model's space and back:
/// model = sign * transform(value), then standardised by the observed mean and sd.
struct OutputScale {
  bool log = false;
  double sign = 1.0;  ///< -1 for maximised objectives, so every model is minimised
  double mean = 0.0;
  double sd = 1.0;

  /// NaN when the value cannot be transformed (a log of a value <= 0).
  [[nodiscard]] double to_model(double raw) const;
  /// The standard uncertainty `u` of a raw value, in standardised model units (first
  /// order); 0 when `u` is not a finite value >= 0.
  [[nodiscard]] double uncertainty_to_model(double raw, double u) const;
};

/// One model's data set.
struct ModelData {
  std::string name;         ///< objective or constrained metric
  Eigen::MatrixXd inputs;   ///< rows: encoded parameters
  Eigen::VectorXd outputs;  ///< standardised model-space values
  /// Known noise variance of each output in the same standardised units: the trial's
  /// recorded standard uncertainty of the metric (`Trial::metric_uncertainties`) through
  /// the transform (u / value in log space, the delta method) and the scale; 0 where none
  /// was recorded.
  Eigen::VectorXd noise_variances;
  OutputScale scale;
};

/// A constrained metric as "model-space value <= threshold".
struct ConstraintModelData {
  ModelData data;
  double threshold = 0.0;  ///< in the model's standardised space
};

struct TrainingData {
  Eigen::MatrixXd observed_inputs;  ///< completed trials with every objective finite
  std::vector<ModelData> objectives;
  std::vector<ConstraintModelData> constraints;
  /// For each observed row: whether the trial met every constraint.
  std::vector<bool> feasible;
  Eigen::MatrixXd pending_inputs;  ///< RUNNING and WAITING trials other than the new one
  /// Encoded inputs of every trial with parameters (any state), to avoid repeats.
  std::vector<std::vector<double>> all_inputs;
};

/// Whether an objective is modelled in log space (see OutputTransform::automatic).
[[nodiscard]] bool models_in_log_space(const study::Objective& objective,
                                       const std::vector<double>& observed);

/// Builds the data sets. Trials whose parameters no longer fit the space (an edited
/// study) are skipped rather than failing the suggestion.
[[nodiscard]] TrainingData build_training_data(const SamplerContext& context);

}  // namespace ecopt::optim::mobo
