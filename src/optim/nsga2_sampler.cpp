// NSGA-II selection (Deb, Pratap, Agarwal, Meyarivan 2002): constrained non-dominated
// sorting, crowding distance, elitist truncation and binary tournaments. The variation
// operators live in nsga2_variation.cpp.
#include "nsga2_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/pareto/nondominated.hpp"
#include "nsga2_variation.hpp"
#include "random_sampler.hpp"

namespace ecopt::optim {
namespace {

/// Children (or initial points) drawn before a duplicate of an earlier trial is accepted:
/// in a small discrete space every child may already have been tried.
constexpr int kMaxAttempts = 20;

/// Tags NSGA-II's random stream, so that with the same seed its draws for trial n are not
/// the random sampler's draws for trial n (a study may switch between samplers).
constexpr std::uint64_t kNsga2Stream = 0x6e736761322d3032ull;

/// A candidate parent with NSGA-II's two sort keys.
struct RankedTrial {
  const study::Trial* trial = nullptr;
  std::size_t rank = 0;   ///< constrained non-domination front, 0 the best
  double crowding = 0.0;  ///< crowding distance within its front, larger is better
};

/// The crowded-comparison operator of Deb et al. 2002 (sec. III-B): the lower front
/// wins, and within a front the less crowded point.
bool crowded_better(const RankedTrial& a, const RankedTrial& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  return a.crowding > b.crowding;
}

/// Total constraint violation (0 when feasible). A constraint without a value (missing,
/// or NaN because the trial did not report it) makes the trial infeasible with infinite
/// violation: nothing is known to be satisfied.
double total_violation(const study::Trial& trial, std::span<const study::Constraint> constraints) {
  double total = 0.0;
  for (const study::Constraint& constraint : constraints) {
    const auto it = trial.constraint_values.find(constraint.metric);
    if (it == trial.constraint_values.end() || std::isnan(it->second)) {
      return std::numeric_limits<double>::infinity();
    }
    total += constraint.violation(it->second);
  }
  return total;
}

/// Whether a trial can be ranked: complete, with one finite value per objective.
bool has_usable_values(const study::Trial& trial, std::size_t objective_count) {
  return trial.state == study::TrialState::complete && trial.values.size() == objective_count &&
         std::all_of(trial.values.begin(), trial.values.end(),
                     [](double v) { return std::isfinite(v); });
}

class PopulationRanker {
 public:
  explicit PopulationRanker(const std::vector<study::Objective>& objectives) {
    for (const study::Objective& objective : objectives) {
      directions_.push_back(objective.goal == study::Goal::maximize ? pareto::Direction::maximize
                                                                    : pareto::Direction::minimize);
    }
  }

  /// Sorts `group` into non-domination fronts numbered from `first_rank` and sets each
  /// member's crowding distance within its front. Returns the number of fronts.
  std::size_t rank_by_domination(std::vector<RankedTrial>& group, std::size_t first_rank) const {
    if (group.empty()) return 0;
    if (directions_.empty()) {
      // No objectives to compare (a study always has some; this keeps the sampler total).
      for (RankedTrial& member : group) member.rank = first_rank;
      return 1;
    }
    const std::vector<std::size_t> ranks = pareto::pareto_ranks(points_of(group), directions_);
    const std::vector<std::vector<std::size_t>> fronts = pareto::fronts_from_ranks(ranks);
    for (std::size_t f = 0; f < fronts.size(); ++f) {
      std::vector<RankedTrial*> front;
      for (std::size_t i : fronts[f]) front.push_back(&group[i]);
      assign_crowding(front);
      for (RankedTrial* member : front) member->rank = first_rank + f;
    }
    return fronts.size();
  }

  /// Crowding distances of the members of one front, on their objective values.
  void assign_crowding(const std::vector<RankedTrial*>& front) const {
    if (directions_.empty()) return;
    pareto::PointSet points;
    points.dimension = directions_.size();
    for (const RankedTrial* member : front) points.add(member->trial->values);
    const std::vector<double> distances = pareto::crowding_distance(points, directions_);
    for (std::size_t i = 0; i < front.size(); ++i) front[i]->crowding = distances[i];
  }

 private:
  [[nodiscard]] pareto::PointSet points_of(const std::vector<RankedTrial>& group) const {
    pareto::PointSet points;
    points.dimension = directions_.size();
    for (const RankedTrial& member : group) points.add(member.trial->values);
    return points;
  }

  std::vector<pareto::Direction> directions_;
};

/// The parent population of a generation: the best `size` complete trials numbered below
/// `pool_end`, under Deb's constrained domination (sec. VI-A): feasible trials first, by
/// non-domination front; then infeasible ones by total violation, trials of equal
/// violation sharing a front. Ties in front and crowding go to the older trial.
std::vector<RankedTrial> select_population(const SamplerContext& context, std::int64_t pool_end,
                                           std::size_t size) {
  const std::size_t objective_count = context.objectives.size();
  std::vector<RankedTrial> feasible;
  struct Infeasible {
    const study::Trial* trial = nullptr;
    double violation = 0.0;
  };
  std::vector<Infeasible> infeasible;
  for (const study::Trial& trial : context.trials) {
    if (trial.number >= pool_end || !has_usable_values(trial, objective_count)) continue;
    const double violation = total_violation(trial, context.constraints);
    if (violation > 0.0) {
      infeasible.push_back({&trial, violation});
    } else {
      feasible.push_back({&trial, 0, 0.0});
    }
  }
  const PopulationRanker ranker(context.objectives);
  std::vector<RankedTrial> population = std::move(feasible);
  std::size_t next_rank = ranker.rank_by_domination(population, 0);
  std::stable_sort(
      infeasible.begin(), infeasible.end(),
      [](const Infeasible& a, const Infeasible& b) { return a.violation < b.violation; });
  const std::size_t first_infeasible = population.size();
  for (std::size_t begin = 0; begin < infeasible.size();) {
    std::size_t end = begin;
    while (end < infeasible.size() && infeasible[end].violation == infeasible[begin].violation) {
      population.push_back({infeasible[end].trial, next_rank, 0.0});
      ++end;
    }
    ++next_rank;
    begin = end;
  }
  // Pointers into `population` are taken only after it has stopped growing.
  for (std::size_t begin = first_infeasible; begin < population.size();) {
    std::vector<RankedTrial*> front;
    std::size_t end = begin;
    for (; end < population.size() && population[end].rank == population[begin].rank; ++end) {
      front.push_back(&population[end]);
    }
    ranker.assign_crowding(front);
    begin = end;
  }

  std::sort(population.begin(), population.end(), [](const RankedTrial& a, const RankedTrial& b) {
    if (crowded_better(a, b)) return true;
    if (crowded_better(b, a)) return false;
    return a.trial->number < b.trial->number;
  });
  population.resize(std::min(population.size(), size));
  return population;
}

/// Binary tournament with the crowded-comparison operator between two distinct members.
const study::Trial& tournament(const std::vector<RankedTrial>& population, std::mt19937_64& rng) {
  const std::size_t n = population.size();
  const std::size_t first = std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  std::size_t second = std::uniform_int_distribution<std::size_t>(0, n - 2)(rng);
  if (second >= first) ++second;
  const RankedTrial& winner = crowded_better(population[second], population[first])
                                  ? population[second]
                                  : population[first];
  return *winner.trial;
}

bool already_tried(const std::vector<study::Trial>& trials, const space::Params& params) {
  return std::any_of(trials.begin(), trials.end(),
                     [&](const study::Trial& trial) { return trial.params == params; });
}

}  // namespace

Nsga2Options nsga2_options(const study::SamplerConfig& config) {
  Nsga2Options options;
  options.population_size = static_cast<std::size_t>(config.population_size);
  return options;
}

Nsga2Sampler::Nsga2Sampler(const space::SearchSpace& space, Nsga2Options options,
                           std::uint64_t seed)
    : options_(options), seed_(seed) {
  if (options_.population_size < static_cast<std::size_t>(study::kMinPopulationSize)) {
    throw std::invalid_argument(
        "nsga2: population_size must be at least " + std::to_string(study::kMinPopulationSize) +
        " (got " + std::to_string(options_.population_size) + "); set sampler.population_size");
  }
  if (!(options_.crossover_probability >= 0.0 && options_.crossover_probability <= 1.0)) {
    throw std::invalid_argument("nsga2: crossover_probability must be in [0, 1] (got " +
                                std::to_string(options_.crossover_probability) + ")");
  }
  if (!(options_.eta_crossover >= 0.0) || !(options_.eta_mutation >= 0.0)) {
    throw std::invalid_argument("nsga2: the distribution indices must be >= 0 (got eta_crossover " +
                                std::to_string(options_.eta_crossover) + ", eta_mutation " +
                                std::to_string(options_.eta_mutation) + ")");
  }
  if (space.searched_count() > 0) sequence_.emplace(space.searched_count(), seed);
}

space::Params Nsga2Sampler::suggest(const SamplerContext& context) {
  std::mt19937_64 rng(
      mix_seed(mix_seed(seed_, kNsga2Stream), static_cast<std::uint64_t>(context.trial_number)));
  const auto population_size = static_cast<std::int64_t>(options_.population_size);
  const std::int64_t generation = std::max<std::int64_t>(context.trial_number, 0) / population_size;
  if (generation == 0) return initial_design(context, rng);
  const std::vector<RankedTrial> parents =
      select_population(context, generation * population_size, options_.population_size);
  // Until two trials have completed there is nothing to recombine.
  if (parents.size() < 2) return initial_design(context, rng);

  const std::size_t searched = context.space.searched_count();
  const VariationSettings settings{options_.crossover_probability, options_.eta_crossover,
                                   options_.eta_mutation,
                                   searched > 0 ? 1.0 / static_cast<double>(searched) : 0.0};
  space::Params child;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const study::Trial& first = tournament(parents, rng);
    const study::Trial& second = tournament(parents, rng);
    child = make_child(context.space, first.params, second.params, settings, rng);
    if (!already_tried(context.trials, child)) break;
  }
  return child;
}

space::Params Nsga2Sampler::initial_design(const SamplerContext& context,
                                           std::mt19937_64& rng) const {
  if (!sequence_) return context.space.from_quantiles({});
  // Point n of the same scrambled Sobol sequence the sobol sampler uses, so a first
  // generation covers the space evenly; independent draws replace it only when it
  // repeats an earlier trial (integer and categorical grids can collide).
  space::Params params = context.space.from_quantiles(
      sequence_->point(static_cast<std::uint64_t>(context.trial_number)));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> quantiles(sequence_->dimension());
  for (int attempt = 0; attempt < kMaxAttempts && already_tried(context.trials, params);
       ++attempt) {
    for (double& u : quantiles) u = uniform(rng);
    params = context.space.from_quantiles(quantiles);
  }
  return params;
}

}  // namespace ecopt::optim
