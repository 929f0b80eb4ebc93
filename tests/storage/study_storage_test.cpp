// The study API on every storage backend (SQLite, and PostgreSQL when
// ECOPT_TEST_POSTGRES_URL names a server): ask/tell, enqueue, queries, stale trials,
// concurrent writers; then what only SQLite files can get wrong (bad, corrupt, locked).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "ecopt/storage/copy.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/study/stderr_tail.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "storage_backends.hpp"
#include "temp_dir.hpp"

namespace ecopt::study {
namespace {

using storage::StorageError;
using testing::OnEveryStorage;
using testing::TempDir;

StudyConfig two_objective_config(const std::string& name = "s",
                                 const std::string& sampler = "sobol", std::uint64_t seed = 1) {
  return parse_study_config("name: " + name + R"(
parameters:
  x: {type: float, low: 0, high: 1}
  width: {type: int, low: 4, high: 64, log: true}
  opt: {type: categorical, choices: [adam, sgd]}
  epochs: {type: fixed, value: 2}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy, goal: minimize}
constraints: ["accuracy >= 0.5"]
sampler: {name: )" + sampler +
                                ", seed: " + std::to_string(seed) + "}\n",
                            "test.yaml");
}

std::string expect_storage_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const StorageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no StorageError";
  return {};
}

TEST_P(OnEveryStorage, AskAndTellRecordNumberedTrials) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  for (int i = 0; i < 5; ++i) {
    const Trial trial = study.ask();
    EXPECT_EQ(trial.number, i);
    EXPECT_EQ(trial.state, TrialState::running);
    EXPECT_TRUE(study.config().space.check(trial.params).empty());
    EXPECT_EQ(trial.params.at("epochs"), space::Value{std::int64_t{2}});
    EXPECT_TRUE(study.tell(trial, {0.5 + 0.125 * i, 10.0 - i}, {{"flops", 1e6}}).recorded);
  }
  const auto complete = study.trials(TrialState::complete);
  ASSERT_EQ(complete.size(), 5u);
  EXPECT_EQ(complete[2].values, (std::vector<double>{0.75, 8.0}));
  EXPECT_EQ(complete[2].metrics.at("flops"), 1e6);
  EXPECT_TRUE(complete[2].finished_unix_s.has_value());
  // Reopening from disk gives the same study and trials.
  auto reopened = store().open();
  const Study again = Study::open(*reopened, "s");
  EXPECT_EQ(to_json_text(again.config()), to_json_text(study.config()));
  EXPECT_EQ(again.trials().size(), 5u);
}

TEST_P(OnEveryStorage, EnqueuedTrialsRunFirstAndAreValidated) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  (void)study.enqueue({{"x", 0.25}, {"width", std::int64_t{16}}, {"opt", std::string("sgd")}});
  (void)study.enqueue({{"x", 0.75}, {"width", 8.0}, {"opt", std::string("adam")}});
  const Trial first = study.ask();
  EXPECT_EQ(first.origin, TrialOrigin::enqueued);
  EXPECT_EQ(first.params.at("x"), space::Value{0.25});
  EXPECT_EQ(first.params.at("epochs"), space::Value{std::int64_t{2}});  // fixed filled in
  EXPECT_EQ(study.ask().params.at("width"), space::Value{std::int64_t{8}});
  EXPECT_EQ(study.ask().origin, TrialOrigin::sampler);
  try {
    (void)study.enqueue({{"x", 2.0}, {"opt", std::string("rmsprop")}, {"depth", std::int64_t{3}}});
    ADD_FAILURE() << "bad parameters accepted";
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("x = 2 is above the maximum 1"), std::string::npos) << message;
    EXPECT_NE(message.find("unknown parameter 'depth'"), std::string::npos) << message;
    EXPECT_NE(message.find("parameter 'width' is missing"), std::string::npos) << message;
    EXPECT_NE(message.find("opt = rmsprop is not one of the choices [adam, sgd]"),
              std::string::npos)
        << message;
  }
}

TEST_P(OnEveryStorage, TellChecksItsInputAndNeverCompletesTwice) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  const Trial trial = study.ask();
  EXPECT_THROW(study.tell(trial, {0.9}), std::invalid_argument);
  EXPECT_THROW(study.tell(trial, {0.9, NAN}), std::invalid_argument);
  EXPECT_TRUE(study.tell(trial, {0.9, 1.0}).recorded);
  const study::TellResult again = study.tell(trial, {0.8, 2.0});
  EXPECT_FALSE(again.recorded);
  EXPECT_NE(again.why_not.find("COMPLETE, not RUNNING"), std::string::npos) << again.why_not;
  EXPECT_EQ(study.trials()[0].values, (std::vector<double>{0.9, 1.0}));
  const Trial failing = study.ask();
  EXPECT_TRUE(study.tell(failing, TrialState::fail, "exit status 3").recorded);
  EXPECT_EQ(study.trials(TrialState::fail)[0].error, "exit status 3");
  EXPECT_THROW(study.tell(study.ask(), TrialState::complete, "no"), std::invalid_argument);
}

TEST_P(OnEveryStorage, ParetoSetAndBestTrialRespectConstraints) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  // (accuracy, energy): (0.9, 5) and (0.7, 2) are the feasible front; (0.4, 0.1) would
  // dominate on energy but breaks accuracy >= 0.5; (0.6, 6) is dominated.
  const std::vector<std::vector<double>> outcomes{{0.9, 5}, {0.7, 2}, {0.4, 0.1}, {0.6, 6}};
  for (const auto& values : outcomes) EXPECT_TRUE(study.tell(study.ask(), values).recorded);
  std::vector<std::int64_t> front;
  for (const Trial& t : study.pareto_set()) front.push_back(t.number);
  EXPECT_EQ(front, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(study.best_trial(0)->number, 0);
  EXPECT_EQ(study.best_trial(1)->number, 1);  // 0.1 J is infeasible
  EXPECT_EQ(study.feasible_trials().size(), 3u);
  // The most accurate model within an energy budget, and nothing when none qualifies.
  EXPECT_EQ(study.best_trial(0, {Constraint::parse("energy <= 3")})->number, 1);
  EXPECT_FALSE(study.best_trial(0, {Constraint::parse("energy <= 1")}).has_value());
  study.set_user_attr("baseline", "{\"trial\": 1}");
  auto reopened = store().open();
  EXPECT_EQ(Study::open(*reopened, "s").record().user_attrs.at("baseline"), "{\"trial\":1}");
  EXPECT_THROW(study.set_user_attr("bad", "{not json"), storage::StorageError);
}

TEST_P(OnEveryStorage, SameSeedSameSuggestionsDifferentSeedDifferent) {
  auto storage = store().open();
  for (const std::string sampler : {"sobol", "random"}) {
    Study a = Study::create(*storage, two_objective_config("a-" + sampler, sampler, 5));
    Study b = Study::create(*storage, two_objective_config("b-" + sampler, sampler, 5));
    Study c = Study::create(*storage, two_objective_config("c-" + sampler, sampler, 6));
    for (int i = 0; i < 6; ++i) {
      const Trial ta = a.ask(), tb = b.ask(), tc = c.ask();
      EXPECT_EQ(ta.params, tb.params) << sampler;
      EXPECT_NE(ta.params.at("x"), tc.params.at("x")) << sampler;
      EXPECT_TRUE(a.tell(ta, {0.5, 1}).recorded);
      EXPECT_TRUE(b.tell(tb, {0.5, 1}).recorded);
      EXPECT_TRUE(c.tell(tc, {0.5, 1}).recorded);
    }
  }
}

TEST_P(OnEveryStorage, StaleTrialsAreFailedOrRequeued) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  const Trial lost = study.ask();
  const Trial alive = study.ask();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  storage->heartbeat(alive.id, {});
  const auto failed = study.recover_stale_trials(0.2, storage::StaleAction::requeue);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].number, lost.number);
  const auto trials = study.trials();
  EXPECT_EQ(trials[0].state, TrialState::fail);
  EXPECT_NE(trials[0].error.find("stale: no heartbeat"), std::string::npos) << trials[0].error;
  EXPECT_EQ(trials[1].state, TrialState::running);
  ASSERT_EQ(trials.size(), 3u);
  EXPECT_EQ(trials[2].state, TrialState::waiting);
  EXPECT_EQ(trials[2].params, lost.params);
  EXPECT_EQ(trials[2].user_attrs.at("retry_of"), "0");
  // The re-queued trial runs next; the lost one can no longer be told.
  EXPECT_EQ(study.ask().params, lost.params);
  const study::TellResult late = study.tell(lost, {0.9, 1});
  EXPECT_FALSE(late.recorded);
  EXPECT_NE(late.why_not.find("stale: no heartbeat"), std::string::npos) << late.why_not;
  // With `fail`, nothing is re-queued.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(study.recover_stale_trials(0.2, storage::StaleAction::fail).size(), 2u);
  EXPECT_EQ(study.trials(TrialState::waiting).size(), 0u);
}

// The message says how long the worker was silent (PostgreSQL once read another column
// here and always said "0 s").
TEST_P(OnEveryStorage, StaleMessageSaysHowLongTheTrialWasSilent) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  const Trial lost = study.ask();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto failed = study.recover_stale_trials(1.0, storage::StaleAction::fail);
  ASSERT_EQ(failed.size(), 1u);
  const std::string error = storage->trial(study.id(), lost.number)->error;
  const std::string prefix = "stale: no heartbeat for ";
  ASSERT_EQ(error.rfind(prefix, 0), 0u) << error;
  // At least the 1.1 s slept; rounded down to whole seconds.
  EXPECT_GE(std::stoll(error.substr(prefix.size())), 1) << error;
  EXPECT_EQ(failed[0].error, error);
}

TEST_P(OnEveryStorage, RecordsPhasesIntermediateValuesAndAttributes) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  const Trial trial = study.ask();
  PhaseMeasurement inference;
  inference.phase = "inference";
  inference.start_monotonic_s = 10.0;
  inference.end_monotonic_s = 12.5;
  inference.duration_s = 2.5;
  inference.energy_j = {{"cpu-package-0", 30.0}, {"dram-0", 4.5}};
  inference.meter = "estimator";
  inference.estimated = true;
  inference.uncertainty_j = 17.25;
  inference.samples = 10000;
  inference.net_energy_j = {{"cpu-package-0", 20.0}, {"dram-0", 4.0}};
  inference.scope = "process";
  inference.attribution = {{"cpu-package-0", "cpu-time-share"}, {"gpu-0", "gpu-time-share"}};
  inference.notes = {"bridged a 0.3 s gap in the readings"};
  storage->record_phase(trial.id, inference);
  storage->record_intermediate(trial.id, 3, {{"accuracy", 0.85}});
  // Many steps in one transaction; an existing step is overwritten, not duplicated.
  storage->record_intermediate_steps(trial.id, {{1, {{"accuracy", 0.5}}},
                                                {3, {{"accuracy", 0.86}, {"loss", 0.2}}},
                                                {4, {{"accuracy", 0.9}}}});
  storage->set_trial_user_attr(trial.id, "flops", "2.1e7");
  storage->record_metrics(trial.id, {{"energy.inference.per_sample", 0.00345}},
                          {{"energy.inference.per_sample", 0.0017}});
  // A heartbeat carries the running trial's progress; an empty field keeps the old value.
  storage->heartbeat(trial.id, {.energy_j = 12.0, .power_w = 40.0});
  storage->heartbeat(trial.id, {.energy_j = 13.5, .power_w = std::nullopt});
  const Trial running = study.trials()[0];
  EXPECT_EQ(running.running_energy_j, 13.5);
  EXPECT_EQ(running.running_power_w, 40.0);
  EXPECT_TRUE(study.tell(trial, {0.9, 1.0}).recorded);
  const Trial stored = study.trials()[0];
  ASSERT_EQ(stored.phases.size(), 1u);
  EXPECT_EQ(stored.phases[0].energy_j, inference.energy_j);
  EXPECT_DOUBLE_EQ(stored.phases[0].total_energy_j(), 34.5);
  EXPECT_TRUE(stored.phases[0].estimated);
  EXPECT_EQ(stored.phases[0].samples, 10000);
  EXPECT_DOUBLE_EQ(stored.phases[0].total_net_energy_j(), 24.0);
  EXPECT_EQ(stored.phases[0].scope, "process");
  EXPECT_EQ(stored.phases[0].attribution, inference.attribution);
  EXPECT_EQ(stored.phases[0].notes, inference.notes);
  EXPECT_EQ(stored.metrics.at("energy.inference.per_sample"), 0.00345);
  EXPECT_EQ(stored.metric_uncertainties.at("energy.inference.per_sample"), 0.0017);
  ASSERT_EQ(stored.intermediate.size(), 3u);
  EXPECT_EQ(stored.intermediate.at(1).at("accuracy"), 0.5);
  EXPECT_EQ(stored.intermediate.at(3).at("accuracy"), 0.86);
  EXPECT_EQ(stored.intermediate.at(3).at("loss"), 0.2);
  EXPECT_EQ(stored.intermediate.at(4).at("accuracy"), 0.9);
  EXPECT_EQ(stored.user_attrs.at("flops"), "21000000.0");
}

TEST_P(OnEveryStorage, KeepsAFailedTrialsStderrTailBoundedAndValid) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  const Trial trial = study.ask();
  // What a trial may write: far too much, bytes that are not UTF-8, a NUL (PostgreSQL
  // refuses the last two in TEXT, so unsanitised they would lose the trial's result).
  std::string tail(20000, 'x');
  tail += std::string("\nbad \xFF\xFE bytes and a ") + '\0' + " NUL\nValueError: the end\n";
  ASSERT_TRUE(study.tell(trial, FailureKind::crashed, "exit status 1", tail).recorded);
  const Trial stored = *storage->trial(study.id(), trial.number);
  EXPECT_EQ(stored.error, "exit status 1");
  EXPECT_LE(stored.stderr_tail.size(), kMaxStderrTailBytes);
  const std::string end =
      "\nbad \xEF\xBF\xBD\xEF\xBF\xBD bytes and a \xEF\xBF\xBD NUL\n"
      "ValueError: the end\n";
  ASSERT_GE(stored.stderr_tail.size(), end.size());
  EXPECT_EQ(stored.stderr_tail.substr(stored.stderr_tail.size() - end.size()), end);
  // A study copied to another store keeps it.
  TempDir dir;
  auto copy = storage::open_storage("sqlite:///" + dir.file("copy.db"));
  (void)storage::copy_studies(*storage, *copy, {});
  const Study copied = Study::open(*copy, "s");
  EXPECT_EQ(copied.trials().at(0).stderr_tail, stored.stderr_tail);
}

TEST_P(OnEveryStorage, DuplicateStudyAndUnknownStudyAreClearErrors) {
  auto storage = store().open();
  (void)Study::create(*storage, two_objective_config("fashion"));
  EXPECT_NE(expect_storage_error([&] {
              (void)Study::create(*storage, two_objective_config("fashion"));
            }).find("a study named 'fashion' already exists"),
            std::string::npos);
  const std::string missing = expect_storage_error([&] { (void)Study::open(*storage, "cifar"); });
  EXPECT_NE(missing.find("no study named 'cifar'"), std::string::npos) << missing;
  EXPECT_NE(missing.find("it has: fashion"), std::string::npos) << missing;
  EXPECT_TRUE(storage->delete_study("fashion"));
  EXPECT_FALSE(storage->delete_study("fashion"));
}

TEST(Storage, RefusesDatabasesItCannotUse) {
  TempDir dir;
  {  // a text file
    std::ofstream(dir.file("notes.db")) << "these are my notes, not a database\n"
                                        << std::string(5000, 'x');
    const std::string message =
        expect_storage_error([&] { (void)storage::open_sqlite_storage(dir.file("notes.db")); });
    EXPECT_NE(message.find("not an ecopt database"), std::string::npos) << message;
  }
  {  // another program's SQLite database
    sqlite3* db = nullptr;
    sqlite3_open(dir.file("other.db").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE songs (title TEXT)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const std::string message =
        expect_storage_error([&] { (void)storage::open_sqlite_storage(dir.file("other.db")); });
    EXPECT_NE(message.find("was not written by ecopt"), std::string::npos) << message;
  }
  {  // written by a newer ecopt
    { auto storage = storage::open_sqlite_storage(dir.file("newer.db")); }
    sqlite3* db = nullptr;
    sqlite3_open(dir.file("newer.db").c_str(), &db);
    sqlite3_exec(db, "UPDATE ecopt_schema SET version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const std::string message =
        expect_storage_error([&] { (void)storage::open_sqlite_storage(dir.file("newer.db")); });
    EXPECT_NE(message.find("written by a newer ecopt (schema version 99"), std::string::npos)
        << message;
  }
  {  // a directory that does not exist
    const std::string message = expect_storage_error(
        [&] { (void)storage::open_sqlite_storage(dir.file("no/such/dir/s.db")); });
    EXPECT_NE(message.find("cannot open the database"), std::string::npos) << message;
  }
}

TEST(Storage, MigratesAnOlderSchemaForwardKeepingItsData) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    auto storage = storage::open_sqlite_storage(path);
    Study study = Study::create(*storage, two_objective_config());
    const Trial trial = study.ask();
    PhaseMeasurement phase;
    phase.phase = "train";
    phase.energy_j = {{"cpu-package-0", 5.0}};
    storage->record_phase(trial.id, phase);
    EXPECT_TRUE(study.tell(trial, {0.7, 5.0}).recorded);
  }
  // Turn the file back into a version-1 database, as an older ecopt wrote it.
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  ASSERT_EQ(
      sqlite3_exec(db,
                   "ALTER TABLE trial_phases DROP COLUMN net_energy_json; "
                   "ALTER TABLE trial_phases DROP COLUMN scope; "
                   "ALTER TABLE trial_phases DROP COLUMN details_json; "
                   "ALTER TABLE trials DROP COLUMN metric_uncertainties_json; "
                   "ALTER TABLE trials DROP COLUMN running_energy_j; "
                   "ALTER TABLE trials DROP COLUMN running_power_w; "
                   "ALTER TABLE trials DROP COLUMN failure_kind; "
                   "ALTER TABLE trials DROP COLUMN stderr_tail; "
                   "ALTER TABLE studies DROP COLUMN next_number; DROP TABLE applied_operations; "
                   "UPDATE ecopt_schema SET version = 1",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto storage = storage::open_sqlite_storage(path);
  const auto trials = Study::open(*storage, "s").trials();
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].values, (std::vector<double>{0.7, 5.0}));
  ASSERT_EQ(trials[0].phases.size(), 1u);
  EXPECT_EQ(trials[0].phases[0].energy_j.at("cpu-package-0"), 5.0);
  EXPECT_EQ(trials[0].phases[0].scope, "system");  // the migration's default
  EXPECT_TRUE(trials[0].phases[0].attribution.empty());
  EXPECT_TRUE(trials[0].metric_uncertainties.empty());
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* version = nullptr;
  sqlite3_prepare_v2(db, "SELECT version FROM ecopt_schema", -1, &version, nullptr);
  ASSERT_EQ(sqlite3_step(version), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(version, 0), storage::kSqliteSchemaVersion);
  sqlite3_finalize(version);
  sqlite3_close(db);
}

TEST(Storage, CorruptDatabaseGivesAClearErrorNotACrash) {
  TempDir dir;
  {
    auto storage = storage::open_sqlite_storage(dir.file("c.db"));
    Study study = Study::create(*storage, two_objective_config());
    for (int i = 0; i < 50; ++i) EXPECT_TRUE(study.tell(study.ask(), {0.6, 1.0 * i}).recorded);
  }
  // Overwrite everything after the 100-byte header with noise.
  std::fstream file(dir.file("c.db"), std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(100);
  for (int i = 0; i < 20000; ++i) file.put(static_cast<char>((i * 7919) & 0xff));
  file.close();
  std::remove(dir.file("c.db-wal").c_str());
  const std::string message = expect_storage_error([&] {
    auto storage = storage::open_sqlite_storage(dir.file("c.db"));
    Study study = Study::open(*storage, "s");
    (void)study.trials();
  });
  const bool clear = message.find("corrupt") != std::string::npos ||
                     message.find("not an ecopt database") != std::string::npos;
  EXPECT_TRUE(clear) << message;
}

TEST(Storage, LockedDatabaseIsRetriedThenReported) {
  TempDir dir;
  const std::string path = dir.file("l.db");
  auto storage = storage::open_sqlite_storage(path, {.busy_timeout_ms = 300});
  Study study = Study::create(*storage, two_objective_config());
  sqlite3* other = nullptr;
  sqlite3_open(path.c_str(), &other);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  const auto start = std::chrono::steady_clock::now();
  const std::string message = expect_storage_error([&] { (void)study.ask(); });
  const double waited_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(message.find("locked by another process"), std::string::npos) << message;
  EXPECT_GE(waited_s, 0.25);  // it retried for the busy timeout before giving up
  // Once the lock is released, the same storage works and nothing was lost.
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(study.tell(study.ask(), {0.7, 1.0}).recorded);
  EXPECT_EQ(study.trials(TrialState::complete).size(), 1u);
}

TEST_P(OnEveryStorage, ConcurrentWritersGetDistinctTrialNumbers) {
  {
    auto storage = store().open();
    (void)Study::create(*storage, two_objective_config());
  }
  constexpr int kThreads = 4, kTrialsEach = 25;
  std::vector<std::thread> workers;
  for (int w = 0; w < kThreads; ++w) {
    workers.emplace_back([this] {
      auto storage = store().open();  // own connection, like another process
      Study study = Study::open(*storage, "s");
      for (int i = 0; i < kTrialsEach; ++i)
        EXPECT_TRUE(study.tell(study.ask(), {0.6, 1.0}).recorded);
    });
  }
  for (auto& w : workers) w.join();
  auto storage = store().open();
  const auto trials = Study::open(*storage, "s").trials();
  ASSERT_EQ(trials.size(), static_cast<std::size_t>(kThreads * kTrialsEach));
  std::set<std::int64_t> numbers;
  for (const Trial& t : trials) {
    numbers.insert(t.number);
    EXPECT_EQ(t.state, TrialState::complete);
  }
  EXPECT_EQ(numbers.size(), trials.size());
  EXPECT_EQ(*numbers.rbegin(), kThreads * kTrialsEach - 1);
}

TEST(Storage, UrlsFollowOptunasForm) {
  TempDir dir;
  auto absolute = storage::open_storage("sqlite:///" + dir.file("abs.db"));  // "sqlite:////tmp/..."
  EXPECT_EQ(absolute->url(), "sqlite:///" + dir.file("abs.db"));
  EXPECT_THROW((void)storage::open_storage("mysql://x"), StorageError);
  EXPECT_THROW((void)storage::open_storage("sqlite:///"), StorageError);
  EXPECT_THROW((void)storage::open_storage("study.db"), StorageError);
}

TEST_P(OnEveryStorage, EnqueuedTrialsAreClaimedExactlyOnce) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  constexpr int kTrials = 40, kWorkers = 4;
  for (int i = 0; i < kTrials; ++i)
    (void)study.enqueue(
        {{"x", i / 100.0}, {"width", std::int64_t{8}}, {"opt", std::string("sgd")}});
  std::mutex mutex;
  std::multiset<double> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      auto own = store().open();
      Study mine = Study::open(*own, "s");
      for (int i = 0; i < kTrials / kWorkers; ++i) {
        const Trial t = mine.ask();
        ASSERT_EQ(t.origin, TrialOrigin::enqueued);
        std::lock_guard lock(mutex);
        claimed.insert(std::get<double>(t.params.at("x")));
      }
    });
  }
  for (auto& w : workers) w.join();
  ASSERT_EQ(claimed.size(), static_cast<std::size_t>(kTrials));
  EXPECT_EQ(std::set<double>(claimed.begin(), claimed.end()).size(), claimed.size());
  EXPECT_EQ(study.trials(TrialState::waiting).size(), 0u);
}

TEST_P(OnEveryStorage, StoresFailureKindsAndCountsBudgetsByKindNotByMessage) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  // Words that once meant "interrupted" from a user: a failure like any other.
  ASSERT_TRUE(study.tell(study.ask(), TrialState::fail, "interrupted by hand").recorded);
  ASSERT_TRUE(study.tell(study.ask(), FailureKind::interrupted, "stopped").recorded);
  ASSERT_TRUE(study.tell(study.ask(), FailureKind::timeout, "took too long").recorded);
  ASSERT_TRUE(study.tell(study.ask(), TrialState::pruned, "unpromising").recorded);
  EXPECT_THROW((void)study.tell(study.ask(), FailureKind::none, "no"), std::invalid_argument);
  const std::vector<Trial> trials = study.trials();
  EXPECT_EQ(trials[0].failure_kind, FailureKind::failed);
  EXPECT_EQ(trials[1].failure_kind, FailureKind::interrupted);
  EXPECT_EQ(trials[1].state, TrialState::fail);
  EXPECT_EQ(trials[2].failure_kind, FailureKind::timeout);
  EXPECT_EQ(trials[3].failure_kind, FailureKind::pruned);
  EXPECT_EQ(trials[3].state, TrialState::pruned);
  EXPECT_EQ(trials[4].failure_kind, FailureKind::none);  // still RUNNING
  // Counted: trials 0, 2, 3 and the RUNNING 4; not the interrupted 1.
  EXPECT_FALSE(study.ask_within_budget(4).has_value());
  EXPECT_TRUE(study.ask_within_budget(5).has_value());
  // Stale trials: `stale` when only failed, `stale_requeued` when run again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto requeued = study.recover_stale_trials(0.2, storage::StaleAction::requeue);
  ASSERT_EQ(requeued.size(), 2u);
  EXPECT_EQ(requeued[0].failure_kind, FailureKind::stale_requeued);
  EXPECT_EQ(storage->trial(study.id(), requeued[0].number)->failure_kind,
            FailureKind::stale_requeued);
  const Trial next = study.ask();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto failed = study.recover_stale_trials(0.2, storage::StaleAction::fail);
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(storage->trial(study.id(), next.number)->failure_kind, FailureKind::stale);
}

TEST_P(OnEveryStorage, ConcurrentWorkersShareOneTrialBudget) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config());
  constexpr int kBudget = 30, kWorkers = 4;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      auto own = store().open();
      Study mine = Study::open(*own, "s");
      int i = 0;
      while (auto t = mine.ask_within_budget(kBudget)) {
        // Interrupted trials do not count: their parameters are enqueued to run again.
        if (++i % 5 == 0 && w == 0) {
          EXPECT_TRUE(mine.tell(*t, FailureKind::interrupted, "interrupted").recorded);
          (void)mine.enqueue(t->params);
        } else {
          EXPECT_TRUE(mine.tell(*t, {0.6, 1.0}).recorded);
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  const auto trials = study.trials();
  std::int64_t counted = 0;
  for (const Trial& t : trials) counted += storage::counts_towards_budget(t) ? 1 : 0;
  EXPECT_EQ(counted, kBudget);
  EXPECT_EQ(study.trials(TrialState::complete).size(), static_cast<std::size_t>(kBudget));
  EXPECT_FALSE(study.ask_within_budget(kBudget).has_value());
  // A stale trial that is re-queued stops counting, so the budget has room for its rerun.
  EXPECT_TRUE(study.ask_within_budget(kBudget + 1).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_EQ(study.recover_stale_trials(0.2, storage::StaleAction::requeue).size(), 1u);
  const auto rerun = study.ask_within_budget(kBudget + 1);
  ASSERT_TRUE(rerun.has_value());
  EXPECT_EQ(rerun->origin, TrialOrigin::enqueued);
}

TEST_P(OnEveryStorage, CopiesStudiesBetweenBackendsKeepingEverything) {
  auto storage = store().open();
  Study study = Study::create(*storage, two_objective_config("copied"));
  (void)Study::create(*storage, two_objective_config("other"));
  const Trial done = study.ask();
  PhaseMeasurement phase;
  phase.phase = "train";
  phase.energy_j = {{"cpu-package-0", 12.5}};
  phase.estimated = true;
  phase.samples = 7;
  phase.attribution = {{"cpu-package-0", "whole"}};
  storage->record_phase(done.id, phase);
  storage->record_metrics(done.id, {{"energy.train.total", 12.5}}, {{"energy.train.total", 6.25}});
  storage->record_intermediate(done.id, 2, {{"accuracy", 0.5}});
  storage->set_trial_user_attr(done.id, "flops", "1000");
  EXPECT_TRUE(study.tell(done, {0.8, 3.0}, {{"latency", 0.25}}).recorded);
  EXPECT_TRUE(study.tell(study.ask(), FailureKind::crashed, "exit status 3").recorded);
  (void)study.ask();  // left RUNNING
  (void)study.enqueue({{"x", 0.5}, {"width", std::int64_t{16}}, {"opt", std::string("adam")}});
  study.set_user_attr("baseline", "{\"trial\": 0}");

  // Into the other backend when there is a server, else into another SQLite file.
  const bool to_postgres = !store().is_postgres() && testing::postgres_test_url() != nullptr;
  testing::BackendStore target(to_postgres ? "postgresql" : "sqlite");
  auto destination = target.open();
  const auto copied = storage::copy_studies(*storage, *destination, {"copied"});
  ASSERT_EQ(copied.size(), 1u);
  EXPECT_EQ(copied[0].trials, 4);
  Study copy = Study::open(*destination, "copied");
  EXPECT_EQ(to_json_text(copy.config()), to_json_text(study.config()));
  EXPECT_EQ(copy.record().user_attrs.at("baseline"), "{\"trial\":0}");
  EXPECT_DOUBLE_EQ(copy.record().created_unix_s, study.record().created_unix_s);
  const auto original = study.trials();
  const auto copied_trials = copy.trials();
  ASSERT_EQ(copied_trials.size(), original.size());
  EXPECT_EQ(copied_trials[1].failure_kind, FailureKind::crashed);
  for (std::size_t i = 0; i < original.size(); ++i) {
    const Trial& a = original[i];
    const Trial& b = copied_trials[i];
    EXPECT_EQ(a.number, b.number);
    EXPECT_EQ(a.state, b.state);
    EXPECT_EQ(a.origin, b.origin);
    EXPECT_EQ(a.params, b.params);
    EXPECT_EQ(a.values, b.values);
    EXPECT_EQ(a.metrics, b.metrics);
    EXPECT_EQ(a.metric_uncertainties, b.metric_uncertainties);
    EXPECT_EQ(a.constraint_values, b.constraint_values);
    EXPECT_EQ(a.intermediate, b.intermediate);
    EXPECT_EQ(a.user_attrs, b.user_attrs);
    EXPECT_EQ(a.host, b.host);
    EXPECT_EQ(a.worker_id, b.worker_id);
    EXPECT_EQ(a.error, b.error);
    EXPECT_EQ(a.failure_kind, b.failure_kind);
    EXPECT_DOUBLE_EQ(a.created_unix_s, b.created_unix_s);
    EXPECT_EQ(a.finished_unix_s, b.finished_unix_s);
    ASSERT_EQ(a.phases.size(), b.phases.size());
    for (std::size_t p = 0; p < a.phases.size(); ++p) {
      EXPECT_EQ(a.phases[p].energy_j, b.phases[p].energy_j);
      EXPECT_EQ(a.phases[p].estimated, b.phases[p].estimated);
      EXPECT_EQ(a.phases[p].samples, b.phases[p].samples);
      EXPECT_EQ(a.phases[p].attribution, b.phases[p].attribution);
    }
  }
  // The copy goes on where the original stopped: the enqueued trial, then number 4.
  EXPECT_EQ(copy.ask().number, 3);
  EXPECT_EQ(copy.ask().number, 4);
  // Copying again is refused before anything is written.
  const std::string again =
      expect_storage_error([&] { (void)storage::copy_studies(*storage, *destination); });
  EXPECT_NE(again.find("study 'copied' already exists"), std::string::npos) << again;
  EXPECT_FALSE(destination->find_study("other").has_value());
  EXPECT_NE(expect_storage_error([&] {
              (void)storage::copy_studies(*storage, *destination, {"missing"});
            }).find("no study named 'missing'"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, OnEveryStorage, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& backend) { return backend.param; });

TEST(Storage, RedactsPasswordsInUrls) {
  EXPECT_EQ(storage::redact_url("postgresql://ana:s3cret@db.example:5432/ecopt"),
            "postgresql://ana:***@db.example:5432/ecopt");
  EXPECT_EQ(storage::redact_url("postgresql://ana@db/ecopt?password=s3cret&sslmode=require"),
            "postgresql://ana@db/ecopt?password=***&sslmode=require");
  EXPECT_EQ(storage::redact_url("postgres://db/ecopt"), "postgres://db/ecopt");
  EXPECT_EQ(storage::redact_url("sqlite:///study.db"), "sqlite:///study.db");
}

}  // namespace
}  // namespace ecopt::study
