// Each pruner's decisions on scripted learning curves, worked out by hand.
#include "ecopt/optim/pruner.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace ecopt::optim {
namespace {

using study::Goal;
using study::PrunerKind;
using study::Trial;
using study::TrialState;
using Curve = std::map<std::int64_t, std::map<std::string, double>>;

Trial trial(std::int64_t number, TrialState state, Curve curve) {
  Trial t;
  t.id = 100 + number;
  t.number = number;
  t.state = state;
  t.intermediate = std::move(curve);
  return t;
}

/// A trial that reported accuracy `accuracy` (and energy so far `energy_j`) at `step`.
Trial at(std::int64_t number, TrialState state, std::int64_t step, double accuracy,
         double energy_j = 1.0) {
  return trial(number, state, {{step, {{"accuracy", accuracy}, {kEnergySoFarName, energy_j}}}});
}

struct Fixture {
  study::PrunerConfig config;
  std::vector<study::Objective> objectives{{"accuracy", Goal::maximize},
                                           {"energy.inference.per_sample", Goal::minimize}};
  std::vector<Trial> others;

  PruneDecision judge(const Trial& judged, std::int64_t step) const {
    return decide_prune({config, objectives, judged, others, step});
  }
};

Fixture median_fixture() {
  Fixture f;
  f.config.name = PrunerKind::median;
  // Completed trials at step 2: accuracies 0.5 .. 0.9, median 0.7.
  for (int i = 0; i < 5; ++i) f.others.push_back(at(i, TrialState::complete, 2, 0.5 + 0.1 * i));
  return f;
}

TEST(MedianPruner, StopsATrialWhoseBestSoFarIsBelowTheMedian) {
  const Fixture f = median_fixture();
  EXPECT_TRUE(f.judge(at(9, TrialState::running, 2, 0.65), 2).prune);
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 2, 0.75), 2).prune);
  // Its best so far counts, not its last value: 0.8 at step 1 keeps it at step 2.
  EXPECT_FALSE(
      f.judge(trial(9, TrialState::running, {{1, {{"accuracy", 0.8}}}, {2, {{"accuracy", 0.6}}}}),
              2)
          .prune);
}

TEST(MedianPruner, WaitsForWarmupAndStartupTrialsAndCountsOnlyCompletedOnes) {
  Fixture f = median_fixture();
  f.config.warmup_steps = 3;
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 2, 0.1), 2).prune) << "step 2 < warm-up 3";
  f.config.warmup_steps = 0;
  f.config.startup_trials = 6;
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 2, 0.1), 2).prune) << "5 of 6 startup trials";
  f.others.push_back(at(5, TrialState::running, 2, 1.0));
  f.others.push_back(at(6, TrialState::pruned, 2, 1.0));
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 2, 0.1), 2).prune)
      << "running and pruned trials are not completed ones";
  f.config.startup_trials = 5;
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 3, 0.1), 3).prune) << "nobody reported step 3";
}

TEST(MedianPruner, WithSeveralObjectivesStopsOnlyWhenBehindOnEvery) {
  Fixture f;
  f.config.name = PrunerKind::median;
  f.objectives = {{"accuracy", Goal::maximize}, {"loss", Goal::minimize}};
  for (int i = 0; i < 5; ++i) {
    f.others.push_back(trial(i, TrialState::complete,
                             {{1, {{"accuracy", 0.5 + 0.1 * i}, {"loss", 1.0 - 0.1 * i}}}}));
  }  // medians: accuracy 0.7, loss 0.8
  EXPECT_FALSE(
      f.judge(trial(9, TrialState::running, {{1, {{"accuracy", 0.6}, {"loss", 0.5}}}}), 1).prune);
  EXPECT_TRUE(
      f.judge(trial(9, TrialState::running, {{1, {{"accuracy", 0.6}, {"loss", 0.9}}}}), 1).prune);
}

Fixture asha_fixture(PrunerKind kind) {
  Fixture f;
  f.config.name = kind;
  f.config.eta = 3;
  f.config.min_steps = 1;
  f.config.startup_trials = 5;
  return f;
}

TEST(AshaPruner, KeepsTheTopThirdAtEachRungWhateverTheOthersStates) {
  Fixture f = asha_fixture(PrunerKind::asha);
  const TrialState states[] = {TrialState::complete, TrialState::pruned, TrialState::running,
                               TrialState::complete, TrialState::fail};
  for (int i = 0; i < 5; ++i) f.others.push_back(at(i, states[i], 3, 0.5 + 0.1 * i));
  // Six at rung 3 (0.5 .. 0.9 and the judged one): ceil(6/3) = 2 go on.
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 3, 0.85), 3).prune) << "second of six";
  const PruneDecision third = f.judge(at(9, TrialState::running, 3, 0.75), 3);
  EXPECT_TRUE(third.prune);
  EXPECT_NE(third.reason.find("ranks 3 of 6"), std::string::npos) << third.reason;
  // Step 2 is no rung (rungs 1, 3, 9): no decision there.
  for (Trial& t : f.others) t.intermediate[2] = t.intermediate[3];
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 2, 0.1), 2).prune);
}

TEST(AshaPruner, WaitsForStartupTrialsAndIgnoresWaitingOnes) {
  Fixture f = asha_fixture(PrunerKind::asha);
  for (int i = 0; i < 4; ++i) f.others.push_back(at(i, TrialState::complete, 1, 0.9));
  f.others.push_back(at(4, TrialState::waiting, 1, 0.9));
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 1, 0.1), 1).prune);
  f.others.push_back(at(5, TrialState::complete, 1, 0.9));
  EXPECT_TRUE(f.judge(at(9, TrialState::running, 1, 0.1), 1).prune);
}

TEST(AshaPruner, RungsAreMinStepsTimesPowersOfEta) {
  study::PrunerConfig config;
  config.eta = 3;
  config.min_steps = 2;
  EXPECT_EQ(rung_steps(config, 60), (std::vector<std::int64_t>{2, 6, 18, 54}));
}

/// (accuracy, energy so far) at rung 1 for five trials on one front.
Fixture mo_fixture() {
  Fixture f = asha_fixture(PrunerKind::mo_asha);
  const double points[5][2] = {{0.9, 100}, {0.85, 50}, {0.8, 20}, {0.7, 10}, {0.6, 5}};
  for (int i = 0; i < 5; ++i)
    f.others.push_back(at(i, TrialState::complete, 1, points[i][0], points[i][1]));
  return f;
}

TEST(MoAshaPruner, StopsAnAccurateButWastefulTrialThatAshaKeeps) {
  Fixture f = mo_fixture();
  const Trial wasteful = at(9, TrialState::running, 1, 0.88, 200);  // dominated by (0.9, 100)
  const PruneDecision mo = f.judge(wasteful, 1);
  EXPECT_TRUE(mo.prune);
  EXPECT_NE(mo.reason.find("accuracy, energy.total"), std::string::npos) << mo.reason;
  f.config.name = PrunerKind::asha;
  EXPECT_FALSE(f.judge(wasteful, 1).prune) << "second best accuracy of six";
}

TEST(MoAshaPruner, RanksWithinAFrontByHypervolumeContribution) {
  Fixture f = mo_fixture();
  // On the front, but next to (0.9, 100) it adds almost nothing: ranked last of six.
  EXPECT_TRUE(f.judge(at(9, TrialState::running, 1, 0.89, 99), 1).prune);
  // Dominates four of them: front 0 with (0.6, 5) and a large contribution.
  EXPECT_FALSE(f.judge(at(9, TrialState::running, 1, 0.95, 8), 1).prune);
}

TEST(Pruner, NoneNeverStopsAndTheSameHistoryGivesTheSameDecision) {
  Fixture f = mo_fixture();
  const Trial judged = at(9, TrialState::running, 1, 0.89, 99);
  const PruneDecision first = f.judge(judged, 1);
  std::reverse(f.others.begin(), f.others.end());  // as another worker might read them
  const PruneDecision second = f.judge(judged, 1);
  EXPECT_EQ(first.prune, second.prune);
  EXPECT_EQ(first.reason, second.reason);
  f.config.name = PrunerKind::none;
  EXPECT_FALSE(f.judge(judged, 1).prune);
}

}  // namespace
}  // namespace ecopt::optim
