#include "sqlite_connection.hpp"

#include <string>
#include <type_traits>
#include <variant>

namespace ecopt::storage::detail {

SqliteDatabase::SqliteDatabase(std::string path, int busy_timeout_ms)
    : path_(std::move(path)), busy_timeout_ms_(busy_timeout_ms) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  const int code = sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StorageError(path_ + ": cannot open the database: " + message +
                       " (check that the directory exists and is writable)");
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms_);
}

SqliteDatabase::~SqliteDatabase() {
  sqlite3_close_v2(db_);
}

void SqliteDatabase::execute(std::string_view sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (error != nullptr) sqlite3_free(error);
  if (code != SQLITE_OK) fail(code, sql);
}

void SqliteDatabase::rollback_quietly() noexcept {
  if (sqlite3_get_autocommit(db_) == 0) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

std::int64_t SqliteDatabase::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_);
}
int SqliteDatabase::changes() const {
  return sqlite3_changes(db_);
}

void SqliteDatabase::fail(int code, std::string_view context) const {
  const int primary = code & 0xff;
  std::string message = path_ + ": ";
  switch (primary) {
    case SQLITE_NOTADB:
      message +=
          "not an ecopt database (the file is not SQLite); point --storage at a "
          "study database or a new file name";
      break;
    case SQLITE_CORRUPT:
      message += "the database file is corrupt (" + std::string(sqlite3_errmsg(db_)) +
                 "); restore it from a backup, or recover what is readable with "
                 "`sqlite3 FILE .recover`";
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      message += "the database is locked by another process and stayed locked for " +
                 std::to_string(busy_timeout_ms_ / 1000.0) +
                 " s; wait for it to finish or stop it, then retry";
      break;
    case SQLITE_READONLY:
      message += "the database is read-only; check the file's and its directory's permissions";
      break;
    case SQLITE_FULL:
      message += "the disk is full";
      break;
    default:
      message += sqlite3_errmsg(db_);
  }
  message += " [while running: " + std::string(context.substr(0, 80)) + "]";
  throw StorageError(message);
}

SqliteStatement::SqliteStatement(SqliteDatabase& db, std::string_view sql) : db_(db) {
  const int code = sqlite3_prepare_v2(db.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &statement_, nullptr);
  if (code != SQLITE_OK) db.fail(code, sql);
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(statement_);
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, double value) {
  sqlite3_bind_double(statement_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, std::nullopt_t) {
  sqlite3_bind_null(statement_, index);
  return *this;
}
SqliteStatement& SqliteStatement::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bind(index, std::nullopt);
}

bool SqliteStatement::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    throw SqlUniqueViolation(db_.path() + ": " + sqlite3_errmsg(db_.handle()));
  }
  db_.fail(code, sqlite3_sql(statement_));
}

SqliteStatement& SqliteStatement::bind(int index, const SqlParam& value) {
  switch (value.type()) {
    case SqlParam::Type::null:
      return bind(index, std::nullopt);
    case SqlParam::Type::integer:
    case SqlParam::Type::boolean:  // SQLite keeps booleans as 0 and 1
      return bind(index, value.integer());
    case SqlParam::Type::real:
      return bind(index, value.real());
    case SqlParam::Type::text:
      return bind(index, std::string_view(value.text()));
  }
  return *this;
}

std::vector<SqlRows::Cell> SqliteStatement::row() const {
  const int columns = sqlite3_column_count(statement_);
  std::vector<SqlRows::Cell> cells;
  cells.reserve(static_cast<std::size_t>(columns));
  for (int c = 0; c < columns; ++c) {
    switch (sqlite3_column_type(statement_, c)) {
      case SQLITE_NULL:
        cells.emplace_back(std::monostate{});
        break;
      case SQLITE_INTEGER:
        cells.emplace_back(column_int(c));
        break;
      case SQLITE_FLOAT:
        cells.emplace_back(column_double(c));
        break;
      default:
        cells.emplace_back(column_text(c));
    }
  }
  return cells;
}

bool SqliteStatement::read_only() const {
  return sqlite3_stmt_readonly(statement_) != 0;
}

void SqliteStatement::run() {
  while (step()) {
  }
}

std::int64_t SqliteStatement::column_int(int column) const {
  return sqlite3_column_int64(statement_, column);
}
double SqliteStatement::column_double(int column) const {
  return sqlite3_column_double(statement_, column);
}
std::string SqliteStatement::column_text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  return text == nullptr
             ? std::string()
             : std::string(text,
                           static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}
bool SqliteStatement::column_is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}
std::optional<double> SqliteStatement::column_optional_double(int column) const {
  if (column_is_null(column)) return std::nullopt;
  return column_double(column);
}

}  // namespace ecopt::storage::detail
