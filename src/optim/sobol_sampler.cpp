#include "sobol_sampler.hpp"


namespace ecopt::optim {

SobolSampler::SobolSampler(const space::SearchSpace& space, std::uint64_t seed) {
  if (space.searched_count() > 0) sequence_.emplace(space.searched_count(), seed);
}

space::Params SobolSampler::suggest(const SamplerContext& context) {
  if (!sequence_) return context.space.from_quantiles({});
  return context.space.from_quantiles(
      sequence_->point(static_cast<std::uint64_t>(context.trial_number)));
}

}  // namespace ecopt::optim
