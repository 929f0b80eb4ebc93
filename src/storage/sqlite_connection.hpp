#pragma once
// A thin RAII layer over the SQLite C API (internal). Errors become StorageError with
// the database path and a hint for the usual causes (corrupt, not a database, locked).

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "sql_connection.hpp"

namespace ecopt::storage::detail {

class SqliteDatabase;

class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind(int index, std::nullopt_t);
  SqliteStatement& bind(int index, const std::optional<double>& value);
  SqliteStatement& bind(int index, const SqlParam& value);

  /// Advances to the next row; false when done. Throws SqlUniqueViolation for a broken
  /// UNIQUE constraint, StorageError for other failures.
  bool step();
  /// Runs a statement that returns no rows.
  void run();

  [[nodiscard]] std::int64_t column_int(int column) const;
  [[nodiscard]] double column_double(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] bool column_is_null(int column) const;
  [[nodiscard]] std::optional<double> column_optional_double(int column) const;
  /// The current row's cells, typed as SQLite stores them.
  [[nodiscard]] std::vector<SqlRows::Cell> row() const;
  /// Whether the statement only reads (SELECT), so it changes no rows.
  [[nodiscard]] bool read_only() const;

 private:
  SqliteDatabase& db_;
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteDatabase {
 public:
  /// Opens (creating if missing) the database file. `busy_timeout_ms`: how long a write
  /// waits for another process's lock before giving up.
  SqliteDatabase(std::string path, int busy_timeout_ms);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  void execute(std::string_view sql);
  /// Ends an open transaction, ignoring errors (an error is already on its way).
  void rollback_quietly() noexcept;
  [[nodiscard]] std::int64_t last_insert_id() const;
  [[nodiscard]] int changes() const;
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] sqlite3* handle() const { return db_; }

  /// Throws StorageError describing `code` for this database, with `context`.
  [[noreturn]] void fail(int code, std::string_view context) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
  int busy_timeout_ms_;
};

}  // namespace ecopt::storage::detail
