// The MOBO sampler through the public Sampler interface: determinism, progress on a
// known problem, constraints, pending trials, mixed spaces, no repeats.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/pareto/hypervolume.hpp"

namespace ecopt::optim {
namespace {

using Evaluate = std::function<std::vector<double>(const space::Params&)>;

study::SamplerConfig config(const std::string& name, std::uint64_t seed) {
  study::SamplerConfig c;
  c.name = *study::parse_enum<study::SamplerKind>(name);
  c.seed = seed;
  return c;
}

space::SearchSpace unit_cube(int d) {
  std::vector<space::Parameter> parameters;
  for (int i = 0; i < d; ++i)
    parameters.push_back({"x" + std::to_string(i), space::FloatDomain{0.0, 1.0, false}});
  return space::SearchSpace(parameters);
}

std::vector<study::Objective> minimise(std::initializer_list<const char*> names) {
  std::vector<study::Objective> out;
  for (const char* n : names)
    out.push_back({n, study::Goal::minimize, study::OutputTransform::automatic});
  return out;
}

double x(const space::Params& p, int i) {
  return std::get<double>(p.at("x" + std::to_string(i)));
}

std::vector<double> zdt1(const space::Params& p, int d) {
  double g = 0;
  for (int i = 1; i < d; ++i) g += x(p, i);
  g = 1 + 9 * g / (d - 1);
  return {x(p, 0), g * (1 - std::sqrt(x(p, 0) / g))};
}

study::Trial completed(std::int64_t number, space::Params params, std::vector<double> values) {
  study::Trial t;
  t.number = number;
  t.state = study::TrialState::complete;
  t.params = std::move(params);
  t.values = std::move(values);
  return t;
}

/// Runs `count` sequential trials; returns them.
std::vector<study::Trial> run(
    Sampler& sampler, const space::SearchSpace& space,
    const std::vector<study::Objective>& objectives, const Evaluate& evaluate, int count,
    std::span<const study::Constraint> constraints = {},
    const std::function<double(const space::Params&)>& constraint_metric = {},
    const std::map<std::string, double>* reference = nullptr) {
  std::vector<study::Trial> trials;
  for (int n = 0; n < count; ++n) {
    const SamplerContext context{space, objectives, trials, n, constraints, reference};
    space::Params params = sampler.suggest(context);
    EXPECT_TRUE(space.check(params).empty()) << "trial " << n;
    study::Trial t = completed(n, params, evaluate(params));
    if (constraint_metric) t.constraint_values[constraints[0].metric] = constraint_metric(params);
    trials.push_back(std::move(t));
  }
  return trials;
}

double hypervolume(const std::vector<study::Trial>& trials, std::vector<double> reference) {
  pareto::PointSet points;
  points.dimension = reference.size();
  for (const study::Trial& t : trials) points.add(t.values);
  return pareto::hypervolume(points, reference).value;
}

TEST(MoboSampler, IsDeterministicPerSeed) {
  const space::SearchSpace space = unit_cube(3);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) { return zdt1(p, 3); };
  auto a = make_sampler(config("mobo", 3), space);
  auto b = make_sampler(config("mobo", 3), space);
  auto c = make_sampler(config("mobo", 4), space);
  const auto first = run(*a, space, objectives, f, 14);
  const auto second = run(*b, space, objectives, f, 14);
  const auto other = run(*c, space, objectives, f, 14);
  for (std::size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].params, second[i].params) << i;
  EXPECT_NE(first.back().params, other.back().params);
}

TEST(MoboSampler, BeatsRandomSearchOnZdt1BeyondWhatRandomReaches) {
  // 30 trials on 4-D ZDT1, reference (11, 11), maximum 121 - 1/3. Random search gets
  // 86-90 % here; every MOBO seed must beat the best random seed by 5 points of the
  // maximum, a margin random search cannot reach by luck at this budget.
  const space::SearchSpace space = unit_cube(4);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) { return zdt1(p, 4); };
  const double maximum = 121.0 - 1.0 / 3.0;
  double best_random = 0.0, worst_mobo = maximum;
  for (std::uint64_t seed = 0; seed < 3; ++seed) {
    auto mobo = make_sampler(config("mobo", seed), space);
    auto random = make_sampler(config("random", seed), space);
    worst_mobo = std::min(worst_mobo, hypervolume(run(*mobo, space, objectives, f, 30), {11, 11}));
    best_random =
        std::max(best_random, hypervolume(run(*random, space, objectives, f, 30), {11, 11}));
  }
  EXPECT_GT(worst_mobo, best_random + 0.05 * maximum)
      << "mobo " << worst_mobo << " random " << best_random;
  EXPECT_GT(worst_mobo, 0.97 * maximum);
}

TEST(MoboSampler, OtherAcquisitionsAlsoMakeProgress) {
  const space::SearchSpace space = unit_cube(3);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) { return zdt1(p, 3); };
  auto random = make_sampler(config("random", 1), space);
  const double random_hv = hypervolume(run(*random, space, objectives, f, 25), {11, 11});
  for (const char* acquisition : {"parego", "mc-ehvi"}) {
    study::SamplerConfig c = config("mobo", 1);
    c.acquisition = *study::parse_enum<study::Acquisition>(acquisition);
    auto sampler = make_sampler(c, space);
    EXPECT_GT(hypervolume(run(*sampler, space, objectives, f, 25), {11, 11}), random_hv + 3.0)
        << acquisition;
  }
}

TEST(MoboSampler, ConstraintsSteerSuggestionsToTheFeasibleRegion) {
  // f2 improves as x1 -> 0, but the constraint needs x1 >= 0.6: suggestions after the
  // initial design must mostly be feasible, unlike those of the unconstrained study.
  const space::SearchSpace space = unit_cube(2);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) {
    return std::vector<double>{x(p, 0), 1 - x(p, 0) + x(p, 1)};
  };
  const std::vector<study::Constraint> constraints{study::Constraint::parse("c >= 0.6")};
  auto metric = [](const space::Params& p) { return x(p, 1); };
  auto feasible_after_initial = [&](const std::vector<study::Trial>& trials) {
    int count = 0;
    for (std::size_t i = 8; i < trials.size(); ++i) count += x(trials[i].params, 1) >= 0.6 ? 1 : 0;
    return count;
  };
  study::SamplerConfig c = config("mobo", 2);
  c.initial_trials = 8;
  auto constrained = make_sampler(c, space);
  const int feasible =
      feasible_after_initial(run(*constrained, space, objectives, f, 24, constraints, metric));
  auto free = make_sampler(c, space);
  const int unconstrained = feasible_after_initial(run(*free, space, objectives, f, 24));
  EXPECT_GE(feasible, 13) << "of 16";
  EXPECT_LT(unconstrained, feasible);
}

TEST(MoboSampler, PendingTrialsMakeConcurrentSuggestionsDiffer) {
  const space::SearchSpace space = unit_cube(2);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) { return zdt1(p, 2); };
  auto warmup = make_sampler(config("mobo", 5), space);
  std::vector<study::Trial> trials = run(*warmup, space, objectives, f, 12);
  auto sampler = make_sampler(config("mobo", 5), space);
  std::vector<space::Params> suggestions;
  for (int k = 0; k < 4; ++k) {
    const auto number = static_cast<std::int64_t>(trials.size());
    const SamplerContext context{space, objectives, trials, number, {}, nullptr};
    suggestions.push_back(sampler->suggest(context));
    study::Trial pending;
    pending.number = number;
    pending.state = study::TrialState::running;
    pending.params = suggestions.back();
    trials.push_back(pending);
  }
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const double distance = std::hypot(x(suggestions[i], 0) - x(suggestions[j], 0),
                                         x(suggestions[i], 1) - x(suggestions[j], 1));
      EXPECT_GT(distance, 1e-3) << "suggestions " << j << " and " << i;
    }
  }
}

/// 3-objective DTLZ2 on 4 inputs: (x0, x1) place a point on the front, x2 and x3 its
/// distance from it (g = 0 at 0.5).
std::vector<double> dtlz2_3(const space::Params& p) {
  double g = 0;
  for (int i = 2; i < 4; ++i) g += std::pow(x(p, i) - 0.5, 2);
  const double a = x(p, 0) * M_PI / 2, b = x(p, 1) * M_PI / 2;
  return {(1 + g) * std::cos(a) * std::cos(b), (1 + g) * std::cos(a) * std::sin(b),
          (1 + g) * std::sin(a)};
}

/// Four suggestions in flight together, as `ecopt tune --jobs 4` asks for them: each
/// sees the earlier ones RUNNING.
std::vector<space::Params> concurrent_batch(std::uint64_t seed, std::vector<study::Trial> trials,
                                            const space::SearchSpace& space,
                                            const std::vector<study::Objective>& objectives,
                                            const std::map<std::string, double>& reference) {
  auto sampler = make_sampler(config("mobo", seed), space);
  std::vector<space::Params> batch;
  for (int k = 0; k < 4; ++k) {
    const auto number = static_cast<std::int64_t>(trials.size());
    batch.push_back(
        sampler->suggest(SamplerContext{space, objectives, trials, number, {}, &reference}));
    study::Trial pending;
    pending.number = number;
    pending.state = study::TrialState::running;
    pending.params = batch.back();
    trials.push_back(pending);
  }
  return batch;
}

TEST(MoboSampler, ConcurrentSuggestionsSpreadOverTheFront) {
  // Each suggestion conditions on the trials already in flight (pessimistic Kriging-believer
  // fantasies), so four trials in flight aim at different parts of the front, not at one
  // spot with different distances from it: their front coordinates (x0, x1) differ
  // pairwise by more than 0.1, and the same seed and history give the same batch.
  const space::SearchSpace space = unit_cube(4);
  const auto objectives = minimise({"f1", "f2", "f3"});
  const std::map<std::string, double> reference{{"f1", 1.1}, {"f2", 1.1}, {"f3", 1.1}};
  for (std::uint64_t seed : {1, 2}) {
    auto warmup = make_sampler(config("mobo", seed), space);
    const std::vector<study::Trial> history =
        run(*warmup, space, objectives, dtlz2_3, 16, {}, {}, &reference);
    const std::vector<space::Params> batch =
        concurrent_batch(seed, history, space, objectives, reference);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        const double distance =
            std::hypot(x(batch[i], 0) - x(batch[j], 0), x(batch[i], 1) - x(batch[j], 1));
        EXPECT_GT(distance, 0.1) << "seed " << seed << ", suggestions " << j << " and " << i;
      }
    }
    EXPECT_EQ(batch, concurrent_batch(seed, history, space, objectives, reference));
  }
}

TEST(MoboSampler, HandlesCategoricalAndIntegerParameters) {
  // The category shifts both objectives; "b" (offset 0) with k = 0 is best, and the
  // front is x in [0, 1] there. Most suggestions after the design must find it.
  const space::SearchSpace space(
      {{"x", space::FloatDomain{0.0, 1.0, false}},
       {"kind", space::CategoricalDomain{{std::string("a"), std::string("b"), std::string("c")}}},
       {"k", space::IntDomain{0, 5, false, 1}}});
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) {
    const std::string kind = std::get<std::string>(p.at("kind"));
    const double offset = kind == "a" ? 1.0 : kind == "b" ? 0.0 : 2.0;
    const double k = static_cast<double>(std::get<std::int64_t>(p.at("k")));
    const double xv = std::get<double>(p.at("x"));
    return std::vector<double>{xv + offset + 0.2 * k, 1 - xv + offset + 0.2 * k};
  };
  auto sampler = make_sampler(config("mobo", 7), space);
  const auto trials = run(*sampler, space, objectives, f, 30);
  int best_region = 0;
  for (std::size_t i = 20; i < trials.size(); ++i) {
    best_region += std::get<std::string>(trials[i].params.at("kind")) == "b" &&
                   std::get<std::int64_t>(trials[i].params.at("k")) == 0;
  }
  EXPECT_GE(best_region, 7) << "of the last 10";
}

TEST(MoboSampler, NeverRepeatsAConfigurationOfASmallDiscreteSpace) {
  const space::SearchSpace space(
      {{"k", space::IntDomain{0, 3, false, 1}},
       {"mode", space::CategoricalDomain{{std::string("u"), std::string("v")}}}});
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) {
    const double k = static_cast<double>(std::get<std::int64_t>(p.at("k")));
    const double m = std::get<std::string>(p.at("mode")) == "u" ? 0.0 : 1.0;
    return std::vector<double>{k + m, 3 - k + m};
  };
  study::SamplerConfig c = config("mobo", 0);
  c.initial_trials = 2;
  auto sampler = make_sampler(c, space);
  const auto trials = run(*sampler, space, objectives, f, 8);
  std::set<space::Params> distinct;
  for (const auto& t : trials) distinct.insert(t.params);
  EXPECT_EQ(distinct.size(), 8u);
}

TEST(MoboSampler, OptimisesASingleObjective) {
  const space::SearchSpace space = unit_cube(1);
  const auto objectives = minimise({"loss"});
  const Evaluate f = [](const space::Params& p) {
    return std::vector<double>{std::pow(x(p, 0) - 0.3, 2)};
  };
  auto sampler = make_sampler(config("mobo", 1), space);
  const auto trials = run(*sampler, space, objectives, f, 14);
  double best = 1.0;
  for (const auto& t : trials) best = std::min(best, t.values[0]);
  EXPECT_LT(best, 1e-4);
}

/// `count` trials on the 4-objective unit sphere (all mutually non-dominated) at Sobol-like
/// random points of a 5-D cube.
std::vector<study::Trial> sphere_history(int count) {
  std::vector<study::Trial> trials;
  std::uint64_t state = 7;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int n = 0; n < count; ++n) {
    space::Params params;
    for (int i = 0; i < 5; ++i) params["x" + std::to_string(i)] = uniform();
    const double a = x(params, 0) * M_PI / 2, b = x(params, 1) * M_PI / 2,
                 c = x(params, 2) * M_PI / 2;
    trials.push_back(
        completed(n, params,
                  {std::cos(a) * std::cos(b) * std::cos(c), std::cos(a) * std::cos(b) * std::sin(c),
                   std::cos(a) * std::sin(b), std::sin(a)}));
  }
  return trials;
}

space::Params suggestion(const std::string& acquisition, const std::vector<study::Trial>& trials) {
  const space::SearchSpace space = unit_cube(5);
  const auto objectives = minimise({"f1", "f2", "f3", "f4"});
  study::SamplerConfig c = config("mobo", 5);
  c.acquisition = *study::parse_enum<study::Acquisition>(acquisition);
  auto sampler = make_sampler(c, space);
  const auto number = static_cast<std::int64_t>(trials.size());
  return sampler->suggest(SamplerContext{space, objectives, trials, number, {}, nullptr});
}

TEST(MoboSampler, AutoUsesEhviForFourObjectivesWhileTheFrontIsSmall) {
  // 14 front points: 15^3 boxes, under the cap, so auto is exact EHVI (it beat ParEGO on
  // 4-objective DTLZ2, docs/optimizers.md).
  const std::vector<study::Trial> small = sphere_history(14);
  EXPECT_EQ(suggestion("auto", small), suggestion("ehvi", small));
  EXPECT_NE(suggestion("auto", small), suggestion("parego", small));
  // 30 front points: 31^3 boxes, over the cap, so auto falls back to ParEGO.
  const std::vector<study::Trial> large = sphere_history(30);
  EXPECT_EQ(suggestion("auto", large), suggestion("parego", large));
}

TEST(MoboSampler, ThreeObjectivesBeatRandom) {
  // DTLZ2 with 3 objectives on 4 inputs; reference 1.1 in each, given to the sampler as
  // a study file's reference_point would be.
  const space::SearchSpace space = unit_cube(4);
  const auto objectives = minimise({"f1", "f2", "f3"});
  const Evaluate f = dtlz2_3;
  auto mobo = make_sampler(config("mobo", 2), space);
  auto random = make_sampler(config("random", 2), space);
  const std::map<std::string, double> reference{{"f1", 1.1}, {"f2", 1.1}, {"f3", 1.1}};
  const double mobo_hv =
      hypervolume(run(*mobo, space, objectives, f, 30, {}, {}, &reference), {1.1, 1.1, 1.1});
  const double random_hv = hypervolume(run(*random, space, objectives, f, 30), {1.1, 1.1, 1.1});
  EXPECT_GT(mobo_hv, random_hv * 1.1) << mobo_hv << " vs " << random_hv;
}

TEST(MoboSampler, FirstModelBasedTrialsGoToTheFrontNotTheCorners) {
  // 2-objective DTLZ2 on 6 inputs, reference 1.1 given: the front is g = 0, where g is the
  // squared distance of x1..x5 from 0.5. With 12 Sobol points the models are unsure almost
  // everywhere, and EHVI with the full posterior sd rewarded that uncertainty: 12 of the
  // first 16 model-based suggestions went to the cube's corners (g > 0.25, outside the
  // reference box). With the sd scaled by 0.1 (kEhviSdScale) 3 did, and the rest
  // approached the front (docs/optimizers.md, "Exploration weight").
  const int d = 6;
  const space::SearchSpace space = unit_cube(d);
  const auto objectives = minimise({"f1", "f2"});
  const auto distance = [](const space::Params& p) {
    double g = 0;
    for (int i = 1; i < 6; ++i) g += std::pow(x(p, i) - 0.5, 2);
    return g;
  };
  const Evaluate f = [&](const space::Params& p) {
    const double g = distance(p), a = x(p, 0) * M_PI / 2;
    return std::vector<double>{(1 + g) * std::cos(a), (1 + g) * std::sin(a)};
  };
  auto mobo = make_sampler(config("mobo", 0), space);
  const std::map<std::string, double> reference{{"f1", 1.1}, {"f2", 1.1}};
  const auto trials = run(*mobo, space, objectives, f, 28, {}, {}, &reference);
  int far = 0;
  for (std::size_t i = 12; i < trials.size(); ++i) far += distance(trials[i].params) > 0.25;
  EXPECT_LE(far, 6) << "of 16 model-based suggestions far from the front";
}

TEST(MoboSampler, KnownNoiseDoesNotMakeItRemeasureTheFront) {
  // ZDT1 read with N(0, 0.1^2) noise, recorded as each reading's uncertainty. A model
  // that knows the noise keeps some variance at measured points; EHVI against a plug-in
  // front counts that variance as room to improve, and without the augmented improvement
  // and the conditioning on the incumbents (AcquisitionFunction) it measured the same
  // configurations again: 12 of 30 suggestions within 0.02 of an earlier trial (the
  // front's two ends over and over), none with them. The box is the inferred one.
  // Suggestions 0.02-0.05 apart are not re-measurements: they fill the Pareto set, a
  // segment x0 in [0, 1] at x1 = x2 = 0, where 25 points lie ~0.04 apart.
  const int d = 3;
  const space::SearchSpace space = unit_cube(d);
  const auto objectives = minimise({"f1", "f2"});
  auto sampler = make_sampler(config("mobo", 6), space);
  std::mt19937_64 rng(6);
  std::normal_distribution<double> noise(0.0, 0.1);
  std::vector<study::Trial> trials;
  int repeats = 0;
  for (int n = 0; n < 36; ++n) {
    const SamplerContext context{space, objectives, trials, n};
    space::Params params = sampler->suggest(context);
    double nearest = 1e300;
    for (const study::Trial& t : trials) {
      double squared = 0.0;
      for (int i = 0; i < d; ++i) squared += std::pow(x(t.params, i) - x(params, i), 2);
      nearest = std::min(nearest, std::sqrt(squared));
    }
    if (n >= 6 && nearest < 0.02) ++repeats;
    std::vector<double> values = zdt1(params, d);
    for (double& v : values) v += noise(rng);
    study::Trial t = completed(n, params, values);
    t.metric_uncertainties = {{"f1", 0.1}, {"f2", 0.1}};
    trials.push_back(std::move(t));
  }
  EXPECT_LE(repeats, 3) << "of 30 model-based suggestions";
  // And the front it measured is the true one (99.98 % of the maximum; 99.97 % while it
  // re-measured, 99.93 % with the old reference point that chased f1 = 0).
  for (study::Trial& t : trials) t.values = zdt1(t.params, d);
  EXPECT_GT(hypervolume(trials, {11, 11}), 0.9995 * (121.0 - 1.0 / 3.0));
}

TEST(MoboSampler, RecordedUncertaintyIsNoiseTheModelDiscounts) {
  // loss = (x - 0.7)^2 measured exactly at 12 points, and three readings near x = 0.2
  // far below the truth (-1 where it is 0.25) but recorded as -1 +- 2: consistent with the
  // truth. Told the uncertainty, the model smooths through them and the next suggestion
  // goes to the real minimum; taking the readings as exact, it would chase x = 0.2.
  const space::SearchSpace space = unit_cube(1);
  const std::vector<study::Objective> objectives{
      {"loss", study::Goal::minimize, study::OutputTransform::none}};
  std::vector<study::Trial> trials;
  for (int i = 0; i < 12; ++i) {
    const double at = (i + 0.5) / 12.0;
    trials.push_back(completed(i, {{"x0", at}}, {(at - 0.7) * (at - 0.7)}));
  }
  for (const double at : {0.19, 0.2, 0.21}) {
    study::Trial t = completed(static_cast<std::int64_t>(trials.size()), {{"x0", at}}, {-1.0});
    t.metric_uncertainties["loss"] = 2.0;
    trials.push_back(std::move(t));
  }
  auto sampler = make_sampler(config("mobo", 3), space);
  const SamplerContext context{space, objectives, trials, static_cast<std::int64_t>(trials.size())};
  EXPECT_NEAR(x(sampler->suggest(context), 0), 0.7, 0.1);
}

}  // namespace
}  // namespace ecopt::optim

namespace ecopt::optim {
namespace {

TEST(AutoSampler, IsMoboUntilTheSwitchThenNsga2) {
  const space::SearchSpace space = unit_cube(2);
  const auto objectives = minimise({"f1", "f2"});
  const Evaluate f = [](const space::Params& p) { return zdt1(p, 2); };
  study::SamplerConfig c = config("auto", 9);
  c.switch_to_nsga2_after = 12;
  c.population_size = 6;
  auto automatic = make_sampler(c, space);
  study::SamplerConfig m = c;
  m.name = study::SamplerKind::mobo;
  study::SamplerConfig n = c;
  n.name = study::SamplerKind::nsga2;
  auto mobo = make_sampler(m, space);
  auto nsga2 = make_sampler(n, space);
  std::vector<study::Trial> trials;
  for (int number = 0; number < 18; ++number) {
    const SamplerContext context{space, objectives, trials, number, {}, nullptr};
    const space::Params chosen = automatic->suggest(context);
    const space::Params expected = number < 12 ? mobo->suggest(context) : nsga2->suggest(context);
    EXPECT_EQ(chosen, expected) << "trial " << number;
    trials.push_back(completed(number, chosen, f(chosen)));
  }
}

TEST(OutputTransform, AutoRecognisesEnergyAndTimeMetrics) {
  EXPECT_TRUE(study::is_scale_like_metric("energy.inference.per_sample"));
  EXPECT_TRUE(study::is_scale_like_metric("duration.train"));
  EXPECT_TRUE(study::is_scale_like_metric("latency_ms"));
  EXPECT_TRUE(study::is_scale_like_metric("train_energy_j"));
  EXPECT_TRUE(study::is_scale_like_metric("step_s"));
  EXPECT_FALSE(study::is_scale_like_metric("accuracy"));
  EXPECT_FALSE(study::is_scale_like_metric("perplexity"));
  EXPECT_FALSE(study::is_scale_like_metric("f1"));
}

TEST(OutputTransform, LogModelFindsTheOptimumOfAQuantitySpanningDecades) {
  // energy = 10^(6 (x - 0.2)^2 ...): values span six decades; with the log transform the
  // model sees a parabola. A single objective; the best trial must be near x = 0.2.
  const space::SearchSpace space = unit_cube(1);
  const std::vector<study::Objective> objectives{
      {"energy_j", study::Goal::minimize, study::OutputTransform::automatic}};
  const Evaluate f = [](const space::Params& p) {
    return std::vector<double>{std::pow(10.0, 24.0 * std::pow(x(p, 0) - 0.2, 2))};
  };
  auto sampler = make_sampler(config("mobo", 4), space);
  const auto trials = run(*sampler, space, objectives, f, 14);
  double best_x = 1.0, best = 1e300;
  for (const auto& t : trials) {
    if (t.values[0] < best) {
      best = t.values[0];
      best_x = x(t.params, 0);
    }
  }
  EXPECT_NEAR(best_x, 0.2, 0.01);
}

}  // namespace
}  // namespace ecopt::optim
