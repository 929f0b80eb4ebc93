#include "postgres_connection.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <thread>
#include <variant>

#include "url_password.hpp"

namespace ecopt::storage::detail {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// SQLSTATEs worth a reconnect: class 08 (connection exception) and the server shutting
/// down, crashing or starting (57P01-57P03); 53300 too many connections.
bool is_connection_state(const std::string& state) {
  return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03" ||
         state == "53300";
}

/// libpq reports a failed connection attempt as text only. These mean the server is not
/// (yet) there, which retrying can fix; anything else (a refused password, a missing
/// database or role, a bad host name) will not change, so it is reported at once.
bool is_transient_connect_failure(const std::string& message) {
  for (const char* transient :
       {"Connection refused", "could not connect", "timeout expired", "No such file or directory",
        "server closed the connection", "the database system is starting up",
        "the database system is shutting down", "the database system is in recovery mode",
        "too many clients", "Connection timed out", "No route to host", "Network is unreachable",
        "Connection reset", "connection to server", "terminating connection"}) {
    if (message.find(transient) != std::string::npos) {
      // "connection to server ... failed: FATAL: password authentication failed" also
      // starts like this; only the FATALs above are transient.
      if (message.find("FATAL") != std::string::npos &&
          message.find("the database system is") == std::string::npos &&
          message.find("too many clients") == std::string::npos &&
          message.find("terminating connection") == std::string::npos) {
        return false;
      }
      return true;
    }
  }
  return false;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

void ignore_notice(void*, const char*) {}

}  // namespace

PgParam pg_param(std::int64_t value) {
  return std::to_string(value);
}

PgParam pg_param(double value) {
  if (std::isnan(value)) return std::string("NaN");
  if (std::isinf(value)) return std::string(value > 0 ? "Infinity" : "-Infinity");
  char buffer[64];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

PgParam pg_param(const std::optional<double>& value) {
  return value ? pg_param(*value) : std::nullopt;
}

PgParam pg_param(bool value) {
  return std::string(value ? "true" : "false");
}

PgParam pg_param(std::string_view value) {
  return std::string(value);
}

std::int64_t PgResult::affected_rows() const {
  const char* n = libpq().cmd_tuples(result_);
  return n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
}

bool PgResult::is_null(int row, int column) const {
  return libpq().getisnull(result_, row, column) != 0;
}

std::string PgResult::text(int row, int column) const {
  return std::string(libpq().getvalue(result_, row, column),
                     static_cast<std::size_t>(libpq().getlength(result_, row, column)));
}

std::string strip_ecopt_parameters(const std::string& url, PostgresOptions& options) {
  const std::size_t question = url.find('?');
  if (question == std::string::npos) return url;
  std::string kept;
  std::size_t start = question + 1;
  while (start <= url.size()) {
    std::size_t end = url.find('&', start);
    if (end == std::string::npos) end = url.size();
    const std::string item = url.substr(start, end - start);
    if (item.rfind("ecopt_retry_s=", 0) == 0) {
      const std::string value = item.substr(std::string("ecopt_retry_s=").size());
      char* parsed_end = nullptr;
      const double seconds = std::strtod(value.c_str(), &parsed_end);
      if (value.empty() || *parsed_end != '\0' || !(seconds >= 0.0)) {
        throw StorageError("storage URL " + redact_url(url) + ": ecopt_retry_s=" + value +
                           " is not a number of seconds; write e.g. ecopt_retry_s=60");
      }
      options.retry_for_s = seconds;
      options.retry_first_connection = true;
    } else if (item.rfind("ecopt_", 0) == 0) {
      throw StorageError("storage URL " + redact_url(url) + ": unknown parameter '" + item +
                         "'; ecopt reads only ecopt_retry_s (the others go to libpq)");
    } else if (!item.empty()) {
      kept += (kept.empty() ? "" : "&") + item;
    }
    start = end + 1;
  }
  return url.substr(0, question) + (kept.empty() ? "" : "?" + kept);
}

namespace {

constexpr SqlDialect kPostgresDialect{
    .kind = SqlDialect::Kind::postgresql,
    // The server's clock: every time the store writes comes from one clock, so heartbeats
    // from many machines compare fairly.
    .now = "EXTRACT(EPOCH FROM clock_timestamp())::float8",
    .lock_rows = " FOR UPDATE",
    // Trial inserts only key-share the study row, so they go on under this lock.
    .lock_parent = " FOR NO KEY UPDATE",
    .claim_rows = " FOR UPDATE SKIP LOCKED",
    .records_operation_tokens = true,
    .types = {.id = "BIGSERIAL PRIMARY KEY",
              .integer = "BIGINT",
              .real = "DOUBLE PRECISION",
              .boolean = "BOOLEAN",
              .strpos = "strpos"},
};

PgParam to_pg_param(const SqlParam& param) {
  switch (param.type()) {
    case SqlParam::Type::null:
      return std::nullopt;
    case SqlParam::Type::integer:
      return pg_param(param.integer());
    case SqlParam::Type::real:
      return pg_param(param.real());
    case SqlParam::Type::boolean:
      return pg_param(param.integer() != 0);
    case SqlParam::Type::text:
      return pg_param(param.text());
  }
  return std::nullopt;
}

}  // namespace

const SqlDialect& PgConnection::dialect() const {
  return kPostgresDialect;
}

SqlRows PgConnection::query(std::string_view sql, const std::vector<SqlParam>& params) {
  std::vector<PgParam> values;
  values.reserve(params.size());
  for (const SqlParam& p : params) values.push_back(to_pg_param(p));
  try {
    const PgResult result = exec(sql, values);
    SqlRows rows;
    for (int r = 0; r < result.rows(); ++r) {
      std::vector<SqlRows::Cell> row;
      for (int c = 0; c < result.columns(); ++c) {
        if (result.is_null(r, c)) {
          row.emplace_back(std::monostate{});
        } else {
          row.emplace_back(result.text(r, c));
        }
      }
      rows.add_row(std::move(row));
    }
    rows.affected_rows = result.affected_rows();
    return rows;
  } catch (const PgError& e) {
    if (e.sqlstate() == "23505") throw SqlUniqueViolation(e.what());
    throw;
  }
}

bool PgConnection::table_exists(std::string_view table) {
  // to_regclass follows search_path, so a URL's options=-csearch_path=... selects a
  // schema to keep studies in.
  return query("SELECT to_regclass($1) IS NOT NULL", {table}).boolean(0, 0);
}

std::optional<std::string> PgConnection::foreign_data() {
  if (!table_exists("studies") && !table_exists("trials")) return std::nullopt;
  return "this database has tables named studies or trials that ecopt did not create (no "
         "ecopt_schema table); use a database of its own, e.g. `createdb ecopt`";
}

void PgConnection::lock_schema() {
  // Any constant will do; it only has to be the same in every ecopt.
  exec("SELECT pg_advisory_xact_lock(6523017441520950612)");
}

PgConnection::PgConnection(const std::string& url, const PostgresOptions& options)
    : url_(url), options_(options) {
  display_url_ = redact_url(url);
  // The password goes to libpq as its own keyword, so no libpq message can quote it.
  LibpqTarget target = split_password(url);
  password_ = std::move(target.password);
  libpq_url_ = strip_ecopt_parameters(target.url, options_);
  connect_first();
}

void PgConnection::connect_first() {
  // A first connection that fails is most often a mistyped URL, which waiting cannot
  // fix: report libpq's reason at once. Only an explicit ecopt_retry_s makes it wait (a
  // worker started while its server restarts); outages of a connection that worked are
  // always retried (run_transaction).
  if (options_.retry_first_connection) {
    transaction("connect", [] {});
    return;
  }
  try {
    connect();
  } catch (const PgError& e) {
    throw StorageError(display_url_ + ": cannot connect: " + e.what() +
                       "; check the host and port, and that the server is running and "
                       "reachable from this host (add ?ecopt_retry_s=SECONDS to wait for it)");
  }
}

PgConnection::~PgConnection() {
  disconnect();
}

void PgConnection::disconnect() {
  if (connection_ != nullptr) libpq().finish(connection_);
  connection_ = nullptr;
}

void PgConnection::connect() {
  disconnect();
  // Defaults first: the URL's own settings override them (expand_dbname). Keepalives
  // notice a vanished server or a cut network within about a minute instead of the
  // kernel's two hours, so a worker blocked in a query gets to retry.
  const std::string timeout = std::to_string(options_.connect_timeout_s);
  // The password last: keywords later in the list override the URL's settings.
  const char* keywords[] = {"connect_timeout",
                            "application_name",
                            "keepalives_idle",
                            "keepalives_interval",
                            "keepalives_count",
                            "dbname",
                            password_ ? "password" : nullptr,
                            nullptr};
  const char* values[] = {timeout.c_str(),
                          "ecopt",
                          "30",
                          "10",
                          "3",
                          libpq_url_.c_str(),
                          password_ ? password_->c_str() : nullptr,
                          nullptr};
  connection_ = libpq().connectdb_params(keywords, values, 1);
  if (connection_ == nullptr) throw std::bad_alloc();
  if (libpq().status(connection_) != CONNECTION_OK) {
    const std::string message = redact_secrets(trimmed(libpq().error_message(connection_)), url_);
    disconnect();
    if (is_transient_connect_failure(message)) {
      throw PgError(PgError::Kind::connection, "", message);
    }
    std::string hint = "check the URL's user, password, host and database";
    if (message.find("does not exist") != std::string::npos) {
      hint = "create it first (createdb, or CREATE DATABASE/ROLE as a superuser)";
    } else if (message.find("password") != std::string::npos ||
               message.find("pg_hba.conf") != std::string::npos) {
      hint = "check the user and password in the URL, and that pg_hba.conf lets this host connect";
    }
    throw StorageError(display_url_ + ": cannot connect: " + message + "; " + hint);
  }
  libpq().set_notice_processor(connection_, ignore_notice, nullptr);
}

PgResult PgConnection::exec(std::string_view sql, const std::vector<PgParam>& params) {
  if (connection_ == nullptr) throw PgError(PgError::Kind::connection, "", "not connected");
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  const std::string statement(sql);
  // Without parameters, the simple protocol, which also runs several statements (schema
  // migrations); with them, the extended protocol, which keeps values out of the SQL text.
  PGresult* raw = params.empty() ? libpq().exec(connection_, statement.c_str())
                                 : libpq().exec_params(connection_, statement.c_str(),
                                                       static_cast<int>(values.size()), nullptr,
                                                       values.data(), nullptr, nullptr, 0);
  PgResult result(raw);
  const ExecStatusType status = raw != nullptr ? libpq().result_status(raw) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state_field =
      raw != nullptr ? libpq().result_error_field(raw, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_field != nullptr ? state_field : "";
  std::string message = trimmed(raw != nullptr && *libpq().result_error_message(raw) != '\0'
                                    ? libpq().result_error_message(raw)
                                    : libpq().error_message(connection_));
  PgError::Kind kind = PgError::Kind::other;
  if (libpq().status(connection_) != CONNECTION_OK || is_connection_state(state)) {
    kind = PgError::Kind::connection;
  } else if (state == "40001" || state == "40P01") {
    kind = PgError::Kind::conflict;
  }
  if (kind == PgError::Kind::other) {
    message += " [while running: " + statement.substr(0, 80) + "]";
  }
  throw PgError(kind, state, message);
}

void PgConnection::rollback_quietly() {
  if (connection_ == nullptr) return;
  if (libpq().status(connection_) != CONNECTION_OK) {
    disconnect();
    return;
  }
  if (libpq().transaction_status(connection_) != PQTRANS_IDLE)
    libpq().clear(libpq().exec(connection_, "ROLLBACK"));
}

void PgConnection::run_transaction(std::string_view what, Mode mode,
                                   const std::function<void()>& body) {
  const auto start = std::chrono::steady_clock::now();
  double backoff_s = options_.first_backoff_s;
  int conflicts = 0;
  in_doubt_ = false;
  for (;;) {
    try {
      if (connection_ == nullptr || libpq().status(connection_) != CONNECTION_OK) connect();
      exec(mode == Mode::snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN");
      body();
      exec("COMMIT");
      return;
    } catch (const PgError& e) {
      if (e.kind() == PgError::Kind::other) {
        rollback_quietly();
        throw StorageError(display_url_ + ": " + std::string(what) + " failed: " + e.what());
      }
      if (e.kind() == PgError::Kind::conflict && ++conflicts < 50) {
        rollback_quietly();
        // A little jitter, so two transactions that deadlocked do not meet again.
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + conflicts % 7));
        continue;
      }
      disconnect();
      in_doubt_ = true;
      const double waited_s = seconds_since(start);
      if (waited_s + backoff_s > options_.retry_for_s) {
        throw StorageError(
            display_url_ + ": lost the connection to the database server while trying to " +
            std::string(what) + ", and it did not come back in " +
            std::to_string(static_cast<long long>(std::ceil(waited_s))) +
            " s of retrying (last error: " + trimmed(e.what()) +
            "); check that the server is running and reachable from this host, or wait "
            "longer with ?ecopt_retry_s=SECONDS in the storage URL");
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(backoff_s));
      backoff_s = std::min(2.0 * backoff_s, options_.max_backoff_s);
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }
}

}  // namespace ecopt::storage::detail
