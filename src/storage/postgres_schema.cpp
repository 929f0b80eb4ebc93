// The PostgreSQL schema and its forward migrations (internal). Columns mirror the SQLite
// schema (sqlite_schema.cpp), so both stores share the trial codec; PostgreSQL adds the
// per-study trial counter and the table of applied operations.
#include "postgres_schema.hpp"

#include <string>

#include "failure_kind_migration.hpp"

namespace ecopt::storage::detail {
namespace {

/// Migration i takes the schema from version i to i + 1. Append, never edit.
constexpr const char* kMigrations[] = {
    // 0 -> 1: the initial schema.
    R"sql(
CREATE TABLE studies (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  config_json TEXT NOT NULL,
  created_unix_s DOUBLE PRECISION NOT NULL,
  updated_unix_s DOUBLE PRECISION NOT NULL,
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  -- The next trial number: UPDATE ... RETURNING allocates numbers atomically.
  next_number BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE trials (
  id BIGSERIAL PRIMARY KEY,
  study_id BIGINT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL')),
  origin TEXT NOT NULL CHECK (origin IN ('sampler', 'enqueued')),
  params_json TEXT NOT NULL,
  values_json TEXT,
  constraints_json TEXT NOT NULL DEFAULT '{}',
  metrics_json TEXT NOT NULL DEFAULT '{}',
  user_attrs_json TEXT NOT NULL DEFAULT '{}',
  host TEXT NOT NULL DEFAULT '',
  worker_id TEXT NOT NULL DEFAULT '',
  heartbeat_unix_s DOUBLE PRECISION,
  error TEXT NOT NULL DEFAULT '',
  created_unix_s DOUBLE PRECISION NOT NULL,
  started_unix_s DOUBLE PRECISION,
  finished_unix_s DOUBLE PRECISION,
  UNIQUE (study_id, number),
  -- A COMPLETE trial always has its values: no half-written result can exist.
  CHECK (state <> 'COMPLETE' OR (values_json IS NOT NULL AND finished_unix_s IS NOT NULL))
);
CREATE INDEX trials_by_state ON trials (study_id, state, number);
CREATE TABLE trial_intermediate (
  trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  step BIGINT NOT NULL,
  values_json TEXT NOT NULL,
  PRIMARY KEY (trial_id, step)
);
CREATE TABLE trial_phases (
  id BIGSERIAL PRIMARY KEY,
  trial_id BIGINT NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
  phase TEXT NOT NULL,
  start_monotonic_s DOUBLE PRECISION NOT NULL,
  end_monotonic_s DOUBLE PRECISION NOT NULL,
  start_unix_s DOUBLE PRECISION NOT NULL,
  end_unix_s DOUBLE PRECISION NOT NULL,
  duration_s DOUBLE PRECISION NOT NULL,
  energy_json TEXT NOT NULL,
  meter TEXT NOT NULL,
  estimated BOOLEAN NOT NULL,
  uncertainty_j DOUBLE PRECISION NOT NULL,
  samples BIGINT NOT NULL,
  net_energy_json TEXT NOT NULL DEFAULT '{}',
  scope TEXT NOT NULL DEFAULT 'system'
);
CREATE INDEX trial_phases_by_trial ON trial_phases (trial_id);
-- Writes that must happen once record a token in their own transaction. When a COMMIT
-- is cut off by a lost connection, the retry finds the token and does not write again.
CREATE TABLE applied_operations (
  token TEXT PRIMARY KEY,
  result BIGINT NOT NULL,
  applied_unix_s DOUBLE PRECISION NOT NULL
);
)sql",
    // 1 -> 2: how each domain was attributed and notes per phase; uncertainties of derived
    // metrics; running trials' energy so far and power, carried by heartbeats.
    R"sql(
ALTER TABLE trial_phases ADD COLUMN details_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN metric_uncertainties_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN running_energy_j DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN running_power_w DOUBLE PRECISION;
)sql",
    // 2 -> 3: why a trial failed or was pruned, as a kind code acts on.
    kAddFailureKindSql,
};
static_assert(std::size(kMigrations) == kPostgresSchemaVersion, "one migration per schema version");

// Any constant will do; it only has to be the same in every ecopt.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(6523017441520950612)";

}  // namespace

void migrate(PgConnection& db) {
  db.transaction("create or migrate the ecopt schema", [&] {
    db.exec(kMigrationLock);
    int version = 0;
    // to_regclass follows search_path, so a URL's options=-csearch_path=... selects a
    // schema to keep studies in.
    PgResult tables = db.exec(
        "SELECT to_regclass('ecopt_schema') IS NOT NULL, to_regclass('studies') IS NOT NULL, "
        "to_regclass('trials') IS NOT NULL");
    if (tables.boolean(0, 0)) {
      PgResult row = db.exec("SELECT version FROM ecopt_schema");
      if (row.rows() != 1) {
        throw StorageError(db.display_url() +
                           ": the ecopt_schema table does not hold one version row; the "
                           "database was changed by hand, restore it from a backup");
      }
      version = static_cast<int>(row.integer(0, 0));
    } else if (tables.boolean(0, 1) || tables.boolean(0, 2)) {
      throw StorageError(db.display_url() +
                         ": this database has tables named studies or trials that ecopt did "
                         "not create (no ecopt_schema table); use a database of its own, e.g. "
                         "`createdb ecopt`");
    } else {
      db.exec("CREATE TABLE ecopt_schema (version INTEGER NOT NULL)");
      db.exec("INSERT INTO ecopt_schema VALUES (0)");
    }
    if (version > kPostgresSchemaVersion) {
      throw StorageError(db.display_url() + ": written by a newer ecopt (schema version " +
                         std::to_string(version) + "; this ecopt reads up to version " +
                         std::to_string(kPostgresSchemaVersion) + "); upgrade ecopt to use it");
    }
    for (int v = version; v < kPostgresSchemaVersion; ++v) {
      db.exec(kMigrations[v]);
      db.exec("UPDATE ecopt_schema SET version = " + std::to_string(v + 1));
    }
  });
}

}  // namespace ecopt::storage::detail
