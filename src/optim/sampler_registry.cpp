// The one place that maps a study file's `sampler.name` to a Sampler: a new sampler is a
// new file plus one line here.
#include <stdexcept>

#include "auto_sampler.hpp"
#include "mobo/mobo_sampler.hpp"
#include "nsga2_sampler.hpp"
#include "random_sampler.hpp"
#include "sobol_sampler.hpp"

namespace ecopt::optim {

std::unique_ptr<Sampler> make_sampler(const study::SamplerConfig& config,
                                      const space::SearchSpace& space) {
  if (config.name == "auto") return std::make_unique<AutoSampler>(space, config);
  if (config.name == "mobo") return std::make_unique<mobo::MoboSampler>(space, config);
  if (config.name == "random") return std::make_unique<RandomSampler>(config.seed);
  if (config.name == "sobol") return std::make_unique<SobolSampler>(space, config.seed);
  if (config.name == "nsga2")
    return std::make_unique<Nsga2Sampler>(space, nsga2_options(config), config.seed);
  throw std::invalid_argument("unknown sampler '" + config.name +
                              "'; available: auto, mobo, nsga2, sobol, random");
}

}  // namespace ecopt::optim
