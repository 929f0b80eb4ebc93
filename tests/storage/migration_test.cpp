// Opening a database written by an older ecopt migrates it forward: the tests load dumps
// of older schemas (tests/data/storage) and open them. From the last schema before trials
// had a failure_kind: every row is classified from its old message, budgets count by the
// kind, and new writes store kinds. From the last before trials had a stderr_tail: the
// tails older versions appended to the error move to their own column, once, and every
// trial is kept. PostgreSQL cases skip without a server.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/study/study.hpp"
#include "storage_backends.hpp"

namespace ecopt::study {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot read " << path;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class MigratesOldSchema : public testing::OnEveryStorage {
 protected:
  /// Fills the fresh, empty store with the dump of an older schema, as an older ecopt left
  /// it: by default the last before failure_kind.
  void load_old_dump(const std::string& sqlite_dump = "sqlite-schema-v3.sql",
                     const std::string& postgres_dump = "postgres-schema-v2.sql") {
    const bool postgres = store().is_postgres();
    const std::string dump = read_file(std::string(ECOPT_TEST_DATA_DIR) + "/storage/" +
                                       (postgres ? postgres_dump : sqlite_dump));
    if (postgres) {
      ASSERT_EQ(testing::postgres_admin(dump, store().url()), "");
      return;
    }
    const std::string path = store().url().substr(std::string("sqlite:///").size());
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, dump.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }
};

TEST_P(MigratesOldSchema, ClassifiesEveryOldTrialFromItsMessageOnce) {
  load_old_dump();
  auto storage = store().open();
  const Study study = Study::open(*storage, "legacy");
  const std::vector<FailureKind> expected{
      FailureKind::none,    FailureKind::interrupted,  FailureKind::stale_requeued,
      FailureKind::stale,   FailureKind::timeout,      FailureKind::killed_by_signal,
      FailureKind::crashed, FailureKind::no_objective, FailureKind::launch_failed,
      FailureKind::failed,  FailureKind::pruned,       FailureKind::none,
      FailureKind::none};
  const std::vector<Trial> trials = study.trials();
  ASSERT_EQ(trials.size(), expected.size());
  for (std::size_t i = 0; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].failure_kind, expected[i])
        << "trial " << trials[i].number << " (" << trials[i].error << ") read as "
        << to_string(trials[i].failure_kind);
  }
  // The messages stay as they were, for people, but for the stderr tail that a later step
  // moves to its own column.
  EXPECT_EQ(trials[1].error, "interrupted");
  EXPECT_EQ(trials[6].error, "exit status 3");
  EXPECT_EQ(trials[6].stderr_tail, "boom");
}

TEST_P(MigratesOldSchema, BudgetsCountTheMigratedTrialsByKind) {
  load_old_dump();
  auto storage = store().open();
  Study study = Study::open(*storage, "legacy");
  // Counted: the RUNNING trial and the nine finished ones that are neither interrupted nor
  // stale and re-queued.
  EXPECT_FALSE(study.ask_within_budget(10).has_value());
  EXPECT_TRUE(study.ask_within_budget(11).has_value());
  // The per-study trial counter goes on after the old trials (SQLite's migration fills it
  // in from them).
  EXPECT_EQ(study.ask().number, 13);
}

TEST_P(MigratesOldSchema, OpeningAgainChangesNothing) {
  load_old_dump();
  std::int64_t told_number = -1;
  {
    auto first = store().open();
    Study study = Study::open(*first, "legacy");
    // A user's FAIL whose words look like an old interrupted message: its kind is what
    // counts, and a second open must not read the text again.
    const Trial trial = study.ask();
    told_number = trial.number;
    ASSERT_TRUE(
        study.tell(trial, TrialState::fail, "interrupted by the user's own script").recorded);
  }
  auto second = store().open();
  const Study study = Study::open(*second, "legacy");
  const std::optional<Trial> told = second->trial(study.id(), told_number);
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->error, "interrupted by the user's own script");
  EXPECT_EQ(told->failure_kind, FailureKind::failed);
  EXPECT_EQ(second->trial(study.id(), 1)->failure_kind, FailureKind::interrupted);
}

TEST_P(MigratesOldSchema, MovesEachStderrTailOutOfTheErrorAndKeepsEveryTrial) {
  load_old_dump("sqlite-schema-v5.sql", "postgres-schema-v3.sql");
  auto storage = store().open();
  const Study study = Study::open(*storage, "legacy");
  const std::vector<Trial> trials = study.trials();
  ASSERT_EQ(trials.size(), 8u);
  EXPECT_EQ(trials[0].state, TrialState::complete);
  EXPECT_EQ(trials[0].values, std::vector<double>{0.25});
  ASSERT_EQ(trials[0].phases.size(), 1u);
  EXPECT_DOUBLE_EQ(trials[0].phases[0].total_energy_j(), 400.0);
  EXPECT_EQ(trials[1].error, "exit status 3");
  EXPECT_EQ(trials[1].stderr_tail,
            "Traceback (most recent call last)\nRuntimeError: CUDA out of memory\n");
  EXPECT_EQ(trials[1].failure_kind, FailureKind::crashed);
  EXPECT_EQ(trials[2].error, "killed by SIGSEGV");
  EXPECT_EQ(trials[2].stderr_tail, "free(): invalid pointer\n");
  // Without the marker, a message stays whole, however many lines it has.
  EXPECT_EQ(trials[3].error, "out of memory\nsee the node's dmesg");
  EXPECT_EQ(trials[3].stderr_tail, "");
  EXPECT_EQ(trials[4].state, TrialState::pruned);
  EXPECT_EQ(trials[4].error, "pruned at step 3");
  EXPECT_EQ(trials[5].error, "interrupted");
  EXPECT_EQ(trials[6].error, "did not report objective 'loss' (reported metrics: none; phases: 0)");
  EXPECT_EQ(trials[6].stderr_tail, "warning: no GPU\n");
  EXPECT_EQ(trials[7].error, "exit status 1");
  // SQLite kept the bytes a trial wrote, malformed UTF-8 too; they read as U+FFFD.
  EXPECT_EQ(trials[7].stderr_tail,
            store().is_postgres() ? "bad bytes: \n" : "bad bytes: \xEF\xBF\xBD\xEF\xBF\xBD\n");
}

TEST_P(MigratesOldSchema, SplitsOnlyOnceAndNewTailsAreStoredApart) {
  load_old_dump("sqlite-schema-v5.sql", "postgres-schema-v3.sql");
  std::int64_t told_number = -1;
  const std::string marker = "\n--- last lines of stderr ---\n";
  {
    auto first = store().open();
    Study study = Study::open(*first, "legacy");
    // A reason that happens to hold the old marker: written after the migration, it is
    // the user's text, and a second open must not split it.
    const Trial trial = study.ask();
    told_number = trial.number;
    ASSERT_TRUE(study
                    .tell(trial, FailureKind::crashed, "exit status 2" + marker + "quoted",
                          "the real tail\n")
                    .recorded);
  }
  auto second = store().open();
  const Study study = Study::open(*second, "legacy");
  const std::optional<Trial> told = second->trial(study.id(), told_number);
  ASSERT_TRUE(told.has_value());
  EXPECT_EQ(told->error, "exit status 2" + marker + "quoted");
  EXPECT_EQ(told->stderr_tail, "the real tail\n");
  EXPECT_EQ(second->trial(study.id(), 1)->stderr_tail,
            "Traceback (most recent call last)\nRuntimeError: CUDA out of memory\n");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigratesOldSchema, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace ecopt::study
