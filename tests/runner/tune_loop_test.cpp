// The tune loop with trials that run no process (FakeLauncher) over a SQLite storage that
// can turn read-only (SwitchableStorage): budgets, retries, Ctrl-C, outages, joining.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <thread>

#include "../storage/temp_dir.hpp"
#include "ecopt/runner/run_layout.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/study/study_file.hpp"
#include "fake_launcher.hpp"
#include "switchable_storage.hpp"

namespace ecopt::runner {
namespace {

using testing::FakeLauncher;

struct Fixture {
  /// `run_extra`: more keys of run:, e.g. ", retries: 1"; `keys`: more top-level lines.
  explicit Fixture(const std::string& run_extra = "", const std::string& keys = "")
      : storage(dir.file("s.db")),
        study(study::Study::create(
            storage, study::parse_study_config("name: s\ncommand: [none]\n"
                                               "parameters: {x: {type: float, low: 0, high: 1}}\n"
                                               "objectives: [{name: accuracy, goal: maximize}]\n"
                                               "sampler: {name: sobol, seed: 1}\n"
                                               "run: {runs_dir: " +
                                                   dir.file("runs") + run_extra + "}\n" + keys,
                                               "test.yaml"))) {
    settings.quiet = true;
    settings.unrecorded_file = dir.file("unrecorded.jsonl");
  }

  TuneSummary run(TrialLauncher& launcher) {
    return tune(study, settings, launcher, interrupt, out.get());
  }

  testing::TempDir dir;
  testing::SwitchableStorage storage;
  study::Study study;
  TuneSettings settings;
  std::atomic<bool> interrupt{false};
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> out{std::tmpfile(), &std::fclose};
};

TEST(TuneLoop, RunsTheTrialBudgetAndRecordsEachTrial) {
  Fixture f;
  f.settings.trials = 4;
  FakeLauncher launcher;
  const TuneSummary summary = f.run(launcher);
  EXPECT_EQ(summary.completed, 4);
  EXPECT_EQ(summary.stop_reason, "trial budget reached (4 trials)");
  const auto trials = f.study.trials(study::TrialState::complete);
  ASSERT_EQ(trials.size(), 4u);
  EXPECT_DOUBLE_EQ(trials[3].values.at(0), 0.3);
  EXPECT_EQ(trials[0].user_attrs.at("meter"), "\"fake\"");
}

TEST(TuneLoop, CollectsEachTrialAsItFinishes) {
  Fixture f;
  f.settings.trials = 5;
  FakeLauncher launcher;
  (void)f.run(launcher);
  EXPECT_EQ(launcher.launched, 5);
  EXPECT_EQ(launcher.most_alive, 1);  // with one job, each was joined before the next started
  EXPECT_EQ(launcher.alive, 0);
}

TEST(TuneLoop, TrialOutputGoesToTheKeyedLayout) {
  Fixture f;
  f.settings.trials = 2;
  FakeLauncher launcher;
  (void)f.run(launcher);
  const RunLayout layout = RunLayout::of(f.study.record(), f.storage.url());
  ASSERT_EQ(launcher.output_dirs.size(), 2u);
  EXPECT_EQ(launcher.output_dirs[1], layout.trial_dir(1));
  EXPECT_NE(layout.root().filename(), "s");  // RUNS_DIR/s/KEY, not RUNS_DIR/s
}

TEST(TuneLoop, AnUnwritableRunsDirStopsBeforeAnyTrial) {
  Fixture f;
  std::filesystem::remove_all(f.dir.file("runs"));
  std::ofstream(f.dir.file("runs")) << "a file, not a folder";
  f.settings.trials = 3;
  FakeLauncher launcher;
  EXPECT_THROW((void)f.run(launcher), std::runtime_error);
  EXPECT_EQ(launcher.launched, 0);
  EXPECT_TRUE(f.study.trials().empty());
}

// Each judged report is answered: a continue for every step the pruner let go, until the
// prune, so a client waiting in report() for its step's verdict never waits it out
// (docs/protocol.md).
TEST(TuneLoop, EveryJudgedReportGetsAVerdict) {
  Fixture f("", "pruner: {name: asha, eta: 2, startup_trials: 1}\n");
  f.settings.trials = 2;
  FakeLauncher launcher;
  launcher.reports = [](const study::Trial& t) {  // trial 1 worse at step 1: pruned there
    const double accuracy = 1.0 - 0.1 * static_cast<double>(t.number);
    return std::vector<StepReport>{{1, {{"accuracy", accuracy}}}, {2, {{"accuracy", accuracy}}}};
  };
  (void)f.run(launcher);
  using Verdict = std::pair<std::int64_t, std::int64_t>;  // trial number, step
  EXPECT_EQ(launcher.continued, (std::vector<Verdict>{{0, 1}, {0, 2}}));
  EXPECT_EQ(launcher.prune_requests, (std::vector<std::int64_t>{1}));
}

// A trial that exits by itself before the pruner's request reaches it ran as far as it
// meant to (all its steps, or fewer by its own early stopping) and its values are its own:
// it is COMPLETE, with its curve, and nothing counts it as pruned (docs/pruning.md).
TEST(TuneLoop, ATrialThatExitedBeforeThePruneRequestIsRecordedAsItEnded) {
  Fixture f("", "pruner: {name: asha, eta: 2, startup_trials: 1}\n");
  f.settings.trials = 3;
  FakeLauncher launcher;
  launcher.reports = [](const study::Trial& t) {  // each trial worse than the one before
    return std::vector<StepReport>{{1, {{"accuracy", 1.0 - 0.1 * static_cast<double>(t.number)}}}};
  };
  const TuneSummary summary = f.run(launcher);
  EXPECT_EQ(launcher.prune_requests, (std::vector<std::int64_t>{1, 2}));  // asked, too late
  EXPECT_EQ(summary.completed, 3);
  EXPECT_EQ(summary.pruned, 0);
  const auto trials = f.study.trials(study::TrialState::complete);
  ASSERT_EQ(trials.size(), 3u);
  for (const study::Trial& t : trials) {
    EXPECT_EQ(t.values.size(), 1u) << t.number;  // its final value, from its own result
    ASSERT_TRUE(t.intermediate.contains(1)) << t.number;
    EXPECT_DOUBLE_EQ(t.intermediate.at(1).at("accuracy"),
                     1.0 - 0.1 * static_cast<double>(t.number));
  }
}

// Without a pruner nothing judges a running trial's reports, yet they go to the storage as
// they come (with the heartbeats), so that a reader of the storage (the dashboard) sees
// its learning curve grow while it runs.
TEST(TuneLoop, ARunningTrialsReportsAreStoredWhileItRuns) {
  Fixture f;
  f.settings.trials = 1;
  f.settings.heartbeat_interval_s = 0.05;
  FakeLauncher launcher;
  launcher.hang = true;
  launcher.reports = [](const study::Trial&) {
    return std::vector<StepReport>{{1, {{"accuracy", 0.25}}}, {2, {{"accuracy", 0.5}}}};
  };
  std::map<std::int64_t, std::map<std::string, double>> seen;
  const std::int64_t id = f.study.record().id;
  std::thread reader([&] {
    auto storage = storage::open_sqlite_storage(f.dir.file("s.db"));
    for (int i = 0; i < 1200 && seen.size() < 2; ++i) {  // 60 s at most
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      for (const study::Trial& t : storage->trials(id, study::TrialState::running))
        seen = t.intermediate;
    }
    f.interrupt = true;
  });
  (void)f.run(launcher);
  reader.join();
  ASSERT_EQ(seen.size(), 2u) << "the running trial's reports were not in the storage";
  EXPECT_DOUBLE_EQ(seen.at(2).at("accuracy"), 0.5);
}

TEST(TuneLoop, FailedTrialsAreRetriedAndCountTowardsTheBudget) {
  Fixture f(", retries: 1");
  f.settings.trials = 2;
  FakeLauncher launcher;
  launcher.script = [](const study::Trial&) {
    MeasuredRun run;
    run.exit_status = 3;
    run.stderr_tail = "Traceback\nValueError: bad \xff byte\n";
    return run;
  };
  const TuneSummary summary = f.run(launcher);
  EXPECT_EQ(summary.failed, 2);
  const auto trials = f.study.trials();
  ASSERT_EQ(trials.size(), 2u);  // the failure, and its one retry (which failed too)
  EXPECT_EQ(trials[1].params, trials[0].params);
  EXPECT_EQ(trials[1].user_attrs.at("retry_of"), "0");
  EXPECT_EQ(trials[0].error, "exit status 3");
  // The stderr tail is stored apart from the reason, as valid UTF-8.
  EXPECT_EQ(trials[0].stderr_tail, "Traceback\nValueError: bad \xEF\xBF\xBD byte\n");
  EXPECT_EQ(trials[0].failure_kind, study::FailureKind::crashed);
  EXPECT_EQ(trials[1].failure_kind, study::FailureKind::crashed);
}

TEST(TuneLoop, CtrlCStopsRunningTrialsAndRequeuesThem) {
  Fixture f;
  f.settings.trials = 10;
  f.settings.jobs = 2;
  FakeLauncher launcher;
  launcher.hang = true;
  std::thread press([&] {
    while (launcher.launched < 2) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    f.interrupt = true;
  });
  const TuneSummary summary = f.run(launcher);
  press.join();
  EXPECT_EQ(summary.stop_reason, "interrupted");
  EXPECT_TRUE(summary.stopped_by_interrupt);
  EXPECT_EQ(summary.interrupted, 2);
  const auto stopped = f.study.trials(study::TrialState::fail);
  ASSERT_EQ(stopped.size(), 2u);
  for (const study::Trial& t : stopped) EXPECT_EQ(t.failure_kind, study::FailureKind::interrupted);
  EXPECT_EQ(f.study.trials(study::TrialState::waiting).size(), 2u);  // re-queued
}

// A database that can be read but not written (a read-only file): the reads that work
// must not end the outage, or tune retries forever instead of giving up.
TEST(TuneLoop, AReadOnlyStorageIsAnOutageThatEndsInGivingUp) {
  Fixture f;
  f.settings.trials = 3;
  f.settings.give_up_after_s = 0.3;
  f.storage.read_only = true;
  FakeLauncher launcher;
  try {
    (void)f.run(launcher);
    FAIL() << "no StorageError";
  } catch (const storage::StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("gave up on the storage"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("readonly"), std::string::npos) << e.what();
  }
  EXPECT_EQ(launcher.launched, 0);
}

TEST(TuneLoop, AResultTheStorageCannotTakeGoesToTheFile) {
  Fixture f;
  f.settings.trials = 1;
  f.settings.give_up_after_s = 0.3;
  FakeLauncher launcher;
  launcher.script = [&](const study::Trial& t) {
    f.storage.read_only = true;  // the storage goes read-only while the trial runs
    MeasuredRun run;
    run.metrics["accuracy"] = 0.5 + static_cast<double>(t.number);
    return run;
  };
  EXPECT_THROW((void)f.run(launcher), storage::StorageError);
  std::ifstream file(f.dir.file("unrecorded.jsonl"));
  std::string line;
  ASSERT_TRUE(std::getline(file, line));
  EXPECT_NE(line.find("\"COMPLETE\""), std::string::npos) << line;
}

}  // namespace
}  // namespace ecopt::runner
