#pragma once
// Every storage backend behind one test fixture: a fresh, empty store per test.
//
// SQLite: a file in a temporary directory. PostgreSQL: a database of its own, created on
// the server that ECOPT_TEST_POSTGRES_URL names, or else the one ctest's fixture started
// (tests/tools/test_server.sh writes it to $ECOPT_TEST_SERVERS_DIR/postgres.env), and
// dropped afterwards, so tests can run in parallel. Without either, the PostgreSQL cases
// skip and say why.

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "ecopt/storage/storage.hpp"
#include "temp_dir.hpp"

namespace ecopt::testing {

/// The value of `key` in the environment, else in the fixture's postgres.env; "" if none.
inline std::string postgres_test_setting(const std::string& key) {
  if (const char* value = std::getenv(key.c_str()); value != nullptr && *value != '\0')
    return value;
  const char* dir = std::getenv("ECOPT_TEST_SERVERS_DIR");
  if (dir == nullptr) return {};
  std::ifstream file(std::string(dir) + "/postgres.env");
  for (std::string line; std::getline(file, line);) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return {};
}

inline const char* postgres_test_url() {
  static const std::string url = postgres_test_setting("ECOPT_TEST_POSTGRES_URL");
  return url.empty() ? nullptr : url.c_str();
}

/// Why there is no server: the fixture's reason (a missing package), or how to name one.
inline std::string no_postgres_reason() {
  const std::string reason = postgres_test_setting("ECOPT_TEST_POSTGRES_SKIP");
  return reason.empty() ? "ECOPT_TEST_POSTGRES_URL is not set, so the PostgreSQL cases are "
                          "skipped; run them through ctest, which starts a server, or start "
                          "one with `export ECOPT_TEST_POSTGRES_URL=$(scripts/ci/start-postgres "
                          "| tail -1)`"
                        : reason;
}

/// `url` with its database name replaced by `database`.
inline std::string with_database(const std::string& url, const std::string& database) {
  const std::size_t query = url.find('?');
  const std::size_t path = url.rfind('/', query == std::string::npos ? url.size() : query);
  return url.substr(0, path + 1) + database +
         (query == std::string::npos ? std::string() : url.substr(query));
}

/// Runs one statement on the server of ECOPT_TEST_POSTGRES_URL; "" or libpq's error.
inline std::string postgres_admin(const std::string& sql, const std::string& url = {}) {
  PGconn* connection = PQconnectdb(url.empty() ? postgres_test_url() : url.c_str());
  std::string error;
  if (PQstatus(connection) != CONNECTION_OK) {
    error = PQerrorMessage(connection);
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK && PQresultStatus(result) != PGRES_TUPLES_OK)
      error = PQresultErrorMessage(result);
    PQclear(result);
  }
  PQfinish(connection);
  return error;
}

/// A new, empty store of one backend; open() connects to it again (another "process").
class BackendStore {
 public:
  explicit BackendStore(std::string backend) : backend_(std::move(backend)) {
    if (backend_ == "sqlite") {
      url_ = "sqlite:///" + dir_.file("study.db");
      return;
    }
    std::random_device device;
    database_ = "ecopt_test_" + std::to_string(device()) + std::to_string(device() % 1000);
    const std::string error = postgres_admin("CREATE DATABASE " + database_);
    if (!error.empty()) {
      ADD_FAILURE() << "cannot create a test database on " << postgres_test_url() << ": " << error;
    }
    url_ = with_database(postgres_test_url(), database_);
  }
  ~BackendStore() {
    if (!database_.empty())
      postgres_admin("DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
  BackendStore(const BackendStore&) = delete;
  BackendStore& operator=(const BackendStore&) = delete;

  [[nodiscard]] std::unique_ptr<storage::Storage> open() const {
    return storage::open_storage(url_);
  }
  [[nodiscard]] const std::string& url() const { return url_; }
  [[nodiscard]] const std::string& database() const { return database_; }
  [[nodiscard]] bool is_postgres() const { return backend_ == "postgresql"; }

 private:
  std::string backend_;
  TempDir dir_;
  std::string url_;
  std::string database_;
};

/// Tests that run on every backend: TEST_P(OnEveryStorage, ...) with `store` ready.
class OnEveryStorage : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql" && postgres_test_url() == nullptr) GTEST_SKIP() << no_postgres_reason();
    store_ = std::make_unique<BackendStore>(GetParam());
  }
  [[nodiscard]] const BackendStore& store() const { return *store_; }

 private:
  std::unique_ptr<BackendStore> store_;
};

}  // namespace ecopt::testing
