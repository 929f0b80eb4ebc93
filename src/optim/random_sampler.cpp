// Independent uniform draws from the study's priors (log-uniform where asked).
#include "random_sampler.hpp"

#include <random>

namespace ecopt::optim {

std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t stream) {
  // SplitMix64 finaliser (Steele, Lea, Flood 2014): decorrelates nearby (seed, number)
  // pairs, so trial n's draw depends only on the seed and n, not on call order.
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ull * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

space::Params RandomSampler::suggest(const SamplerContext& context) {
  std::mt19937_64 rng(mix_seed(seed_, static_cast<std::uint64_t>(context.trial_number)));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> quantiles(context.space.searched_count());
  for (double& u : quantiles) u = uniform(rng);
  return context.space.from_quantiles(quantiles);
}

}  // namespace ecopt::optim
