#pragma once
// Multi-objective Bayesian optimisation: an exact GP per objective and per constrained
// metric, and expected hypervolume improvement (or ParEGO) weighted by the probability
// of feasibility, with pending trials conditioned on as fantasies. docs/optimizers.md
// describes every choice.

#include <map>
#include <optional>
#include <string>

#include "acquisition_optimizer.hpp"
#include "ecopt/optim/gp/gaussian_process.hpp"
#include "ecopt/optim/sampler.hpp"
#include "ecopt/optim/sobol.hpp"
#include "incremental_model.hpp"
#include "training_data.hpp"

namespace ecopt::optim::mobo {

class MoboSampler final : public Sampler {
 public:
  MoboSampler(const space::SearchSpace& space, const study::SamplerConfig& config);
  [[nodiscard]] std::string name() const override { return "mobo"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;

  /// Sobol trials before the first model: the study file's value, else max(5, 2 x searched).
  [[nodiscard]] std::size_t initial_trials() const { return initial_trials_; }

 private:
  /// The model for one data set, refitting hyperparameters only when the data grew by
  /// 10 % since the last fit (always below 40 observations); otherwise the previous
  /// hyperparameters are reused, which is what keeps a suggestion in milliseconds, and
  /// the previous model is extended by the new observations (IncrementalModel).
  gp::GaussianProcess model_for(const std::string& key, const ModelData& data, std::uint64_t seed);

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
};

}  // namespace ecopt::optim::mobo
