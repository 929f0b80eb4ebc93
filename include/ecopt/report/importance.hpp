#pragma once
// What drives each objective: variance-based (Sobol) sensitivity indices of a Gaussian
// process fitted to the study's trials, per hyperparameter, and partial dependence
// (docs/report.md, section 4).
//
// Method: per objective, ecopt's own GP (optim::gp: Matern-5/2 ARD, MAP hyperparameters)
// is fitted to the COMPLETE trials' encoded parameters (SearchSpace::encode) and the
// standardised objective (log first for energy-, time-, power- and carbon-like
// objectives, as the MOBO sampler models them). The indices are those of the posterior
// mean over the study's prior on the parameters: inputs are drawn in quantile space (one
// coordinate per searched parameter, mapped through Parameter::from_quantile and encoded),
// so a categorical's one-hot coordinates move together and count as one parameter.
// First-order indices by Saltelli's 2010 estimator, total indices by Jansen's 1999
// estimator (Saltelli et al., "Variance based sensitivity analysis of model output",
// Comput. Phys. Commun. 181, 2010, table 2), on a scrambled Sobol sample of 2 x the base
// size. Deterministic for a seed.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

struct SobolIndices {
  std::vector<double> first_order;  ///< S_i, one per input group
  std::vector<double> total;        ///< S_Ti
  double variance = 0.0;            ///< Var(f) over the sample
};

/// f maps rows of quantiles (each in [0, 1), one column per input) to outputs.
using QuantileFunction = std::function<Eigen::VectorXd(const Eigen::MatrixXd& quantiles)>;

/// Saltelli/Jansen estimates for a function of `inputs` independent uniform inputs, from
/// `base_samples` (rounded up to a power of two) rows of A and of B taken from one
/// scrambled Sobol sequence of dimension 2 x inputs. f is called with
/// base_samples x (inputs + 2) rows in all. Zero indices when f is constant.
[[nodiscard]] SobolIndices sobol_indices(const QuantileFunction& f, std::size_t inputs,
                                         std::size_t base_samples, std::uint64_t seed);

struct ImportanceSettings {
  std::size_t base_samples = 2048;
  std::uint64_t seed = 0;
  std::size_t min_trials = 8;    ///< fewer COMPLETE trials: no model, say why
  std::size_t max_trials = 500;  ///< more: an evenly spread subset (an exact GP is O(n^3))
  std::size_t partial_dependence_parameters = 3;  ///< the top ones by total index
  std::size_t partial_dependence_grid = 21;       ///< points per numeric parameter
  std::size_t partial_dependence_samples = 256;   ///< averaged over per point
};

struct ParameterImportance {
  std::string parameter;
  double first_order = 0.0;
  double total = 0.0;
  bool hardware = false;  ///< a `hardware:` knob (docs/hardware.md), not a model's parameter
};

struct PartialDependencePoint {
  std::string label;  ///< the parameter value as text
  double x = 0.0;     ///< the value (numeric), or the choice's index (categorical)
  double mean = 0.0;  ///< the model's mean objective, back in the objective's units
};

/// The objective against one parameter, the others averaged over their prior.
struct PartialDependence {
  std::string parameter;
  bool categorical = false;
  bool log_x = false;
  std::vector<PartialDependencePoint> points;
};

struct ObjectiveImportance {
  std::string objective;
  bool available = false;
  std::string note;         ///< why not available, or caveats
  bool log_output = false;  ///< modelled log(objective)
  std::size_t trials_used = 0;
  std::vector<ParameterImportance> parameters;  ///< by total index, descending
  std::vector<PartialDependence> partial_dependence;
};

/// One entry per objective, in study order.
[[nodiscard]] std::vector<ObjectiveImportance> analyse_importance(
    const study::StudyConfig& config, const std::vector<study::Trial>& trials,
    const ImportanceSettings& settings = {});

}  // namespace ecopt::report
