// NSGA-II through the public sampler API (make_sampler with name "nsga2"): determinism,
// validity in a mixed space, constrained domination, objective directions, and progress on
// ZDT1 compared with random sampling.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::optim {
namespace {

using Objectives = std::vector<study::Objective>;
/// Objective values of a trial's parameters.
using Problem = std::function<std::vector<double>(const space::Params&)>;

study::SamplerConfig config_for(const std::string& name, std::uint64_t seed,
                                std::int64_t population_size = 50) {
  study::SamplerConfig config;
  config.name = *study::parse_enum<study::SamplerKind>(name);
  config.seed = seed;
  config.population_size = population_size;
  return config;
}

study::Trial complete_trial(std::int64_t number, space::Params params, std::vector<double> values,
                            std::map<std::string, double> constraint_values = {}) {
  study::Trial trial;
  trial.id = number + 1;
  trial.number = number;
  trial.state = study::TrialState::complete;
  trial.params = std::move(params);
  trial.values = std::move(values);
  trial.constraint_values = std::move(constraint_values);
  return trial;
}

double as_real(const space::Value& value) {
  return space::as_double(value);
}

/// Runs `trials` trials of `problem` with one sampler, as `ecopt tune` would with one
/// worker: each suggestion sees every earlier trial, completed.
std::vector<study::Trial> run_study(Sampler& sampler, const space::SearchSpace& space,
                                    const Objectives& objectives, const Problem& problem,
                                    std::int64_t trials) {
  std::vector<study::Trial> history;
  for (std::int64_t n = 0; n < trials; ++n) {
    const SamplerContext context{space, objectives, history, n, {}, nullptr};
    space::Params params = sampler.suggest(context);
    std::vector<double> values = problem(params);
    history.push_back(complete_trial(n, std::move(params), std::move(values)));
  }
  return history;
}

// ZDT1 (Zitzler, Deb, Thiele 2000) with six variables: the front is f2 = 1 - sqrt(f1),
// reached when x2..x6 are 0.
constexpr int kZdtDimension = 6;

space::SearchSpace zdt1_space() {
  std::vector<space::Parameter> parameters;
  for (int i = 1; i <= kZdtDimension; ++i) {
    parameters.push_back({"x" + std::to_string(i), space::FloatDomain{0.0, 1.0, false}});
  }
  return space::SearchSpace(std::move(parameters));
}

std::vector<double> zdt1(const space::Params& params) {
  const double f1 = as_real(params.at("x1"));
  double tail_sum = 0.0;
  for (int i = 2; i <= kZdtDimension; ++i) tail_sum += as_real(params.at("x" + std::to_string(i)));
  const double g = 1.0 + 9.0 * tail_sum / (kZdtDimension - 1);
  return {f1, g * (1.0 - std::sqrt(f1 / g))};
}

double zdt1_hypervolume(const std::string& sampler_name, std::uint64_t seed) {
  const space::SearchSpace space = zdt1_space();
  const Objectives objectives{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  auto sampler = make_sampler(config_for(sampler_name, seed, 40), space);
  const std::vector<study::Trial> history = run_study(*sampler, space, objectives, zdt1, 400);
  pareto::PointSet points;
  points.dimension = 2;
  for (const study::Trial& trial : history) points.add(trial.values);
  const std::vector<double> reference{11.0, 11.0};
  return pareto::hypervolume(points, reference).value;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

TEST(Nsga2Sampler, IsRegisteredAndRejectsAPopulationTooSmallForTournaments) {
  const space::SearchSpace space = zdt1_space();
  EXPECT_EQ(make_sampler(config_for("nsga2", 1), space)->name(), "nsga2");
  EXPECT_EQ(make_sampler(config_for("nsga2", 1, 4), space)->name(), "nsga2");
  try {
    (void)make_sampler(config_for("nsga2", 1, 1), space);
    ADD_FAILURE() << "a population of 1 was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("population_size"), std::string::npos) << error.what();
  }
}

TEST(Nsga2Sampler, FirstGenerationIsTheScrambledSobolDesign) {
  const space::SearchSpace space = zdt1_space();
  const Objectives objectives{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  auto nsga2 = make_sampler(config_for("nsga2", 5, 10), space);
  auto sobol = make_sampler(config_for("sobol", 5), space);
  std::vector<study::Trial> history;
  for (std::int64_t n = 0; n < 10; ++n) {
    const SamplerContext context{space, objectives, history, n, {}, nullptr};
    const space::Params params = nsga2->suggest(context);
    EXPECT_EQ(params, sobol->suggest(context)) << "trial " << n;
    history.push_back(complete_trial(n, params, zdt1(params)));
  }
  // Generation 1 recombines: its children differ from the Sobol points.
  const SamplerContext next{space, objectives, history, 10, {}, nullptr};
  EXPECT_NE(nsga2->suggest(next), sobol->suggest(next));
}

TEST(Nsga2Sampler, IsDeterministicPerSeedAndDistinctPerTrialNumber) {
  const space::SearchSpace space = zdt1_space();
  const Objectives objectives{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  auto first = make_sampler(config_for("nsga2", 7, 10), space);
  auto second = make_sampler(config_for("nsga2", 7, 10), space);
  auto other_seed = make_sampler(config_for("nsga2", 8, 10), space);
  const std::vector<study::Trial> a = run_study(*first, space, objectives, zdt1, 60);
  const std::vector<study::Trial> b = run_study(*second, space, objectives, zdt1, 60);
  const std::vector<study::Trial> c = run_study(*other_seed, space, objectives, zdt1, 60);
  int differing = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].params, b[i].params) << "trial " << i;
    if (a[i].params != c[i].params) ++differing;
  }
  EXPECT_EQ(differing, 60) << "another seed repeated some suggestions";

  // Concurrent workers asking for several trials of one generation against the same
  // history get different children; asking again for the same number repeats it.
  const std::vector<study::Trial> history(a.begin(), a.begin() + 30);
  std::set<space::Params> children;
  for (std::int64_t n = 30; n < 40; ++n) {
    const SamplerContext context{space, objectives, history, n, {}, nullptr};
    const space::Params child = first->suggest(context);
    EXPECT_EQ(child, first->suggest(context)) << "trial " << n;
    children.insert(child);
  }
  EXPECT_EQ(children.size(), 10u);
}

space::SearchSpace mixed_space() {
  return space::SearchSpace({
      {"lr", space::FloatDomain{1e-5, 1e-1, true}},
      {"dropout", space::FloatDomain{0.0, 0.5, false}},
      {"batch", space::IntDomain{16, 256, false, 16}},
      {"width", space::IntDomain{8, 512, true, 1}},
      {"optimizer",
       space::CategoricalDomain{{std::string("adam"), std::string("sgd"), std::string("rmsprop")}}},
      {"augment", space::CategoricalDomain{{true, false}}},
      {"kernel", space::CategoricalDomain{{std::int64_t{3}, std::int64_t{5}, 7.5}}},
      {"epochs", space::FixedDomain{std::int64_t{3}}},
  });
}

/// A two-objective problem over the mixed space whose best trade-offs use "sgd" and
/// augment = false, so that selection alone would drop the other choices.
std::vector<double> mixed_problem(const space::Params& params) {
  const double lr = as_real(params.at("lr"));
  const double width = as_real(params.at("width"));
  const double batch = as_real(params.at("batch"));
  const double penalty = (std::get<std::string>(params.at("optimizer")) == "sgd" ? 0.0 : 1.0) +
                         (std::get<bool>(params.at("augment")) ? 0.5 : 0.0);
  const double error = std::pow(std::log10(lr) + 3.0, 2) + as_real(params.at("dropout")) + penalty;
  const double energy_j = width * 256.0 / batch + penalty;
  return {error, energy_j};
}

TEST(Nsga2Sampler, SuggestsValidNewParametersInAMixedSpace) {
  const space::SearchSpace space = mixed_space();
  const Objectives objectives{{"error", study::Goal::minimize},
                              {"energy_j", study::Goal::minimize}};
  auto sampler = make_sampler(config_for("nsga2", 11, 20), space);
  const std::vector<study::Trial> history =
      run_study(*sampler, space, objectives, mixed_problem, 300);
  std::set<space::Params> distinct;
  std::map<std::string, std::set<std::string>> seen_after_first_generation;
  for (const study::Trial& trial : history) {
    const std::vector<std::string> problems = space.check(trial.params);
    EXPECT_TRUE(problems.empty()) << "trial " << trial.number << ": " << problems.front();
    distinct.insert(trial.params);
    if (trial.number < 20) continue;
    for (const auto& [name, value] : trial.params)
      seen_after_first_generation[name].insert(space::to_string(value));
  }
  EXPECT_EQ(distinct.size(), history.size()) << "a suggestion repeated an earlier trial";
  EXPECT_EQ(seen_after_first_generation["optimizer"].size(), 3u);
  EXPECT_EQ(seen_after_first_generation["augment"].size(), 2u);
  EXPECT_EQ(seen_after_first_generation["kernel"].size(), 3u);
  EXPECT_EQ(seen_after_first_generation["epochs"], std::set<std::string>{"3"});
}

TEST(Nsga2Sampler, MutationReachesEveryCategoricalChoice) {
  // Every parent uses the same choices: only mutation can bring back the others.
  const space::SearchSpace space = mixed_space();
  const Objectives objectives{{"error", study::Goal::minimize},
                              {"energy_j", study::Goal::minimize}};
  std::vector<study::Trial> history;
  for (std::int64_t n = 0; n < 20; ++n) {
    const double t = static_cast<double>(n) / 20.0;
    space::Params params{{"lr", 1e-4 + t * 1e-3},
                         {"dropout", 0.4 * t},
                         {"batch", std::int64_t{16} * (1 + n % 10)},
                         {"width", std::int64_t{8} + n},
                         {"optimizer", std::string("adam")},
                         {"augment", true},
                         {"kernel", std::int64_t{3}},
                         {"epochs", std::int64_t{3}}};
    history.push_back(complete_trial(n, std::move(params), {t, 1.0 - t}));
  }
  auto sampler = make_sampler(config_for("nsga2", 3, 20), space);
  std::map<std::string, std::set<std::string>> seen;
  for (std::int64_t n = 20; n < 220; ++n) {
    const SamplerContext context{space, objectives, history, n, {}, nullptr};
    const space::Params child = sampler->suggest(context);
    EXPECT_TRUE(space.check(child).empty()) << "trial " << n;
    for (const auto& [name, value] : child) seen[name].insert(space::to_string(value));
  }
  EXPECT_EQ(seen["optimizer"], (std::set<std::string>{"adam", "rmsprop", "sgd"}));
  EXPECT_EQ(seen["augment"], (std::set<std::string>{"false", "true"}));
  EXPECT_EQ(seen["kernel"], (std::set<std::string>{"3", "5", "7.5"}));
}

TEST(Nsga2Sampler, KeepsSuggestingOnceEveryCombinationHasBeenTried) {
  // Eight combinations: retries avoid repeats while new ones are likely to be found, then a
  // repeat is accepted rather than failing or looping. (Mutation moves an integer by small
  // steps, so a child can repeat a trial before all eight have been tried.)
  const space::SearchSpace space({{"level", space::IntDomain{0, 3, false, 1}},
                                  {"cache", space::CategoricalDomain{{true, false}}}});
  const Objectives objectives{{"time_s", study::Goal::minimize},
                              {"energy_j", study::Goal::minimize}};
  const Problem problem = [](const space::Params& params) {
    const double level = as_real(params.at("level"));
    const double cache = std::get<bool>(params.at("cache")) ? 1.0 : 0.0;
    return std::vector<double>{4.0 - level + cache, level + 2.0 * cache};
  };
  auto sampler = make_sampler(config_for("nsga2", 2, 4), space);
  const std::vector<study::Trial> history = run_study(*sampler, space, objectives, problem, 24);
  std::set<space::Params> distinct;
  for (const study::Trial& trial : history) {
    EXPECT_TRUE(space.check(trial.params).empty()) << "trial " << trial.number;
    distinct.insert(trial.params);
  }
  EXPECT_EQ(distinct.size(), 8u);
  // The first generation (Sobol points, redrawn when they collide) has no repeats.
  std::set<space::Params> first_generation;
  for (std::size_t i = 0; i < 4; ++i) first_generation.insert(history[i].params);
  EXPECT_EQ(first_generation.size(), 4u);
}

// Two groups of ten trials: "low" trials (x near 0.1) dominate "high" ones (x near 0.9)
// when both objectives are minimised. With a population of ten, the parents of
// generation 2 are one group, and children stay near their parents.
struct TwoGroups {
  space::SearchSpace search_space{
      {{"x", space::FloatDomain{0.0, 1.0, false}}, {"y", space::FloatDomain{0.0, 1.0, false}}}};
  std::vector<study::Trial> history;
};

/// `low_constraint` / `high_constraint`: each group's constraint_values.
TwoGroups two_groups(const std::map<std::string, double>& low_constraint,
                     const std::map<std::string, double>& high_constraint) {
  TwoGroups groups;
  for (std::int64_t n = 0; n < 20; ++n) {
    const bool low = n % 2 == 0;
    const double spread = 0.01 * static_cast<double>(n / 2);  // 0 .. 0.09
    const double x = (low ? 0.05 : 0.85) + spread;
    const double y = 0.2 + 0.06 * static_cast<double>(n / 2);
    // Within a group the values trade off (one front); "low" beats "high" in both.
    const std::vector<double> values = {x, (low ? 0.5 : 1.5) - x};
    groups.history.push_back(
        complete_trial(n, {{"x", x}, {"y", y}}, values, low ? low_constraint : high_constraint));
  }
  return groups;
}

/// The x of children for trials 20..39 (generations 2 and 3, parents from all 20 trials).
std::vector<double> children_x(const TwoGroups& groups, const Objectives& objectives,
                               std::span<const study::Constraint> constraints) {
  auto sampler = make_sampler(config_for("nsga2", 21, 10), groups.search_space);
  std::vector<double> xs;
  for (std::int64_t n = 20; n < 40; ++n) {
    const SamplerContext context{groups.search_space, objectives, groups.history, n,
                                 constraints,         nullptr};
    xs.push_back(as_real(sampler->suggest(context).at("x")));
  }
  return xs;
}

bool all_below_half(const std::vector<double>& xs) {
  return std::all_of(xs.begin(), xs.end(), [](double x) { return x < 0.5; });
}
bool all_above_half(const std::vector<double>& xs) {
  return std::all_of(xs.begin(), xs.end(), [](double x) { return x > 0.5; });
}

TEST(Nsga2Sampler, SelectsParentsByDominationInEachObjectivesDirection) {
  const TwoGroups groups = two_groups({}, {});
  const Objectives minimise{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  const Objectives maximise{{"f1", study::Goal::maximize}, {"f2", study::Goal::maximize}};
  EXPECT_TRUE(all_below_half(children_x(groups, minimise, {})));
  EXPECT_TRUE(all_above_half(children_x(groups, maximise, {})));
}

TEST(Nsga2Sampler, PrefersFeasibleParentsOverInfeasibleOnesWithBetterObjectives) {
  const Objectives objectives{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  const std::vector<study::Constraint> constraints{study::Constraint::parse("memory_gb <= 8")};

  // The dominating "low" group breaks the constraint.
  const TwoGroups violated = two_groups({{"memory_gb", 12.0}}, {{"memory_gb", 6.0}});
  EXPECT_TRUE(all_above_half(children_x(violated, objectives, constraints)));
  // A missing constraint value counts as infeasible too.
  const TwoGroups missing = two_groups({}, {{"memory_gb", 8.0}});
  EXPECT_TRUE(all_above_half(children_x(missing, objectives, constraints)));
  // Among infeasible trials the smaller violation wins, whatever the objectives say.
  const TwoGroups both_infeasible = two_groups({{"memory_gb", 20.0}}, {{"memory_gb", 9.0}});
  EXPECT_TRUE(all_above_half(children_x(both_infeasible, objectives, constraints)));
  // When both groups are feasible, domination decides again.
  const TwoGroups feasible = two_groups({{"memory_gb", 4.0}}, {{"memory_gb", 8.0}});
  EXPECT_TRUE(all_below_half(children_x(feasible, objectives, constraints)));
}

TEST(Nsga2Sampler, IgnoresPendingAndFailedTrialsWhenSelectingParents) {
  TwoGroups groups = two_groups({}, {});
  // The dominating "low" trials did not complete: only their parameters are known.
  for (study::Trial& trial : groups.history) {
    if (trial.number % 2 != 0) continue;
    trial.state = trial.number % 4 == 0 ? study::TrialState::running : study::TrialState::fail;
    trial.values.clear();
  }
  const Objectives objectives{{"f1", study::Goal::minimize}, {"f2", study::Goal::minimize}};
  EXPECT_TRUE(all_above_half(children_x(groups, objectives, {})));
}

TEST(Nsga2Sampler, ReachesAHypervolumeOnZdt1ThatRandomSamplingDoesNot) {
  // 400 trials, population 40 (ten generations), five seeds; hypervolume at (11, 11),
  // whose best possible value is 121 - 1/3 = 120.667. Measured over seeds 1..200 when
  // this test was written: the median of five random runs lies in [106.0, 110.6], that of
  // five NSGA-II runs in [113.0, 118.3] (NSGA-II needs about 2,000 trials to pass 120).
  // 112.5 is thus above anything random sampling reached.
  std::vector<double> nsga2, random;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    nsga2.push_back(zdt1_hypervolume("nsga2", seed));
    random.push_back(zdt1_hypervolume("random", seed));
  }
  EXPECT_LT(median(random), 111.0) << "random sampling is not the weak baseline assumed here";
  EXPECT_GE(median(nsga2), 112.5) << "random median " << median(random);
  EXPECT_GE(median(nsga2), median(random) + 5.0);
  EXPECT_GT(*std::min_element(nsga2.begin(), nsga2.end()), median(random));
}

}  // namespace
}  // namespace ecopt::optim
