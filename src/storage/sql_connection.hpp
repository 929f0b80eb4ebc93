#pragma once
// The small layer under the one SQL storage core (internal). SqlStorage (sql_storage.cpp)
// implements storage::Storage once, in SQL both SQLite and PostgreSQL accept; what
// differs between them is here: the dialect's few words (its clock, row locks, type
// names) and a connection that runs statements and transactions its own way (SQLite:
// BEGIN IMMEDIATE and a busy timeout; PostgreSQL: reconnect and run again).
//
// Statements use $1, $2 ... placeholders in both; the SQLite connection binds them as
// SQLite's ?NNN. Upserts are `INSERT ... ON CONFLICT (...) DO UPDATE SET x = excluded.x`
// and inserts return ids with RETURNING, which both accept as written.

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace ecopt::storage::detail {

/// A statement parameter; a default-constructed one (or nullopt) is SQL NULL. Plain
/// fields, not a std::variant: GCC 12 at -O3 warns falsely about a variant holding a
/// string inside an initializer list.
class SqlParam {
 public:
  enum class Type { null, integer, real, boolean, text };
  SqlParam() = default;
  SqlParam(std::nullopt_t) {}
  SqlParam(int value) : type_(Type::integer), integer_(value) {}
  SqlParam(std::int64_t value) : type_(Type::integer), integer_(value) {}
  SqlParam(double value) : type_(Type::real), real_(value) {}
  SqlParam(const std::optional<double>& value)
      : type_(value ? Type::real : Type::null), real_(value.value_or(0.0)) {}
  SqlParam(bool value) : type_(Type::boolean), integer_(value ? 1 : 0) {}
  SqlParam(std::string value) : type_(Type::text), text_(std::move(value)) {}
  SqlParam(std::string_view value) : type_(Type::text), text_(value) {}
  SqlParam(const char* value) : type_(Type::text), text_(value) {}

  [[nodiscard]] Type type() const { return type_; }
  [[nodiscard]] std::int64_t integer() const { return integer_; }  ///< integer, boolean
  [[nodiscard]] double real() const { return real_; }
  [[nodiscard]] const std::string& text() const { return text_; }

 private:
  Type type_ = Type::null;
  std::int64_t integer_ = 0;
  double real_ = 0.0;
  std::string text_;
};

/// The rows a statement returned, read by row and column index. Cells keep the backend's
/// form (SQLite: typed values; PostgreSQL: text) and convert when read.
class SqlRows {
 public:
  using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

  void add_row(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  [[nodiscard]] int size() const { return static_cast<int>(rows_.size()); }
  [[nodiscard]] bool empty() const { return rows_.empty(); }
  [[nodiscard]] bool is_null(int row, int column) const;
  [[nodiscard]] std::string text(int row, int column) const;
  [[nodiscard]] std::int64_t integer(int row, int column) const;
  [[nodiscard]] double number(int row, int column) const;
  [[nodiscard]] std::optional<double> optional_number(int row, int column) const;
  [[nodiscard]] bool boolean(int row, int column) const;

  std::int64_t affected_rows = 0;  ///< rows an INSERT, UPDATE or DELETE changed

 private:
  [[nodiscard]] const Cell& cell(int row, int column) const;
  std::vector<std::vector<Cell>> rows_;
};

/// A statement broke a UNIQUE constraint, e.g. a concurrent insert of the same study name.
class SqlUniqueViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The dialect's names for the schema's type placeholders, and the one function the schema
/// steps need that the dialects name differently.
struct SqlTypeNames {
  std::string_view id;       ///< {id}: an auto-incrementing 64-bit primary key
  std::string_view integer;  ///< {int}
  std::string_view real;     ///< {real}: a double
  std::string_view boolean;  ///< {bool}
  /// {strpos}: the function giving the 1-based position of a text in another (0: absent)
  std::string_view strpos;
};

/// What a dialect spells differently. Appended lock clauses are empty where the
/// transaction itself already serialises writers (SQLite's BEGIN IMMEDIATE).
struct SqlDialect {
  /// Also whose version numbers the store's ecopt_schema table holds (sql_schema.cpp).
  enum class Kind { sqlite, postgresql } kind = Kind::sqlite;
  /// The store's clock in seconds since the Unix epoch, as an SQL expression. On a server
  /// every time comes from one clock, so heartbeats from many machines compare fairly.
  std::string_view now;
  std::string_view lock_rows;    ///< after a SELECT of rows the transaction will update
  std::string_view lock_parent;  ///< the same for a parent row that others only reference
  /// After a SELECT that claims rows: other transactions' locked rows are skipped, so
  /// workers claiming at once each get a different one.
  std::string_view claim_rows;
  /// Whether a COMMIT can be in doubt (a lost connection) and be run again, so writes
  /// that must happen once record a token in applied_operations.
  bool records_operation_tokens = false;
  SqlTypeNames types;
};

/// One connection to a store. Not thread-safe: SqlStorage serialises its users.
class SqlConnection {
 public:
  enum class Mode {
    write,     ///< may write; writers are serialised
    snapshot,  ///< reads only; several queries see one consistent state
  };

  virtual ~SqlConnection() = default;

  [[nodiscard]] virtual const SqlDialect& dialect() const = 0;
  /// The URL for messages (a password replaced by ***).
  [[nodiscard]] virtual std::string url() const = 0;

  /// Runs one statement with $1..$n parameters, inside transaction(). Throws
  /// SqlUniqueViolation for a broken UNIQUE constraint, StorageError (or, for
  /// PostgreSQL, an error its transaction retries) otherwise.
  virtual SqlRows query(std::string_view sql, const std::vector<SqlParam>& params = {}) = 0;
  /// Runs several statements without parameters (a schema step), inside transaction().
  virtual void execute_script(std::string_view sql) = 0;

  /// Inside transaction(): whether the table exists (in the schema searched by default).
  [[nodiscard]] virtual bool table_exists(std::string_view table) = 0;
  /// Inside transaction(), when there is no ecopt_schema table: why the store holds
  /// another program's data, if it does (then ecopt refuses it).
  [[nodiscard]] virtual std::optional<std::string> foreign_data() = 0;
  /// Inside transaction(): waits until no other process is migrating the schema.
  virtual void lock_schema() = 0;

  /// Inside transaction(): whether an earlier attempt of this transaction may have
  /// committed before its connection broke. Only then need a write look for its token.
  [[nodiscard]] virtual bool earlier_attempt_may_have_committed() const = 0;

  /// Runs `body` as one transaction and commits; rolls back when it throws. A backend
  /// may run `body` again (PostgreSQL after a lost connection or a serialization
  /// failure), so `body` must only touch the database and its own locals. `what` says
  /// what was being done, for messages.
  template <class Body>
  auto transaction(std::string_view what, Body&& body, Mode mode = Mode::write) {
    using Result = decltype(body());
    if constexpr (std::is_void_v<Result>) {
      run_transaction(what, mode, body);
    } else {
      std::optional<Result> result;
      run_transaction(what, mode, [&] { result.emplace(body()); });
      return std::move(*result);
    }
  }

 protected:
  virtual void run_transaction(std::string_view what, Mode mode,
                               const std::function<void()>& body) = 0;
};

/// `sql` with each $N placeholder written as ?N (SQLite's numbered form); text in quotes
/// is left alone.
[[nodiscard]] std::string numbered_placeholders(std::string_view sql);

}  // namespace ecopt::storage::detail
