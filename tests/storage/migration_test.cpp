// Opening a database written by an older ecopt migrates it forward: the test loads a dump
// of the last schema before trials had a failure_kind (tests/data/storage), opens it and
// checks that every row was classified from its old message, that budgets count by the
// kind, and that new writes store kinds. PostgreSQL cases skip without a server.
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
  /// Fills the fresh, empty store with the dump of the older schema, as an older ecopt
  /// left it.
  void load_old_dump() {
    const bool postgres = store().is_postgres();
    const std::string dump =
        read_file(std::string(ECOPT_TEST_DATA_DIR) + "/storage/" +
                  (postgres ? "postgres-schema-v2.sql" : "sqlite-schema-v3.sql"));
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
  // The messages stay as they were, for people.
  EXPECT_EQ(trials[1].error, "interrupted");
  EXPECT_EQ(trials[6].error, "exit status 3\n--- last lines of stderr ---\nboom");
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

INSTANTIATE_TEST_SUITE_P(Backends, MigratesOldSchema, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace ecopt::study
