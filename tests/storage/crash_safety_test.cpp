// SIGKILL at any moment leaves the SQLite study consistent with every completed trial
// intact: a child writes trials in a loop and is killed at random moments, 25 times.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <random>
#include <set>
#include <thread>

#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace ecopt::study {
namespace {

std::string integrity_check(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
  std::string result;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    result += reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return result;
}

TEST(CrashSafety, RandomSigkillsNeverLoseOrHalfWriteATrial) {
  testing::TempDir dir;
  const std::string path = dir.file("crash.db");
  {
    auto storage = storage::open_sqlite_storage(path);
    (void)Study::create(*storage, parse_study_config(R"(
name: crash
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}, {name: energy, goal: minimize}]
sampler: {name: random, seed: 3}
)",
                                                     "crash.yaml"));
  }
  std::mt19937 rng(2026);
  std::uniform_int_distribution<int> delay_ms(5, 120);
  std::size_t previous_complete = 0;
  constexpr int kKills = 25;
  for (int kill_round = 0; kill_round < kKills; ++kill_round) {
    pid_t child = 0;
    const char* argv[] = {ECOPT_TRIAL_WRITER_PATH, path.c_str(), "crash", nullptr};
    ASSERT_EQ(posix_spawn(&child, argv[0], nullptr, nullptr, const_cast<char**>(argv), environ), 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "the writer exited on its own (status " << status << ") in round " << kill_round;

    ASSERT_EQ(integrity_check(path), "ok") << "round " << kill_round;
    auto storage = storage::open_sqlite_storage(path);
    const Study study = Study::open(*storage, "crash");
    const std::vector<Trial> trials = study.trials();
    std::set<std::int64_t> numbers;
    std::size_t complete = 0;
    for (const Trial& t : trials) {
      numbers.insert(t.number);
      if (t.state == TrialState::complete) {
        ++complete;
        // Everything the writer recorded before telling is there, and the values are whole.
        ASSERT_EQ(t.values.size(), 2u) << "trial " << t.number;
        EXPECT_EQ(t.values[1], 2.0);
        EXPECT_TRUE(t.metrics.contains("step")) << "trial " << t.number;
        ASSERT_EQ(t.phases.size(), 1u) << "trial " << t.number;
        EXPECT_EQ(t.phases[0].total_energy_j(), 2.0);
        EXPECT_TRUE(t.finished_unix_s.has_value());
      } else {
        EXPECT_EQ(t.state, TrialState::running) << "trial " << t.number;  // the one cut short
      }
    }
    EXPECT_EQ(numbers.size(), trials.size()) << "duplicate trial numbers";
    if (!trials.empty()) {
      EXPECT_EQ(*numbers.rbegin(), static_cast<std::int64_t>(trials.size()) - 1);
    }
    EXPECT_GE(complete, previous_complete) << "completed trials disappeared";
    previous_complete = complete;
  }
  EXPECT_GT(previous_complete, 0u) << "the writer never completed a trial";
  // The trials cut short are recoverable as stale.
  auto storage = storage::open_sqlite_storage(path);
  Study study = Study::open(*storage, "crash");
  const std::size_t running = study.trials(TrialState::running).size();
  EXPECT_EQ(study.recover_stale_trials(0.0, storage::StaleAction::fail).size(), running);
  EXPECT_TRUE(study.trials(TrialState::running).empty());
}

}  // namespace
}  // namespace ecopt::study
