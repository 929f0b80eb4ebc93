#pragma once
// Multi-objective Bayesian optimisation: an exact GP per objective and per constrained
// metric, and expected hypervolume improvement (or ParEGO) weighted by the probability
// of feasibility, with pending trials conditioned on as fantasies. docs/optimizers.md
// describes every choice.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "acquisition_optimizer.hpp"
#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/sampler.hpp"
#include "ecopt/optim/sobol.hpp"
#include "incremental_model.hpp"
#include "training_data.hpp"
#include "warm_start_models.hpp"

namespace ecopt::optim::mobo {

class MoboSampler final : public Sampler {
 public:
  MoboSampler(const space::SearchSpace& space, const study::SamplerConfig& config);
  [[nodiscard]] std::string name() const override { return "mobo"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;

  /// Sobol trials before the first model: the study file's value, else max(5, 2 x searched).
  [[nodiscard]] std::size_t initial_trials() const { return initial_trials_; }

 private:
  /// The models a suggestion scores candidates with.
  struct Models {
    std::vector<gp::GaussianProcess> objectives;  ///< one per objective, or ParEGO's one
    std::vector<gp::GaussianProcess> constraints;
    std::vector<double> thresholds;  ///< per constraint model, in its standardised space
    bool warm = false;  ///< some objective model has the earlier study's as its prior mean
  };

  /// The model for one data set, refitting hyperparameters only when the data grew by
  /// 10 % since the last fit (always below 40 observations); otherwise the previous
  /// hyperparameters are reused, which is what keeps a suggestion in milliseconds, and
  /// the previous model is extended by the new observations (IncrementalModel). With a
  /// `source`, its posterior mean is the model's prior mean, its weight learnt.
  gp::GaussianProcess model_for(const std::string& key, const ModelData& data, std::uint64_t seed,
                                std::shared_ptr<const gp::GaussianProcess> source = nullptr);
  /// The objective models: with the earlier study's as prior means where it orders the
  /// new trials at least as well as the cold models (then `warm` is set), else the cold ones.
  std::vector<gp::GaussianProcess> objective_models(const TrainingData& data, std::uint64_t seed,
                                                    const std::string& cache, bool& warm);
  /// Whether `warm` (a model with the earlier one as prior mean) may replace `cold`: a
  /// non-negative learnt weight, and RGPE's ranking check (ranking_check.hpp).
  /// `source`: the earlier model.
  [[nodiscard]] static bool earlier_agrees(const gp::GaussianProcess& source,
                                           const gp::GaussianProcess& warm,
                                           const gp::GaussianProcess& cold, const ModelData& data,
                                           std::uint64_t seed);
  /// `cache`: a prefix of the fit cache's keys (model_for).
  Models fit_models(const TrainingData& data, study::Acquisition acquisition, std::uint64_t seed,
                    const std::string& cache);
  /// The encoded point that maximises the acquisition over `models`.
  std::vector<double> choose(const SamplerContext& context, const TrainingData& data, Models models,
                             study::Acquisition acquisition, std::uint64_t seed);

  struct FitCache {
    gp::GpHyperparameters hyper;
    std::size_t fitted_at = 0;
    IncrementalModel model;
  };
  std::uint64_t seed_;
  std::size_t initial_trials_;
  study::Acquisition acquisition_;
  std::optional<SobolSequence> sobol_;
  std::map<std::string, FitCache> fits_;
  AcquisitionOptimizerSettings optimizer_;
  WarmStartModels warm_;
};

}  // namespace ecopt::optim::mobo
