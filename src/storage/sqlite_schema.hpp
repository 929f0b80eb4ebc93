#pragma once

#include "ecopt/storage/sqlite_storage.hpp"
#include "sqlite_connection.hpp"

namespace ecopt::storage::detail {

/// Creates the schema in an empty database, or migrates an older one forward, in one
/// transaction. Throws StorageError for a newer schema or a foreign database.
void migrate(SqliteDatabase& db);

}  // namespace ecopt::storage::detail
