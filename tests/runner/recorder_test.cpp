// The recorder: outcomes written in order, outages judged by the operation that failed.
#include "ecopt/runner/recorder.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "../storage/temp_dir.hpp"
#include "ecopt/study/study_file.hpp"
#include "switchable_storage.hpp"

namespace ecopt::runner {
namespace {

struct Events final : RecorderEvents {
  std::vector<std::string> warnings;
  int recorded_count = 0;
  int dropped_count = 0;
  void warning(const std::string& text) override { warnings.push_back(text); }
  void trial_warning(const study::Trial&, const std::string& text) override {
    warnings.push_back(text);
  }
  void recorded(const TrialOutcome&, bool dropped) override {
    ++recorded_count;
    dropped_count += dropped ? 1 : 0;
  }
};

struct Fixture {
  Fixture()
      : storage(dir.file("s.db")),
        study(study::Study::create(
            storage, study::parse_study_config("name: s\ncommand: [none]\n"
                                               "parameters: {x: {type: float, low: 0, high: 1}}\n"
                                               "objectives: [{name: accuracy, goal: maximize}]\n",
                                               "test.yaml"))) {
    settings.give_up_after_s = 0.0;
    settings.meter_json = "\"test\"";
    settings.unrecorded_file = dir.file("unrecorded.jsonl");
  }
  testing::TempDir dir;
  testing::SwitchableStorage storage;
  study::Study study;
  RecorderSettings settings;
  Events events;
};

TrialOutcome complete(const study::Trial& trial, double accuracy) {
  TrialOutcome o;
  o.finished.trial = trial;
  o.finished.run = MeasuredRun{};
  o.finished.run->total.phase = "total";
  study::PhaseMeasurement phase;
  phase.phase = "train";
  o.finished.run->phases.push_back(phase);
  o.finished.run->reports[1]["accuracy"] = accuracy / 2;
  o.values = {accuracy};
  return o;
}

TEST(Recorder, AReadThatWorksDoesNotEndAnOutageOfWrites) {
  Fixture f;
  Recorder recorder(f.study, f.settings, f.events);
  f.storage.read_only = true;
  EXPECT_FALSE(recorder.attempt(Access::write, [&] { (void)f.study.ask(); }));
  EXPECT_TRUE(recorder.in_outage());
  EXPECT_TRUE(recorder.attempt(Access::read, [&] { (void)f.study.trials(); }));
  EXPECT_TRUE(recorder.in_outage());  // reading works; writing still does not
  EXPECT_TRUE(recorder.outage_expired());
  f.storage.read_only = false;
  EXPECT_TRUE(recorder.attempt(Access::write, [&] { (void)f.study.ask(); }));
  EXPECT_FALSE(recorder.in_outage());
  EXPECT_EQ(f.events.warnings.back(), "the storage works again; recording the kept results");
}

TEST(Recorder, AnOutageOfReadsEndsWithAnyOperationThatWorks) {
  Fixture f;
  Recorder recorder(f.study, f.settings, f.events);
  EXPECT_FALSE(recorder.attempt(Access::read, [] { throw storage::StorageError("gone"); }));
  EXPECT_TRUE(recorder.in_outage());
  EXPECT_TRUE(recorder.attempt(Access::read, [] {}));
  EXPECT_FALSE(recorder.in_outage());
}

TEST(Recorder, AKeptOutcomeResumesAtTheWriteThatFailed) {
  Fixture f;
  Recorder recorder(f.study, f.settings, f.events);
  const study::Trial trial = f.study.ask();
  f.storage.read_only = true;
  recorder.record(complete(trial, 0.8));
  EXPECT_TRUE(recorder.pending());
  EXPECT_EQ(f.storage.failed_writes, 1);  // the first write failed, nothing after it was tried
  EXPECT_FALSE(recorder.flush());
  f.storage.read_only = false;
  EXPECT_TRUE(recorder.flush()) << ::testing::PrintToString(f.events.warnings);
  EXPECT_EQ(f.events.recorded_count, 1);
  const study::Trial stored = *f.study.storage().trial(f.study.id(), trial.number);
  EXPECT_EQ(stored.state, study::TrialState::complete);
  EXPECT_EQ(stored.phases.size(), 2u);  // train and total, each once
  EXPECT_DOUBLE_EQ(stored.intermediate.at(1).at("accuracy"), 0.4);
}

TEST(Recorder, AFailureIsStoredWithItsKindAndRetriedByIt) {
  Fixture f;
  f.settings.retry.retries = 1;
  Recorder recorder(f.study, f.settings, f.events);
  const study::Trial trial = f.study.ask();
  TrialOutcome o;
  o.finished.trial = trial;
  o.kind = study::FailureKind::timeout;
  o.reason = "timed out after 5 s";
  recorder.record(o);
  const study::Trial stored = *f.study.storage().trial(f.study.id(), trial.number);
  EXPECT_EQ(stored.state, study::TrialState::fail);
  EXPECT_EQ(stored.failure_kind, study::FailureKind::timeout);
  EXPECT_EQ(stored.error, "timed out after 5 s");
  const auto again = f.study.trials(study::TrialState::waiting);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].user_attrs.at("retry_of"), std::to_string(trial.number));
}

// Another worker failed the trial as stale while it ran: Study::tell says so as a value,
// and the result goes to the unrecorded-results file instead of being counted twice.
TEST(Recorder, AResultForATrialNoLongerRunningGoesToTheFile) {
  Fixture f;
  Recorder recorder(f.study, f.settings, f.events);
  const study::Trial trial = f.study.ask();
  ASSERT_TRUE(f.study.tell(trial, study::FailureKind::stale_requeued, "stale").recorded);
  recorder.record(complete(trial, 0.8));
  EXPECT_FALSE(recorder.pending());
  EXPECT_EQ(f.events.dropped_count, 1);
  EXPECT_NE(f.events.warnings.back().find("not RUNNING"), std::string::npos)
      << f.events.warnings.back();
  EXPECT_TRUE(std::filesystem::exists(f.dir.file("unrecorded.jsonl")));
  const study::Trial stored = *f.study.storage().trial(f.study.id(), trial.number);
  EXPECT_EQ(stored.failure_kind, study::FailureKind::stale_requeued);
}

TEST(Recorder, GivingUpWritesWhatWaitsAndSaysWhere) {
  Fixture f;
  Recorder recorder(f.study, f.settings, f.events);
  const study::Trial trial = f.study.ask();
  f.storage.read_only = true;
  recorder.record(complete(trial, 0.8));
  try {
    recorder.give_up({});
    FAIL() << "no StorageError";
  } catch (const storage::StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("wrote 1 unrecorded trial result(s) to " +
                                         f.dir.file("unrecorded.jsonl")),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ecopt::runner
