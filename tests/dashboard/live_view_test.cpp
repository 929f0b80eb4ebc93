// The dashboard's live parts from stored trials: running trials with their heartbeat's
// energy and power, failed trials split into reason and stderr tail, and the budget.
#include <gtest/gtest.h>

#include "dashboard/live_html.hpp"
#include "dashboard/live_view.hpp"
#include "ecopt/runner/trial_outcome.hpp"

namespace ecopt::dashboard {
namespace {

storage::StudyRecord record_with_budget() {
  storage::StudyRecord r;
  r.config.name = "s";
  r.config.budget.trials = 10;
  r.config.budget.energy_j = 1000.0;
  return r;
}

study::Trial finished(std::int64_t number, study::TrialState state, double energy_j) {
  study::Trial t;
  t.number = number;
  t.state = state;
  t.started_unix_s = 100.0 + static_cast<double>(number);
  t.finished_unix_s = 110.0 + static_cast<double>(number);
  study::PhaseMeasurement total;
  total.phase = "total";
  total.energy_j = {{"cpu-package-0", energy_j}};
  t.phases.push_back(total);
  return t;
}

TEST(LiveView, RunningTrialsCarryTheirHeartbeatsEnergyAndPower) {
  study::Trial t;
  t.number = 7;
  t.state = study::TrialState::running;
  t.host = "node1";
  t.worker_id = "w3";
  t.started_unix_s = 1000.0;
  t.heartbeat_unix_s = 1040.0;
  t.running_energy_j = 512.0;
  t.running_power_w = 12.5;
  const LiveView view = live_view(record_with_budget(), {t}, 1042.0);
  ASSERT_EQ(view.running.size(), 1u);
  const RunningTrial& r = view.running[0];
  EXPECT_EQ(r.number, 7);
  EXPECT_EQ(r.host, "node1");
  EXPECT_EQ(r.worker_id, "w3");
  EXPECT_DOUBLE_EQ(*r.elapsed_s, 42.0);
  EXPECT_DOUBLE_EQ(*r.energy_j, 512.0);
  EXPECT_DOUBLE_EQ(*r.power_w, 12.5);
  EXPECT_DOUBLE_EQ(*r.heartbeat_age_s, 2.0);
  const std::string html = live_html(view);
  EXPECT_NE(html.find("node1"), std::string::npos);
  EXPECT_NE(html.find("12.5 W"), std::string::npos);
}

TEST(LiveView, AFailureShowsItsReasonAndItsStderrTail) {
  study::Trial t = finished(3, study::TrialState::fail, 5.0);
  t.failure_kind = study::FailureKind::crashed;
  t.error = "exited with status 1\nsecond line";
  t.stderr_tail = "Traceback\n<script>alert(1)</script>";
  const FailedTrial f = failed_trial(t);
  EXPECT_EQ(f.kind, "crashed");
  EXPECT_EQ(f.reason, "exited with status 1");
  EXPECT_EQ(f.stderr_tail, "Traceback\n<script>alert(1)</script>");
  const std::string html = live_html(live_view(record_with_budget(), {t}, 200.0));
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "stderr is escaped";
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(LiveView, TheBudgetCountsRunningTrialsAndTheirEnergySoFar) {
  study::Trial running;
  running.number = 2;
  running.state = study::TrialState::running;
  running.started_unix_s = 105.0;
  running.running_energy_j = 50.0;
  const std::vector<study::Trial> trials = {finished(0, study::TrialState::complete, 100.0),
                                            finished(1, study::TrialState::fail, 20.0), running};
  const LiveView view = live_view(record_with_budget(), trials, 160.0);
  ASSERT_EQ(view.budget.size(), 3u);
  EXPECT_EQ(view.budget[0].quantity, "trials");
  EXPECT_DOUBLE_EQ(view.budget[0].used, 3.0);
  EXPECT_DOUBLE_EQ(*view.budget[0].left, 7.0);
  EXPECT_EQ(view.budget[1].quantity, "energy");
  EXPECT_DOUBLE_EQ(view.budget[1].used, 170.0);
  EXPECT_DOUBLE_EQ(*view.budget[1].left, 830.0);
  EXPECT_EQ(view.budget[2].quantity, "time");
  EXPECT_DOUBLE_EQ(view.budget[2].used, 60.0);  // since the first trial started
  EXPECT_FALSE(view.budget[2].limit.has_value());
  EXPECT_EQ(view.finished, 2);
}

TEST(LiveView, DurationsReadAsSecondsMinutesOrHours) {
  EXPECT_EQ(format_duration(42.4), "42 s");
  EXPECT_EQ(format_duration(200), "3 min 20 s");
  EXPECT_EQ(format_duration(7500), "2 h 05 min");
  EXPECT_EQ(format_duration(-1), "unknown");
}

}  // namespace
}  // namespace ecopt::dashboard
