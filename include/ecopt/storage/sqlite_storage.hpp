#pragma once
// The embedded default: a study database in one SQLite file.
//
// WAL journal, synchronous=FULL, one IMMEDIATE transaction per state change, and a busy
// timeout, so several processes (parallel jobs, workers on one machine) can share a file
// and a SIGKILL at any moment leaves it consistent with every finished trial intact.
// The schema is versioned (table ecopt_schema) and migrated forward on open; a file
// written by a newer ecopt is refused.

#include <memory>
#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

/// Schema version this build writes and the newest it can read.
inline constexpr int kSqliteSchemaVersion = 6;

struct SqliteOptions {
  int busy_timeout_ms = 30000;  ///< how long a write waits for another process's lock
};

/// Opens or creates the database at `path`. Throws StorageError (not a database,
/// corrupt, newer schema, locked, unwritable).
[[nodiscard]] std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                                           const SqliteOptions& options = {});

}  // namespace ecopt::storage
