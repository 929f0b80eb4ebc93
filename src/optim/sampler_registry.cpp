// The one place that maps a study file's `sampler.name` to a Sampler: a new sampler is a
// new file, one name in study/config_enums.cpp and one case here.
#include <stdexcept>

#include "auto_sampler.hpp"
#include "mobo/mobo_sampler.hpp"
#include "nsga2_sampler.hpp"
#include "random_sampler.hpp"
#include "sobol_sampler.hpp"

namespace ecopt::optim {

std::unique_ptr<Sampler> make_sampler(const study::SamplerConfig& config,
                                      const space::SearchSpace& space) {
  switch (config.name) {
    case study::SamplerKind::automatic:
      return std::make_unique<AutoSampler>(space, config);
    case study::SamplerKind::mobo:
      return std::make_unique<mobo::MoboSampler>(space, config);
    case study::SamplerKind::random:
      return std::make_unique<RandomSampler>(config.seed);
    case study::SamplerKind::sobol:
      return std::make_unique<SobolSampler>(space, config.seed);
    case study::SamplerKind::nsga2:
      return std::make_unique<Nsga2Sampler>(space, nsga2_options(config), config.seed);
  }
  throw std::invalid_argument("unknown sampler kind " +
                              std::to_string(static_cast<int>(config.name)) +
                              "; available: " + study::enum_name_list<study::SamplerKind>());
}

}  // namespace ecopt::optim
