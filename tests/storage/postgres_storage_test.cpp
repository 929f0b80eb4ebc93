// What only the PostgreSQL store does: reconnecting after the server drops its
// connections, clear errors for unreachable or wrong servers (with the password
// redacted), refusing schemas it did not write, and many workers creating the schema at
// once. Skipped, with the reason, when there is no server (storage_backends.hpp).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_file.hpp"
#include "storage_backends.hpp"

namespace ecopt::study {
namespace {

using storage::StorageError;
using testing::BackendStore;

class Postgres : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::postgres_test_url() == nullptr) GTEST_SKIP() << testing::no_postgres_reason();
  }
};

StudyConfig config(const std::string& name = "s") {
  return parse_study_config("name: " + name + R"(
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: sobol, seed: 3}
)",
                            "test.yaml");
}

std::string storage_error(const std::function<void()>& action) {
  try {
    action();
  } catch (const StorageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no StorageError";
  return {};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST_F(Postgres, ReconnectsWhenTheServerDropsItsConnection) {
  BackendStore store("postgresql");
  auto storage = store.open();
  Study study = Study::create(*storage, config());
  const Trial running = study.ask();
  // What a server restart or a network cut looks like to the client: its backend is gone.
  const auto drop_connections = [&] {
    ASSERT_EQ(testing::postgres_admin(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                  store.database() + "' AND pid <> pg_backend_pid()"),
              "");
  };
  drop_connections();
  storage->heartbeat(running.id, {});
  drop_connections();
  EXPECT_TRUE(study.tell(running, {0.75}).recorded);
  drop_connections();
  const auto trials = study.trials();
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].state, TrialState::complete);
  EXPECT_EQ(trials[0].values, std::vector<double>{0.75});
  EXPECT_EQ(study.ask().number, 1);
}

TEST_F(Postgres, UnreachableServerIsRetriedForTheConfiguredTimeThenReported) {
  // A port where nothing listens, retried for 1.5 s.
  const std::string url = "postgresql://ecopt:hunter2@127.0.0.1:1/ecopt?ecopt_retry_s=1.5";
  const auto start = std::chrono::steady_clock::now();
  const std::string message = storage_error([&] { (void)storage::open_storage(url); });
  const double waited_s = seconds_since(start);
  EXPECT_GE(waited_s, 0.7);
  EXPECT_LT(waited_s, 10.0);
  EXPECT_NE(message.find("did not come back in"), std::string::npos) << message;
  EXPECT_NE(message.find("ecopt_retry_s"), std::string::npos) << message;
  EXPECT_NE(message.find("postgresql://ecopt:***@127.0.0.1:1/ecopt"), std::string::npos) << message;
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

TEST_F(Postgres, WrongPasswordOrDatabaseFailsAtOnceWithAHint) {
  const std::string base = testing::postgres_test_url();
  std::string wrong_password = base;
  const std::size_t at = wrong_password.find('@');
  const std::size_t colon = wrong_password.rfind(':', at);
  ASSERT_NE(at, std::string::npos) << "the test URL needs user:password@host";
  wrong_password.replace(colon + 1, at - colon - 1, "not-the-password");
  auto start = std::chrono::steady_clock::now();
  std::string message = storage_error([&] { (void)storage::open_storage(wrong_password); });
  EXPECT_LT(seconds_since(start), 5.0);  // not retried: waiting cannot fix a password
  EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  EXPECT_EQ(message.find("not-the-password"), std::string::npos) << message;

  message = storage_error(
      [&] { (void)storage::open_storage(testing::with_database(base, "no_such_database")); });
  EXPECT_NE(message.find("does not exist"), std::string::npos) << message;
  EXPECT_NE(message.find("createdb"), std::string::npos) << message;

  EXPECT_NE(storage_error([&] {
              (void)storage::open_storage(base + "?ecopt_retry_s=soon");
            }).find("ecopt_retry_s=soon is not a number"),
            std::string::npos);
}

TEST_F(Postgres, RefusesTablesItDidNotWriteAndNewerSchemas) {
  BackendStore foreign("postgresql");
  ASSERT_EQ(testing::postgres_admin("CREATE TABLE trials (id int)", foreign.url()), "");
  std::string message = storage_error([&] { (void)foreign.open(); });
  EXPECT_NE(message.find("that ecopt did not create"), std::string::npos) << message;

  BackendStore newer("postgresql");
  { auto storage = newer.open(); }
  ASSERT_EQ(testing::postgres_admin("UPDATE ecopt_schema SET version = 99", newer.url()), "");
  message = storage_error([&] { (void)newer.open(); });
  EXPECT_NE(message.find("written by a newer ecopt (schema version 99"), std::string::npos)
      << message;
}

TEST_F(Postgres, WorkersStartingTogetherCreateTheSchemaOnce) {
  BackendStore store("postgresql");
  constexpr int kWorkers = 6;
  std::vector<std::thread> workers;
  std::atomic<int> opened{0};
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      auto storage = store.open();
      ++opened;
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(opened, kWorkers);
  auto storage = store.open();
  (void)Study::create(*storage, config());
  EXPECT_EQ(storage->list_studies().size(), 1u);
}

}  // namespace
}  // namespace ecopt::study
