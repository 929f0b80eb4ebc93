#pragma once
// The one schema of both SQL stores and its forward migrations (internal).

#include "sql_connection.hpp"

namespace ecopt::storage::detail {

/// The schema version this build writes for the dialect (kSqliteSchemaVersion,
/// kPostgresSchemaVersion).
[[nodiscard]] int schema_version(const SqlDialect& dialect);

/// Creates the schema in an empty store, or migrates an older one forward, in one
/// transaction. Throws StorageError for a newer schema or another program's data.
void migrate(SqlConnection& db);

}  // namespace ecopt::storage::detail
