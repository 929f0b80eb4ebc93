#pragma once

#include "postgres_connection.hpp"

namespace ecopt::storage::detail {

/// Creates the schema in a database (or schema, with search_path) that has none, or
/// migrates an older one forward, in one transaction under an advisory lock, so workers
/// starting together do it once. Throws StorageError for a newer schema or for tables that
/// ecopt did not create.
void migrate(PgConnection& db);

}  // namespace ecopt::storage::detail
