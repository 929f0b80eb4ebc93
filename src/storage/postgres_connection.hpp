#pragma once
// The PostgreSQL connection of the SQL core (internal): a thin layer over libpq with
// parameterised statements, results, and transactions that survive a lost connection by
// reconnecting with exponential backoff and running again. Errors that retrying cannot
// fix become StorageError naming the server (password redacted) and what to do.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ecopt/storage/postgres_storage.hpp"
#include "libpq_api.hpp"
#include "sql_connection.hpp"

namespace ecopt::storage::detail {

/// A statement parameter in PostgreSQL's text format; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;
[[nodiscard]] PgParam pg_param(std::int64_t value);
[[nodiscard]] PgParam pg_param(double value);  ///< exact (shortest round-trip), NaN/Infinity
[[nodiscard]] PgParam pg_param(const std::optional<double>& value);
[[nodiscard]] PgParam pg_param(bool value);
[[nodiscard]] PgParam pg_param(std::string_view value);
[[nodiscard]] inline PgParam pg_param(const std::string& value) {
  return pg_param(std::string_view(value));
}
[[nodiscard]] inline PgParam pg_param(const char* value) {
  return pg_param(std::string_view(value));
}

class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  ~PgResult() {
    if (result_ != nullptr) libpq().clear(result_);
  }
  PgResult(PgResult&& other) noexcept : result_(std::exchange(other.result_, nullptr)) {}
  PgResult& operator=(PgResult&&) = delete;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  [[nodiscard]] int rows() const { return libpq().ntuples(result_); }
  [[nodiscard]] int columns() const { return libpq().nfields(result_); }
  [[nodiscard]] std::int64_t affected_rows() const;  ///< of an INSERT, UPDATE or DELETE
  [[nodiscard]] bool is_null(int row, int column) const;
  /// A cell in PostgreSQL's text form; SqlRows converts it to the type asked for.
  [[nodiscard]] std::string text(int row, int column) const;

 private:
  PGresult* result_;
};

/// A failed statement, classified for the retry loop. Never leaves this layer as such:
/// the transaction runner turns it into a retry or a StorageError.
class PgError : public std::runtime_error {
 public:
  enum class Kind {
    connection,  ///< the connection broke or the server is restarting: reconnect, retry
    conflict,    ///< serialization failure or deadlock: retry at once
    other,       ///< anything else: a bug or bad data; not retried
  };
  PgError(Kind kind, std::string sqlstate, const std::string& message)
      : std::runtime_error(message), kind_(kind), sqlstate_(std::move(sqlstate)) {}
  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] const std::string& sqlstate() const { return sqlstate_; }

 private:
  Kind kind_;
  std::string sqlstate_;
};

/// Splits ecopt's own query parameters (ecopt_retry_s) off a URL, which libpq would
/// reject, applying them to `options`. Throws StorageError for a bad value.
[[nodiscard]] std::string strip_ecopt_parameters(const std::string& url, PostgresOptions& options);

/// Transactions: Mode::write is READ COMMITTED, with row locks doing the serialising;
/// Mode::snapshot is REPEATABLE READ READ ONLY.
class PgConnection final : public SqlConnection {
 public:
  /// Connects to `url` (retrying as transactions do). Throws StorageError.
  PgConnection(const std::string& url, const PostgresOptions& options);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  [[nodiscard]] const SqlDialect& dialect() const override;
  /// The URL with its password replaced by ***.
  [[nodiscard]] std::string url() const override { return display_url_; }

  [[nodiscard]] bool earlier_attempt_may_have_committed() const override { return in_doubt_; }

  /// Runs one statement. Throws PgError; call it inside transaction().
  PgResult exec(std::string_view sql, const std::vector<PgParam>& params = {});

  SqlRows query(std::string_view sql, const std::vector<SqlParam>& params = {}) override;
  void execute_script(std::string_view sql) override { exec(sql); }
  bool table_exists(std::string_view table) override;
  std::optional<std::string> foreign_data() override;
  void lock_schema() override;

 protected:
  /// Runs `body` in a transaction and commits. On a lost connection it reconnects with
  /// backoff and runs `body` again; on a serialization failure or deadlock it runs it
  /// again at once. Throws StorageError (`what` says what was being done) when retrying
  /// cannot help.
  void run_transaction(std::string_view what, Mode mode,
                       const std::function<void()>& body) override;

 private:
  /// Throws PgError(connection) for a failure worth retrying, StorageError otherwise.
  void connect();
  /// The first connection: one attempt, or with retries (PostgresOptions).
  void connect_first();
  void disconnect();
  void rollback_quietly();

  std::string url_;                      ///< as given, for redacting libpq's messages
  std::string libpq_url_;                ///< without the password and ecopt's parameters
  std::optional<std::string> password_;  ///< passed to libpq as its own keyword
  std::string display_url_;
  PostgresOptions options_;
  PGconn* connection_ = nullptr;
  bool in_doubt_ = false;
};

}  // namespace ecopt::storage::detail
