#pragma once
// NSGA-II (K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, "A fast and elitist
// multiobjective genetic algorithm: NSGA-II", IEEE TEC 6(2), 2002) as a stateless sampler.
//
// Generations are counted in trial numbers: trial n belongs to generation
// n / population_size. Generation 0 is a scrambled Sobol design. Trial n of a later
// generation g is a child of parents chosen from the best population_size COMPLETE trials
// numbered below g x population_size (the paper's elitist (mu + lambda) selection, with
// every earlier generation as the pool), ranked by constrained non-domination and then
// crowding distance; while fewer than two of those have completed it is a Sobol point too.
// A child that repeats an earlier trial's parameters is redrawn (up to 20 times, then
// accepted: a small discrete space can run out of new combinations). Nothing is kept
// between calls: the history, the seed and the trial number determine the suggestion
// (the random stream is seeded from seed and trial number), so concurrent workers get
// different children and replays agree.

#include <cstdint>
#include <optional>
#include <random>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/optim/sobol.hpp"

namespace ecopt::optim {

/// NSGA-II settings; the defaults are those of Deb et al. 2002 (sec. IV: crossover
/// probability 0.9, distribution indices 20 for SBX and polynomial mutation; mutation
/// probability 1 / number of searched parameters).
struct Nsga2Options {
  std::size_t population_size = 50;  ///< individuals per generation, >= study::kMinPopulationSize
  double crossover_probability = 0.9;
  double eta_crossover = 20;  ///< SBX distribution index (Deb and Agrawal 1995)
  double eta_mutation = 20;   ///< polynomial mutation distribution index
};

/// The options a study file's sampler settings ask for.
[[nodiscard]] Nsga2Options nsga2_options(const study::SamplerConfig& config);

class Nsga2Sampler final : public Sampler {
 public:
  /// Throws std::invalid_argument for a population below 2, a crossover probability
  /// outside [0, 1] or a negative distribution index.
  Nsga2Sampler(const space::SearchSpace& space, Nsga2Options options, std::uint64_t seed);
  [[nodiscard]] std::string name() const override { return "nsga2"; }
  [[nodiscard]] space::Params suggest(const SamplerContext& context) override;
  [[nodiscard]] const Nsga2Options& options() const { return options_; }

 private:
  [[nodiscard]] space::Params initial_design(const SamplerContext& context,
                                             std::mt19937_64& rng) const;

  Nsga2Options options_;
  std::uint64_t seed_;
  std::optional<SobolSequence> sequence_;  ///< none when nothing is searched
};

}  // namespace ecopt::optim
