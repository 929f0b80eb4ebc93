// A trial's intermediate reports (src/runner/detail/report_steps): the per-trial step cap
// drops later steps with one protocol error that counts them, steps seen before are still
// merged, and the energy so far is added where the trial did not report it, alike for
// in-process trials and the process runner.
#include "../../src/runner/detail/report_steps.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "ecopt/optim/pruner.hpp"
#include "ecopt/runner/in_process_trial.hpp"

namespace ecopt::runner {
namespace {

/// A 1 W estimate: cumulative energy is the monotonic time, read cheaply.
class OneWattMeter final : public energy::Meter {
 public:
  std::string name() const override { return "one-watt"; }
  const std::vector<energy::DomainInfo>& domains() const override { return domains_; }
  energy::MeterReading read() override {
    const double now_s = energy::monotonic_now_s();
    return {now_s, {now_s}};
  }

 private:
  std::vector<energy::DomainInfo> domains_{
      {"cpu-estimate", energy::DomainKind::cpu_estimate, 0, 0, true, 0.5, true}};
};

TEST(ReportSteps, MergesAStepAndAddsTheEnergySoFarOnlyWhereItIsMissing) {
  MeasuredRun run;
  std::size_t dropped = 0;
  EXPECT_TRUE(detail::needs_energy_so_far(run, 1, {{"loss", 0.5}}));
  EXPECT_FALSE(detail::needs_energy_so_far(run, 1, {{optim::kEnergySoFarName, 3.0}}));
  auto kept = detail::record_step(run, 1, {{"loss", 0.5}}, 7.0, dropped);
  ASSERT_TRUE(kept);
  EXPECT_EQ(*kept, (detail::StepValues{{"loss", 0.5}, {optim::kEnergySoFarName, 7.0}}));
  kept = detail::record_step(run, 1, {{"acc", 0.9}, {optim::kEnergySoFarName, 2.0}}, 9.0, dropped);
  EXPECT_EQ(run.reports.at(1),
            (detail::StepValues{{"loss", 0.5}, {"acc", 0.9}, {optim::kEnergySoFarName, 2.0}}));
  EXPECT_EQ(dropped, 0u);
}

TEST(ReportSteps, PastTheCapNewStepsAreDroppedWithOneCountingError) {
  MeasuredRun run;
  std::size_t dropped = 0;
  for (std::size_t step = 0; step < kMaxReportStepsPerTrial; ++step)
    ASSERT_TRUE(
        detail::record_step(run, static_cast<std::int64_t>(step), {{"x", 1.0}}, 1.0, dropped));
  const auto over = static_cast<std::int64_t>(kMaxReportStepsPerTrial);
  EXPECT_FALSE(detail::needs_energy_so_far(run, over, {{"x", 1.0}}));  // no meter read for it
  for (int i = 0; i < 250; ++i) EXPECT_FALSE(detail::record_step(run, over + i, {}, 1.0, dropped));
  // A step seen before is still merged past the cap.
  EXPECT_TRUE(detail::needs_energy_so_far(run, 3, {{"x", 2.0}}));
  EXPECT_TRUE(detail::record_step(run, 3, {{"x", 2.0}}, 1.0, dropped));
  EXPECT_EQ(run.reports.at(3).at("x"), 2.0);
  EXPECT_EQ(dropped, 250u);
  detail::note_dropped_steps(run, dropped);
  ASSERT_EQ(run.protocol_errors.size(), 1u);
  EXPECT_NE(run.protocol_errors[0].find("250 later reports were dropped"), std::string::npos)
      << run.protocol_errors[0];
}

TEST(InProcessTrial, ReportsPastTheStepCapAddOneProtocolError) {
  OneWattMeter meter;
  energy::EnergySampler sampler(meter, {.interval_s = 3600.0});
  sampler.start();
  InProcessTrial trial(study::Trial{}, sampler, {});
  int hooked = 0;
  trial.on_report([&](std::int64_t step, const detail::StepValues&) {
    ++hooked;
    trial.verdict_after(step);  // the loop's "continue": report_step waits for it
  });
  trial.report_step(0, {{"loss", 1.0}});  // the energy so far is measured and added
  const auto cap = static_cast<std::int64_t>(kMaxReportStepsPerTrial);
  // The rest carry their own energy so far: no meter read each, so the test stays fast.
  for (std::int64_t step = 1; step < cap + 500; ++step)
    trial.report_step(step, {{"loss", 1.0}, {optim::kEnergySoFarName, 1.0}});
  const MeasuredRun run = trial.take_run();
  EXPECT_EQ(run.reports.size(), kMaxReportStepsPerTrial);
  EXPECT_EQ(hooked, cap);  // dropped steps never reach the pruner
  EXPECT_TRUE(run.reports.at(0).contains(optim::kEnergySoFarName));
  ASSERT_EQ(run.protocol_errors.size(), 1u);  // one line, not one per dropped report
  EXPECT_NE(run.protocol_errors[0].find("500 later reports were dropped"), std::string::npos)
      << run.protocol_errors[0];
}

/// A trial whose hook hands each report to `judge` on another thread, as the tune loop
/// judges it on its own.
struct JudgedTrial {
  explicit JudgedTrial(std::function<void(InProcessTrial&, std::int64_t)> judge) {
    sampler.start();
    trial.on_report([this, judge](std::int64_t step, const detail::StepValues&) {
      judge_thread = std::thread([this, judge, step] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the loop is slower
        judge(trial, step);
      });
    });
  }
  ~JudgedTrial() {
    if (judge_thread.joinable()) judge_thread.join();
  }
  OneWattMeter meter;
  energy::EnergySampler sampler{meter, {.interval_s = 3600.0}};
  InProcessTrial trial{study::Trial{}, sampler, {}};
  std::thread judge_thread;
};

TEST(InProcessTrial, AReportReturnsOnlyOnceItsStepIsJudged) {
  std::atomic<bool> judged{false};
  JudgedTrial t([&](InProcessTrial& trial, std::int64_t step) {
    judged = true;
    trial.verdict_after(step);
  });
  t.trial.report_step(1, {{"loss", 1.0}, {optim::kEnergySoFarName, 1.0}});
  EXPECT_TRUE(judged) << "report_step returned before the verdict on its step";
  EXPECT_FALSE(t.trial.should_prune());
}

TEST(InProcessTrial, APruneAnswersTheWaitingReport) {
  JudgedTrial t([](InProcessTrial& trial, std::int64_t) { trial.request_prune(); });
  t.trial.report_step(1, {{"loss", 1.0}, {optim::kEnergySoFarName, 1.0}});
  EXPECT_TRUE(t.trial.should_prune()) << "report_step returned before the prune";
}

TEST(InProcessTrial, AStopAnswersTheWaitingReport) {
  JudgedTrial t([](InProcessTrial& trial, std::int64_t) { trial.request_stop(); });
  t.trial.report_step(1, {{"loss", 1.0}, {optim::kEnergySoFarName, 1.0}});
  EXPECT_TRUE(t.trial.stop_requested()) << "report_step returned before the stop";
}

}  // namespace
}  // namespace ecopt::runner
