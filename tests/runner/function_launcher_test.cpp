// The tune loop over a function (FunctionLauncher): phases give derived objectives, what
// the function throws fails its trial with the message, and a stop interrupts it.
#include "ecopt/runner/function_launcher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "../storage/temp_dir.hpp"
#include "ecopt/optim/pruner.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::runner {
namespace {

struct Fixture {
  /// `run_keys`: more keys of `run` (", timeout: 1s"); `more`: more study-file lines.
  explicit Fixture(const std::string& run_keys = "", const std::string& more = "")
      : storage(storage::open_storage("sqlite:///" + dir.file("s.db"))),
        study(study::Study::create(
            *storage,
            study::parse_study_config("name: s\n"
                                      "parameters: {x: {type: float, low: 0, high: 1}}\n"
                                      "objectives: [{name: accuracy, goal: maximize},\n"
                                      "  {name: energy.inference.per_sample, goal: minimize}]\n"
                                      "sampler: {name: sobol, seed: 1}\n"
                                      "run: {runs_dir: " +
                                          dir.file("runs") + run_keys + "}\n" + more,
                                      "test.yaml"))) {
    settings.quiet = true;
    settings.meters.cpu_backend = "estimator";
    settings.meters.gpus = false;
    settings.sample_interval_s = 0.01;
  }

  TuneSummary run(const TrialFunction& function) {
    return optimize(study, function, settings, interrupt, out.get());
  }

  testing::TempDir dir;
  std::unique_ptr<storage::Storage> storage;
  study::Study study;
  TuneSettings settings;
  std::atomic<bool> interrupt{false};
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out{std::tmpfile(), &std::fclose};
};

TEST(FunctionLauncher, PhasesGiveDerivedObjectives) {
  Fixture f;
  f.settings.trials = 2;
  const TuneSummary summary = f.run([](InProcessTrial& trial) {
    trial.begin_phase("inference");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    (void)trial.end_phase("inference", 100);
    return std::map<std::string, double>{{"accuracy", 0.5}};
  });
  EXPECT_EQ(summary.completed, 2);
  for (const study::Trial& t : f.study.trials()) {
    ASSERT_EQ(t.state, study::TrialState::complete);
    ASSERT_EQ(t.values.size(), 2u);
    const auto inference = std::find_if(t.phases.begin(), t.phases.end(),
                                        [](const auto& p) { return p.phase == "inference"; });
    ASSERT_NE(inference, t.phases.end());
    EXPECT_DOUBLE_EQ(t.values[1], inference->total_energy_j() / 100);
    EXPECT_EQ(t.metric_uncertainties.count("energy.inference.per_sample"), 1u);
  }
}

TEST(FunctionLauncher, WhatTheFunctionThrowsFailsItsTrial) {
  Fixture f;
  f.settings.trials = 2;
  const TuneSummary summary = f.run([](InProcessTrial& trial) -> std::map<std::string, double> {
    if (trial.trial().number == 0) throw std::runtime_error("no GPU memory left");
    trial.begin_phase("inference");
    (void)trial.end_phase("inference", 1);
    return {{"accuracy", 0.5}};
  });
  EXPECT_EQ(summary.completed, 1);
  const study::Trial first = *f.storage->trial(f.study.id(), 0);
  EXPECT_EQ(first.state, study::TrialState::fail);
  EXPECT_EQ(first.failure_kind, study::FailureKind::crashed);
  EXPECT_NE(first.error.find("no GPU memory left"), std::string::npos) << first.error;
}

TEST(FunctionLauncher, InterruptStopsTheRunningTrialAndRequeuesIt) {
  Fixture f;
  std::atomic<bool> hook_called{false};
  const TuneSummary summary = f.run([&](InProcessTrial& trial) -> std::map<std::string, double> {
    trial.on_stop([&] { hook_called = true; });
    f.interrupt = true;  // Ctrl-C while the trial runs
    while (!trial.stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    trial.on_stop({});
    throw std::runtime_error("KeyboardInterrupt");
  });
  EXPECT_TRUE(summary.stopped_by_interrupt);
  EXPECT_TRUE(hook_called);
  const auto trials = f.study.trials();
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].failure_kind, study::FailureKind::interrupted);
  EXPECT_EQ(trials[1].state, study::TrialState::waiting);
  EXPECT_EQ(trials[1].params, trials[0].params);
}

/// Waits for should_prune() (the test's trial never returns without it), at most ~60 s.
bool wait_for_prune(const InProcessTrial& trial) {
  for (int i = 0; i < 6000 && !trial.should_prune(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return trial.should_prune();
}

TEST(FunctionLauncher, ThePrunerStopsAnInProcessTrialAsItDoesAProcess) {
  Fixture f("", "pruner: {name: median, startup_trials: 1}\n");
  f.settings.trials = 2;
  std::atomic<bool> saw_prune{false};
  std::atomic<bool> told_at_once{false};
  const TuneSummary summary = f.run([&](InProcessTrial& trial) -> std::map<std::string, double> {
    trial.begin_phase("inference");
    if (trial.trial().number == 0) {
      for (int step = 1; step <= 3; ++step) trial.report_step(step, {{"accuracy", 0.9}});
      (void)trial.end_phase("inference", 10);
      return {{"accuracy", 0.9}};
    }
    trial.report_step(1, {{"accuracy", 0.1}});  // below the median of trial 0's 0.9
    told_at_once = trial.should_prune();        // report_step waited for the verdict
    saw_prune = wait_for_prune(trial);
    (void)trial.end_phase("inference", 10);
    return {{"accuracy", 0.1}};  // returned anyway: the decision stands
  });
  EXPECT_TRUE(saw_prune);
  EXPECT_TRUE(told_at_once) << "report_step returned before its step was judged";
  EXPECT_EQ(summary.completed, 1);
  EXPECT_EQ(summary.pruned, 1);
  const study::Trial pruned = *f.storage->trial(f.study.id(), 1);
  EXPECT_EQ(pruned.state, study::TrialState::pruned);
  EXPECT_EQ(pruned.failure_kind, study::FailureKind::pruned);
  // Its curve, with the energy so far the runner adds, its phases and its energy.
  ASSERT_EQ(pruned.intermediate.count(1), 1u);
  EXPECT_DOUBLE_EQ(pruned.intermediate.at(1).at("accuracy"), 0.1);
  EXPECT_EQ(pruned.intermediate.at(1).count(optim::kEnergySoFarName), 1u);
  EXPECT_FALSE(pruned.phases.empty());
  EXPECT_GT(pruned.metrics.count("energy.total"), 0u);
}

TEST(FunctionLauncher, ATrialPastRunTimeoutIsToldToStopAndFailsAsTimedOut) {
  Fixture f(", timeout: 0.05s");
  f.settings.trials = 1;
  std::atomic<bool> told{false};
  const TuneSummary summary = f.run([&](InProcessTrial& trial) -> std::map<std::string, double> {
    EXPECT_FALSE(trial.stop_requested());  // not a Ctrl-C: the trial is not re-queued
    told = wait_for_prune(trial);
    return {{"accuracy", 0.5}};
  });
  EXPECT_TRUE(told);
  EXPECT_EQ(summary.failed, 1);
  const study::Trial t = f.study.trials().at(0);
  EXPECT_EQ(t.failure_kind, study::FailureKind::timeout);
  EXPECT_NE(t.error.find("in-process"), std::string::npos) << t.error;
  EXPECT_EQ(f.study.trials().size(), 1u);
}

TEST(InProcessTrial, PhasesNotRunningOrRunningTwiceAreBadInput) {
  Fixture f;
  f.settings.trials = 1;
  std::vector<std::string> errors;
  (void)f.run([&](InProcessTrial& trial) -> std::map<std::string, double> {
    auto expect_invalid = [&](const std::function<void()>& call) {
      try {
        call();
      } catch (const std::invalid_argument& e) {
        errors.push_back(e.what());
      }
    };
    expect_invalid([&] { (void)trial.end_phase("never"); });
    trial.begin_phase("p");
    expect_invalid([&] { trial.begin_phase("p"); });
    expect_invalid([&] { (void)trial.end_phase("p", -1); });
    expect_invalid([&] { trial.report("accuracy", std::nan("")); });
    trial.begin_phase("left-open");
    return {{"accuracy", 0.5}};
  });
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_NE(errors[0].find("not running"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("running already"), std::string::npos) << errors[1];
  // A phase left open is not recorded, and says so; the objective needs the inference phase.
  const study::Trial t = f.study.trials().at(0);
  EXPECT_EQ(t.failure_kind, study::FailureKind::no_objective);
}

}  // namespace
}  // namespace ecopt::runner
