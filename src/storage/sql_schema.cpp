// The schema of both SQL stores, written once, and its forward migrations (internal).
//
// Each step says which schema version it completes in each dialect. The two stores grew
// apart before they shared this list (PostgreSQL's first version already had what
// SQLite's versions 2 and 5 added), so a store at version v runs, in order, every step
// whose version for its dialect is above v (0: not a step for that dialect), and is at
// that step's version after it. Append steps; never edit one. Steps name types and the
// few functions the dialects spell differently by placeholders (with_dialect).
#include "sql_schema.hpp"

#include <algorithm>
#include <string>

#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "failure_kind_migration.hpp"
#include "stderr_tail_migration.hpp"

namespace ecopt::storage::detail {
namespace {

struct SchemaStep {
  int sqlite_version;
  int postgres_version;
  /// {id}, {int}, {real} and {bool} stand for the dialect's type names, {strpos} for its
  /// function that finds a text in another (SqlTypeNames)
  const char* sql;
};

constexpr SchemaStep kSteps[] = {
    {1, 1, R"sql(
CREATE TABLE studies (
  id {id},
  name TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL,
  created_unix_s {real} NOT NULL,
  updated_unix_s {real} NOT NULL,
  user_attrs_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE trials (
  id {id},
  study_id {int} NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number {int} NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
  origin TEXT NOT NULL CHECK (origin IN ('sampler', 'enqueued')),
  params_json TEXT NOT NULL,
  values_json TEXT,
  constraints_json TEXT NOT NULL DEFAULT '{}',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  host TEXT NOT NULL DEFAULT '',
  worker_id TEXT NOT NULL DEFAULT '',
  heartbeat_unix_s {real},
  error TEXT NOT NULL DEFAULT '',
  created_unix_s {real} NOT NULL,
  started_unix_s {real},
  finished_unix_s {real},
  UNIQUE (study_id, number),
  -- A COMPLETE trial always has its values: no half-written result can exist.
  CHECK (state <> 'COMPLETE' OR (values_json IS NOT NULL AND finished_unix_s IS NOT NULL))
);
CREATE INDEX trials_by_state ON trials (study_id, state, number);
CREATE TABLE trial_intermediate (
  trial_id {int} NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step {int} NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_phases (
  id {id},
  trial_id {int} NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  phase TEXT NOT NULL,
  start_monotonic_s {real} NOT NULL,
  end_monotonic_s {real} NOT NULL,
  start_unix_s {real} NOT NULL,
  end_unix_s {real} NOT NULL,
  duration_s {real} NOT NULL,
  energy_json TEXT NOT NULL,
  meter TEXT NOT NULL,
  estimated {bool} NOT NULL,
  uncertainty_j {real} NOT NULL,
  samples {int} NOT NULL
);
CREATE INDEX trial_phases_by_trial ON trial_phases (trial_id);
)sql"},
    // Net energy (gross minus idle baseline) and the attribution scope per phase.
    {2, 1, R"sql(
ALTER TABLE trial_phases ADD COLUMN net_energy_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trial_phases ADD COLUMN scope TEXT NOT NULL DEFAULT 'system';
)sql"},
    // The per-study trial counter (UPDATE ... RETURNING allocates numbers atomically)
    // and the tokens of writes that must happen once: when a COMMIT is cut off by a lost
    // connection, the retry finds the token and does not write again.
    {5, 1, R"sql(
ALTER TABLE studies ADD COLUMN next_number {int} NOT NULL DEFAULT 0;
UPDATE studies SET next_number =
  (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE trials.study_id = studies.id);
CREATE TABLE applied_operations (
  token TEXT PRIMARY KEY,
  result {int} NOT NULL,
  applied_unix_s {real} NOT NULL
);
)sql"},
    // How each domain was attributed and notes per phase; uncertainties of derived
    // metrics; running trials' energy so far and power, carried by heartbeats.
    {3, 2, R"sql(
ALTER TABLE trial_phases ADD COLUMN details_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN metric_uncertainties_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN running_energy_j {real};
ALTER TABLE trials ADD COLUMN running_power_w {real};
)sql"},
    // Why a trial failed or was pruned, as a kind code acts on.
    {4, 3, kAddFailureKindSql},
    // A crashed trial's last lines of stderr, in their own column instead of after a
    // marker in its error.
    {6, 4, kAddStderrTailSql},
};

constexpr int newest_version(int SchemaStep::*version) {
  int newest = 0;
  for (const SchemaStep& step : kSteps) newest = std::max(newest, step.*version);
  return newest;
}
static_assert(newest_version(&SchemaStep::sqlite_version) == kSqliteSchemaVersion,
              "kSqliteSchemaVersion is the newest step's");
static_assert(newest_version(&SchemaStep::postgres_version) == kPostgresSchemaVersion,
              "kPostgresSchemaVersion is the newest step's");

int step_version(const SchemaStep& step, const SqlDialect& dialect) {
  return dialect.kind == SqlDialect::Kind::postgresql ? step.postgres_version : step.sqlite_version;
}

std::string with_dialect(std::string sql, const SqlDialect& dialect) {
  const SqlTypeNames& names = dialect.types;
  const std::pair<std::string_view, std::string_view> types[] = {{"{id}", names.id},
                                                                 {"{int}", names.integer},
                                                                 {"{real}", names.real},
                                                                 {"{bool}", names.boolean},
                                                                 {"{strpos}", names.strpos}};
  for (const auto& [placeholder, type] : types) {
    for (std::size_t at = sql.find(placeholder); at != std::string::npos;
         at = sql.find(placeholder, at + type.size())) {
      sql.replace(at, placeholder.size(), type);
    }
  }
  return sql;
}

int stored_version(SqlConnection& db) {
  if (!db.table_exists("ecopt_schema")) {
    if (const auto foreign = db.foreign_data()) throw StorageError(db.url() + ": " + *foreign);
    db.execute_script(
        "CREATE TABLE ecopt_schema (version INTEGER NOT NULL); INSERT INTO ecopt_schema VALUES "
        "(0)");
    return 0;
  }
  const SqlRows row = db.query("SELECT version FROM ecopt_schema");
  if (row.size() != 1) {
    throw StorageError(db.url() +
                       ": the ecopt_schema table does not hold one version row; the store was "
                       "damaged or changed by hand, restore it from a backup");
  }
  return static_cast<int>(row.integer(0, 0));
}

}  // namespace

int schema_version(const SqlDialect& dialect) {
  return dialect.kind == SqlDialect::Kind::postgresql ? kPostgresSchemaVersion
                                                      : kSqliteSchemaVersion;
}

void migrate(SqlConnection& db) {
  const SqlDialect& dialect = db.dialect();
  db.transaction("create or migrate the ecopt schema", [&] {
    db.lock_schema();
    const int version = stored_version(db);
    const int newest = schema_version(dialect);
    if (version > newest) {
      throw StorageError(db.url() + ": written by a newer ecopt (schema version " +
                         std::to_string(version) + "; this ecopt reads up to version " +
                         std::to_string(newest) + "); upgrade ecopt to open it");
    }
    for (const SchemaStep& step : kSteps) {
      if (step_version(step, dialect) > version) db.execute_script(with_dialect(step.sql, dialect));
    }
    if (version < newest) db.query("UPDATE ecopt_schema SET version = $1", {newest});
  });
}

}  // namespace ecopt::storage::detail
