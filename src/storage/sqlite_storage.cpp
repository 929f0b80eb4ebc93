// The SQLite store: a connection for the SQL core (sql_storage.cpp). What is SQLite's
// own is here: the pragmas, BEGIN IMMEDIATE transactions, and ?NNN placeholders.
#include "ecopt/storage/sqlite_storage.hpp"

#include "sql_storage.hpp"
#include "sqlite_connection.hpp"

namespace ecopt::storage {
namespace {

using detail::SqlConnection;
using detail::SqlDialect;
using detail::SqliteDatabase;
using detail::SqliteStatement;
using detail::SqlParam;
using detail::SqlRows;

constexpr SqlDialect kSqliteDialect{
    .kind = SqlDialect::Kind::sqlite,
    // julianday('now') is the system clock, to the millisecond.
    .now = "((julianday('now') - 2440587.5) * 86400.0)",
    // BEGIN IMMEDIATE holds the database's write lock for the whole transaction, so rows
    // need no locks of their own, and there is nothing to skip.
    .lock_rows = "",
    .lock_parent = "",
    .claim_rows = "",
    .records_operation_tokens = false,  // a COMMIT on a local file is never in doubt
    // SQLite keeps 64-bit integers and doubles whatever the declared name; booleans are 0/1.
    .types = {.id = "INTEGER PRIMARY KEY",
              .integer = "INTEGER",
              .real = "REAL",
              .boolean = "INTEGER",
              .strpos = "instr"},
};

class SqliteConnection final : public SqlConnection {
 public:
  SqliteConnection(const std::string& path, const SqliteOptions& options)
      : db_(path, options.busy_timeout_ms) {
    db_.execute("PRAGMA foreign_keys = ON");
    {
      SqliteStatement mode(db_, "PRAGMA journal_mode = WAL");
      mode.step();
    }
    db_.execute("PRAGMA synchronous = FULL");
  }

  const SqlDialect& dialect() const override { return kSqliteDialect; }
  std::string url() const override { return "sqlite:///" + db_.path(); }

  SqlRows query(std::string_view sql, const std::vector<SqlParam>& params = {}) override {
    SqliteStatement statement(db_, detail::numbered_placeholders(sql));
    for (std::size_t i = 0; i < params.size(); ++i)
      statement.bind(static_cast<int>(i + 1), params[i]);
    SqlRows rows;
    while (statement.step()) rows.add_row(statement.row());
    rows.affected_rows = statement.read_only() ? 0 : db_.changes();
    return rows;
  }

  void execute_script(std::string_view sql) override { db_.execute(sql); }

  bool table_exists(std::string_view table) override {
    return !query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1", {table})
                .empty();
  }

  std::optional<std::string> foreign_data() override {
    if (query("SELECT 1 FROM sqlite_master WHERE type = 'table'").empty()) return std::nullopt;
    return "this SQLite database was not written by ecopt (it has tables but no ecopt_schema); "
           "use a new file name for the study";
  }

  void lock_schema() override {}  // BEGIN IMMEDIATE did
  bool earlier_attempt_may_have_committed() const override { return false; }

 protected:
  void run_transaction(std::string_view, Mode mode, const std::function<void()>& body) override {
    // IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading
    // read locks; a plain BEGIN reads one consistent snapshot.
    db_.execute(mode == Mode::write ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      body();
      db_.execute("COMMIT");
    } catch (...) {
      db_.rollback_quietly();
      throw;
    }
  }

 private:
  SqliteDatabase db_;
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             const SqliteOptions& options) {
  return detail::make_sql_storage(std::make_unique<SqliteConnection>(path, options));
}

}  // namespace ecopt::storage
