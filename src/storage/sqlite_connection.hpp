#pragma once
// A thin RAII layer over the SQLite C API (internal). Errors become StorageError with
// the database path and a hint for the usual causes (corrupt, not a database, locked).

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ecopt/storage/storage.hpp"

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

  /// Advances to the next row; false when done.
  bool step();
  /// Runs a statement that returns no rows.
  void run();

  [[nodiscard]] std::int64_t column_int(int column) const;
  [[nodiscard]] double column_double(int column) const;
  [[nodiscard]] std::string column_text(int column) const;
  [[nodiscard]] bool column_is_null(int column) const;
  [[nodiscard]] std::optional<double> column_optional_double(int column) const;

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

/// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed. IMMEDIATE takes the write
/// lock up front, so two writers never deadlock upgrading read locks.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDatabase& db_;
  bool done_ = false;
};

}  // namespace ecopt::storage::detail
