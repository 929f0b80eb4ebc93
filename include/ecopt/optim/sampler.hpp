#pragma once
// Samplers choose the parameters of the next trial. Every sampler is deterministic for a
// given seed and history: the same study replayed gives the same suggestions.

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ecopt/optim/warm_start.hpp"
#include "ecopt/space/search_space.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::optim {

/// What a sampler may look at.
struct SamplerContext {
  const space::SearchSpace& space;
  const std::vector<study::Objective>& objectives;
  /// Every trial of the study so far, finished and pending (RUNNING or WAITING).
  const std::vector<study::Trial>& trials;
  /// The number the new trial will get (unique within the study).
  std::int64_t trial_number = 0;
  /// Outcome constraints; a trial's `constraint_values` hold the metric values.
  std::span<const study::Constraint> constraints = {};
  /// Hypervolume reference thresholds the study file gives (objective name -> value).
  const std::map<std::string, double>* reference_point = nullptr;
  /// An earlier study to learn from (`sampler.warm_start`); mobo and auto use it.
  const WarmStart* warm_start = nullptr;
};

class Sampler {
 public:
  virtual ~Sampler() = default;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual space::Params suggest(const SamplerContext& context) = 0;
};

/// The sampler a study file names (`random` or `sobol`), seeded from its config. Throws
/// std::invalid_argument for an unknown name.
[[nodiscard]] std::unique_ptr<Sampler> make_sampler(const study::SamplerConfig& config,
                                                    const space::SearchSpace& space);

}  // namespace ecopt::optim
