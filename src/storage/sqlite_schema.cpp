// The SQLite schema and its forward migrations (internal).
#include "sqlite_schema.hpp"

#include <string>

#include "failure_kind_migration.hpp"

namespace ecopt::storage::detail {
namespace {

/// Migration i takes the schema from version i to i + 1. Append, never edit.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the initial schema.
    R"sql(
CREATE TABLE studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL,
  created_unix_s REAL NOT NULL,
  updated_unix_s REAL NOT NULL,
  user_attrs_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
  origin TEXT NOT NULL CHECK (origin IN ('sampler', 'enqueued')),
  params_json TEXT NOT NULL,
  values_json TEXT,
  constraints_json TEXT NOT NULL DEFAULT '{}',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  host TEXT NOT NULL DEFAULT '',
  worker_id TEXT NOT NULL DEFAULT '',
  heartbeat_unix_s REAL,
  error TEXT NOT NULL DEFAULT '',
  created_unix_s REAL NOT NULL,
  started_unix_s REAL,
  finished_unix_s REAL,
  UNIQUE (study_id, number),
  -- A COMPLETE trial always has its values: no half-written result can exist.
  CHECK (state <> 'COMPLETE' OR (values_json IS NOT NULL AND finished_unix_s IS NOT NULL))
);
CREATE INDEX trials_by_state ON trials (study_id, state, number);
CREATE TABLE trial_intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_phases (
  id INTEGER PRIMARY KEY,
  trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  phase TEXT NOT NULL,
  start_monotonic_s REAL NOT NULL,
  end_monotonic_s REAL NOT NULL,
  start_unix_s REAL NOT NULL,
  end_unix_s REAL NOT NULL,
  duration_s REAL NOT NULL,
  energy_json TEXT NOT NULL,
  meter TEXT NOT NULL,
  estimated INTEGER NOT NULL,
  uncertainty_j REAL NOT NULL,
  samples INTEGER NOT NULL
);
CREATE INDEX trial_phases_by_trial ON trial_phases (trial_id);
)sql",
    // 1 -> 2: net energy (gross minus idle baseline) and the attribution scope per phase.
    R"sql(
ALTER TABLE trial_phases ADD COLUMN net_energy_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trial_phases ADD COLUMN scope TEXT NOT NULL DEFAULT 'system';
)sql",
    // 2 -> 3: how each domain was attributed and notes per phase; uncertainties of derived
    // metrics; running trials' energy so far and power, carried by heartbeats.
    R"sql(
ALTER TABLE trial_phases ADD COLUMN details_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN metric_uncertainties_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN running_energy_j REAL;
ALTER TABLE trials ADD COLUMN running_power_w REAL;
)sql",
    // 3 -> 4: why a trial failed or was pruned, as a kind code acts on.
    kAddFailureKindSql,
};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion, "one migration per schema version");

bool table_exists(SqliteDatabase& db, const char* name) {
  SqliteStatement query(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  query.bind(1, std::string_view(name));
  return query.step();
}

}  // namespace

void migrate(SqliteDatabase& db) {
  SqliteTransaction transaction(db);
  int version = 0;
  if (table_exists(db, "ecopt_schema")) {
    SqliteStatement query(db, "SELECT version FROM ecopt_schema");
    if (!query.step()) {
      throw StorageError(db.path() + ": the ecopt_schema table is empty; the file is damaged");
    }
    version = static_cast<int>(query.column_int(0));
  } else {
    SqliteStatement any(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
    any.step();
    if (any.column_int(0) > 0) {
      throw StorageError(db.path() +
                         ": this SQLite database was not written by ecopt (it has tables but no "
                         "ecopt_schema); use a new file name for the study");
    }
    db.execute(
        "CREATE TABLE ecopt_schema (version INTEGER NOT NULL); INSERT INTO ecopt_schema VALUES "
        "(0)");
  }
  if (version > kSqliteSchemaVersion) {
    throw StorageError(db.path() + ": written by a newer ecopt (schema version " +
                       std::to_string(version) + "; this ecopt reads up to version " +
                       std::to_string(kSqliteSchemaVersion) + "); upgrade ecopt to open it");
  }
  for (int v = version; v < kSqliteSchemaVersion; ++v) {
    db.execute(kMigrations[v]);
    db.execute("UPDATE ecopt_schema SET version = " + std::to_string(v + 1));
  }
  transaction.commit();
}

}  // namespace ecopt::storage::detail
