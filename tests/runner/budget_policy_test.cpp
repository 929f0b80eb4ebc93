// When tune stops starting trials: trials, energy (running trials included) and time.
#include "ecopt/runner/budget_policy.hpp"

#include <gtest/gtest.h>

namespace ecopt::runner {
namespace {

study::Trial finished(std::int64_t id, double energy_j,
                      study::TrialState state = study::TrialState::complete) {
  study::Trial t;
  t.id = id;
  t.number = id;
  t.state = state;
  study::PhaseMeasurement total;
  total.phase = "total";
  total.energy_j["cpu-package-0"] = energy_j;
  t.phases.push_back(total);
  t.started_unix_s = 1000.0 + static_cast<double>(id);
  return t;
}

study::Trial running(std::int64_t id, std::optional<double> heartbeat_energy_j = {}) {
  study::Trial t;
  t.id = id;
  t.number = id;
  t.state = study::TrialState::running;
  t.running_energy_j = heartbeat_energy_j;
  t.started_unix_s = 1000.0 + static_cast<double>(id);
  return t;
}

TEST(BudgetPolicy, NoBudgetNeverStops) {
  const BudgetPolicy policy;
  const BudgetCheck check = policy.check({finished(0, 5.0)}, {}, 1e6, 2e6);
  EXPECT_FALSE(check.spent);
  EXPECT_FALSE(check.trials_full);
}

TEST(BudgetPolicy, TrialBudgetCountsFinishedAndWaitsForRunning) {
  BudgetPolicy policy;
  policy.trials = 2;
  BudgetCheck check = policy.check({finished(0, 1.0), running(1)}, {}, 0, 0);
  EXPECT_FALSE(check.spent);
  EXPECT_TRUE(check.trials_full);  // one counted + one running fill it: wait, do not stop
  check = policy.check({finished(0, 1.0), finished(1, 1.0)}, {}, 0, 0);
  EXPECT_TRUE(check.spent);
  EXPECT_EQ(check.reason, "trial budget reached (2 trials)");
}

TEST(BudgetPolicy, TrialBudgetCountsByFailureKindNotByMessage) {
  BudgetPolicy policy;
  policy.trials = 2;
  auto failed = [](std::int64_t id, study::FailureKind kind, const std::string& error) {
    study::Trial t = finished(id, 1.0, study::TrialState::fail);
    t.failure_kind = kind;
    t.error = error;
    return t;
  };
  // Interrupted and re-queued stale trials run again as new trials: not counted, whatever
  // their message says.
  EXPECT_FALSE(policy
                   .check({failed(0, study::FailureKind::interrupted, "stopped by SIGTERM"),
                           failed(1, study::FailureKind::stale_requeued, "worker gone")},
                          {}, 0, 0)
                   .trials_full);
  // A crash whose message starts with "interrupted" counts.
  const BudgetCheck check =
      policy.check({failed(0, study::FailureKind::crashed, "interrupted system call"),
                    failed(1, study::FailureKind::stale, "stale: no heartbeat; re-queued")},
                   {}, 0, 0);
  EXPECT_TRUE(check.spent);
}

TEST(BudgetPolicy, EnergyBudgetCountsRunningTrialsOwnAndOthers) {
  BudgetPolicy policy;
  policy.energy_j = 10.0;
  const std::vector<study::Trial> all{finished(0, 4.0), running(1, 3.0), running(2)};
  EXPECT_FALSE(policy.check(all, {{2, 2.0}}, 0, 0).spent);  // 4 + 3 (heartbeat) + 2 (own)
  const BudgetCheck check = policy.check(all, {{2, 3.0}}, 0, 0);
  EXPECT_TRUE(check.spent);
  EXPECT_EQ(check.reason, "energy budget reached");
}

TEST(BudgetPolicy, TimeBudgetOfThisRunOrOfTheSharedStudy) {
  BudgetPolicy policy;
  policy.time_s = 100.0;
  const std::vector<study::Trial> all{finished(0, 1.0)};  // started at unix 1000
  EXPECT_FALSE(policy.check(all, {}, 50.0, 1150.0).spent);
  policy.shared = true;  // from the study's first trial: 150 s ago
  EXPECT_TRUE(policy.check(all, {}, 50.0, 1150.0).spent);
}

TEST(CommittedEnergy, ARunningTrialWithItsTotalRecordedCountsOnce) {
  study::Trial t = finished(0, 5.0);
  t.state = study::TrialState::running;
  t.running_energy_j = 4.0;
  EXPECT_DOUBLE_EQ(committed_energy_j({t}, {{0, 4.5}}), 5.0);
  EXPECT_DOUBLE_EQ(spent_energy_j({t, finished(1, 2.0)}), 7.0);
}

}  // namespace
}  // namespace ecopt::runner
