// The frontier: the 2-D front, the knee on hand-made fronts, marginal costs by hand, and
// the sections built from a study made through the public API.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ecopt/report/frontier.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

std::vector<CostQualityPoint> front_of(const std::vector<std::pair<double, double>>& cq) {
  std::vector<CostQualityPoint> points;
  std::int64_t n = 0;
  for (const auto& [cost, quality] : cq) points.push_back({n++, cost, quality});
  return points;
}

TEST(CostQualityFront, KeepsOnlyPointsNothingBeatsInBoth) {
  // (2, 0.8) is beaten by (1, 0.85); (3, 0.9) duplicates trial 3; (4, 0.9) costs more for
  // the same quality.
  const auto front = cost_quality_front({{0, 1.0, 0.85},
                                         {1, 2.0, 0.80},
                                         {2, 5.0, 0.95},
                                         {3, 3.0, 0.90},
                                         {4, 3.0, 0.90},
                                         {5, 4.0, 0.90}});
  ASSERT_EQ(front.size(), 3u);
  EXPECT_EQ(front[0].trial_number, 0);
  EXPECT_EQ(front[1].trial_number, 3);
  EXPECT_EQ(front[2].trial_number, 2);
}

TEST(Knee, IsTheFarthestPointFromTheLineBetweenTheExtremes) {
  // Costs 1, 10, 100, 1000 with qualities .70, .86, .89, .90. Normalised quality: 0, .8,
  // .95, 1. In log cost the interior points sit at x = 1/3 and 2/3, distances (y - x)/sqrt2
  // of .467/sqrt2 and .283/sqrt2: the knee is the second point. In linear cost they sit at
  // x = 9/999 and 99/999: distances .791 and .851 (/sqrt2): the third point.
  const auto front = front_of({{1, 0.70}, {10, 0.86}, {100, 0.89}, {1000, 0.90}});
  EXPECT_EQ(find_knee(front, true), std::optional<std::size_t>(1));
  EXPECT_EQ(find_knee(front, false), std::optional<std::size_t>(2));
}

TEST(Knee, NoneForShortOrStraightOrBulgingFronts) {
  EXPECT_FALSE(find_knee(front_of({{1, 0.5}, {2, 0.9}}), false));
  EXPECT_FALSE(find_knee(front_of({{1, 0.1}, {2, 0.2}, {3, 0.3}}), false));
  // Concave towards the nadir: every interior point below the line.
  EXPECT_FALSE(find_knee(front_of({{1, 0.1}, {2, 0.12}, {3, 0.3}}), false));
}

TEST(Tradeoff, MarginalCostsRatiosAndSentencesByHand) {
  // J per sample against accuracy in [0, 1] (100 points per unit).
  const auto front = front_of({{0.001, 0.80}, {0.002, 0.85}, {0.006, 0.90}, {0.02, 0.91}});
  const Tradeoff t =
      analyse_tradeoff(front, "energy.inference.per_sample", "accuracy", 100.0, true);
  ASSERT_EQ(t.steps.size(), 4u);
  EXPECT_EQ(t.cost_unit, "J/sample");
  EXPECT_FALSE(t.steps[0].marginal_cost_per_point);
  // (0.002 - 0.001) J / 5 points; (0.006 - 0.002) / 5; (0.02 - 0.006) / 1.
  EXPECT_NEAR(*t.steps[1].marginal_cost_per_point, 0.0002, 1e-15);
  EXPECT_NEAR(*t.steps[2].marginal_cost_per_point, 0.0008, 1e-15);
  EXPECT_NEAR(*t.steps[3].marginal_cost_per_point, 0.014, 1e-14);
  EXPECT_DOUBLE_EQ(t.steps[0].cost_ratio_to_cheapest, 1.0);
  EXPECT_DOUBLE_EQ(t.steps[1].cost_ratio_to_cheapest, 2.0);
  EXPECT_DOUBLE_EQ(t.steps[2].cost_ratio_to_cheapest, 6.0);
  EXPECT_DOUBLE_EQ(t.steps[3].cost_ratio_to_cheapest, 20.0);
  // Log cost: x = log(c/0.001)/log 20 = 0, .231, .598, 1; y = 0, .455, .909, 1; the
  // largest y - x (.311) is at the third point.
  ASSERT_TRUE(t.knee);
  EXPECT_EQ(*t.knee, 2u);
  EXPECT_TRUE(t.steps[2].knee);
  const auto has = [&](const std::string& text) {
    return std::any_of(t.sentences.begin(), t.sentences.end(),
                       [&](const std::string& s) { return s.find(text) != std::string::npos; });
  };
  EXPECT_TRUE(
      has("The knee model (trial 2) uses 3.3x less energy per inference than the most "
          "accurate one (trial 3), for 1 point less accuracy."))
      << t.sentences[1];
  EXPECT_TRUE(has("The cheapest model (trial 0) uses 20x less energy per inference"));
  EXPECT_TRUE(has("from trial 2 to trial 3, costs 0.014 J/sample per extra point of accuracy"));
}

TEST(Tradeoff, MarginalCostUncertaintyIsPropagatedFromBothCosts) {
  // Costs 0.001 +- 0.0003 and 0.002 +- 0.0004 J/sample, 5 points apart: the marginal cost
  // 0.0002 J/sample per point has sqrt(0.0003^2 + 0.0004^2) / 5 = 0.0001. The third model
  // has no stored uncertainty, so neither has its step.
  std::vector<CostQualityPoint> front{
      {0, 0.001, 0.80, 0.0003}, {1, 0.002, 0.85, 0.0004}, {2, 0.006, 0.90}};
  const Tradeoff t =
      analyse_tradeoff(front, "energy.inference.per_sample", "accuracy", 100.0, true);
  EXPECT_EQ(t.steps[0].cost_uncertainty, std::optional<double>(0.0003));
  EXPECT_EQ(t.steps[1].cost_uncertainty, std::optional<double>(0.0004));
  EXPECT_FALSE(t.steps[2].cost_uncertainty);
  EXPECT_FALSE(t.steps[0].marginal_cost_uncertainty);
  ASSERT_TRUE(t.steps[1].marginal_cost_uncertainty);
  EXPECT_NEAR(*t.steps[1].marginal_cost_uncertainty, 0.0001, 1e-15);
  EXPECT_FALSE(t.steps[2].marginal_cost_uncertainty);
  // The dearest step is the last, without a range; make the second the dearest to see one.
  front[2].cost = 0.0025;
  front[2].cost_uncertainty = 0.0;
  const Tradeoff t2 =
      analyse_tradeoff(front, "energy.inference.per_sample", "accuracy", 100.0, true);
  EXPECT_NEAR(*t2.steps[2].marginal_cost_uncertainty, 0.0004 / 5, 1e-15);
  EXPECT_NE(t2.sentences.back().find("costs 2e-04 J/sample per extra point of accuracy (+- 1e-04 "
                                     "J/sample)"),
            std::string::npos)
      << t2.sentences.back();
}

TEST(Tradeoff, AQualityInPointsIsNotScaled) {
  const auto front = front_of({{1.0, 70.0}, {3.0, 75.0}});
  const Tradeoff t = analyse_tradeoff(front, "energy_j", "bleu", 1.0, true);
  EXPECT_NEAR(*t.steps[1].marginal_cost_per_point, 2.0 / 5.0, 1e-15);
  EXPECT_EQ(points_per_unit(std::vector<double>{70.0, 75.0}), 1.0);
  EXPECT_EQ(points_per_unit(std::vector<double>{0.7, 0.75}), 100.0);
}

TEST(Frontier, FromAStudyMatchesTheStudysParetoSet) {
  ecopt::testing::TempDir dir;
  auto storage = storage::open_sqlite_storage(dir.file("s.db"));
  testing::make_fixture_study(*storage);
  const study::Study study = study::Study::open(*storage, "fashion-cnn");
  const Frontier f = analyse_frontier(study.config(), study.trials());
  ASSERT_EQ(f.roles.cost, std::optional<std::size_t>(1));
  ASSERT_EQ(f.roles.quality, std::optional<std::size_t>(0));
  std::vector<std::int64_t> pareto;
  for (const FrontierTrial& t : f.trials)
    if (t.kind == PointKind::pareto) pareto.push_back(t.number);
  std::vector<std::int64_t> expected;
  for (const study::Trial& t : study.pareto_set()) expected.push_back(t.number);
  EXPECT_EQ(pareto, expected);
  // Two objectives: the trade-off front is the Pareto set, by energy.
  ASSERT_TRUE(f.tradeoff);
  std::vector<std::int64_t> steps;
  for (const TradeoffStep& s : f.tradeoff->steps) steps.push_back(s.trial_number);
  std::sort(steps.begin(), steps.end());
  EXPECT_EQ(steps, expected);
  for (std::size_t i = 1; i < f.tradeoff->steps.size(); ++i) {
    EXPECT_GT(f.tradeoff->steps[i].cost, f.tradeoff->steps[i - 1].cost);
    EXPECT_GT(f.tradeoff->steps[i].quality, f.tradeoff->steps[i - 1].quality);
  }
  // Each cost carries the uncertainty stored with the trial's metric, and each marginal
  // cost the two costs' propagated.
  const std::vector<study::Trial> trials = study.trials();
  const auto u = [&](std::int64_t number) {
    return trials[static_cast<std::size_t>(number)].metric_uncertainties.at(
        "energy.inference.per_sample");
  };
  for (std::size_t i = 0; i < f.tradeoff->steps.size(); ++i) {
    const TradeoffStep& s = f.tradeoff->steps[i];
    ASSERT_TRUE(s.cost_uncertainty);
    EXPECT_EQ(*s.cost_uncertainty, u(s.trial_number));
    if (i == 0) continue;
    const TradeoffStep& previous = f.tradeoff->steps[i - 1];
    const double points = (s.quality - previous.quality) * f.tradeoff->points_per_unit;
    EXPECT_NEAR(
        *s.marginal_cost_uncertainty,
        std::sqrt(std::pow(u(s.trial_number), 2) + std::pow(u(previous.trial_number), 2)) / points,
        1e-12 * *s.marginal_cost_uncertainty);
  }
  // Failed trials are listed apart with the first line of their reason.
  ASSERT_FALSE(f.unfinished.empty());
  EXPECT_EQ(f.unfinished.front().state, "FAIL");
  EXPECT_EQ(f.unfinished.front().error, "exit status 1");
  EXPECT_EQ(f.unfinished.front().stderr_tail,
            "Traceback (most recent call last):\nRuntimeError: CUDA out of memory\n");
}

TEST(ObjectiveRoles, FindEnergyAndQuality) {
  study::StudyConfig config;
  config.objectives = {
      {"latency_s", study::Goal::minimize, study::OutputTransform::automatic},
      {"accuracy", study::Goal::maximize, study::OutputTransform::automatic},
      {"energy.inference.per_sample", study::Goal::minimize, study::OutputTransform::automatic}};
  const ObjectiveRoles roles = objective_roles(config);
  EXPECT_EQ(roles.cost, std::optional<std::size_t>(2));
  EXPECT_EQ(roles.quality, std::optional<std::size_t>(1));
  EXPECT_EQ(metric_unit("energy.inference.per_sample"), "J/sample");
  EXPECT_EQ(metric_unit("energy.total"), "J");
  EXPECT_EQ(metric_unit("time.train.total"), "s");
  EXPECT_EQ(metric_unit("accuracy"), "");
}

}  // namespace
}  // namespace ecopt::report
