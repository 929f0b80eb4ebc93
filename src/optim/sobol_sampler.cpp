#include "sobol_sampler.hpp"

#include <stdexcept>

#include "random_sampler.hpp"

namespace ecopt::optim {

SobolSampler::SobolSampler(const space::SearchSpace& space, std::uint64_t seed) {
  if (space.searched_count() > 0) sequence_.emplace(space.searched_count(), seed);
}

space::Params SobolSampler::suggest(const SamplerContext& context) {
  if (!sequence_) return context.space.from_quantiles({});
  return context.space.from_quantiles(
      sequence_->point(static_cast<std::uint64_t>(context.trial_number)));
}

std::unique_ptr<Sampler> make_sampler(const study::SamplerConfig& config,
                                      const space::SearchSpace& space) {
  if (config.name == "random") return std::make_unique<RandomSampler>(config.seed);
  if (config.name == "sobol") return std::make_unique<SobolSampler>(space, config.seed);
  throw std::invalid_argument("unknown sampler '" + config.name + "'; available: random, sobol");
}

}  // namespace ecopt::optim
