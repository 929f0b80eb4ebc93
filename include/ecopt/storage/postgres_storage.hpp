#pragma once
// Studies in a PostgreSQL database, shared by workers on many machines.
//
// The same semantics as the SQLite store (storage.hpp), with the server doing the
// locking: trial numbers come from a per-study counter row, a WAITING trial is claimed
// with SELECT ... FOR UPDATE SKIP LOCKED, finishing a trial is an UPDATE that only
// matches a RUNNING row, and times (start, heartbeat, finish) are the server's clock, so
// stale detection does not depend on the workers' clocks agreeing.
//
// Connection loss (a restarted server, a network blip) of a connection that worked is retried with
// exponential backoff for up to `retry_for_s`; a write whose COMMIT was cut off is recognised on
// retry by a token recorded in the same transaction, so it is applied exactly once.
// The schema is versioned (table ecopt_schema), created or migrated on first use under
// an advisory lock, so many workers can start at once against an empty database.

#include <memory>
#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

/// Schema version this build writes and the newest it can read.
inline constexpr int kPostgresSchemaVersion = 4;

struct PostgresOptions {
  /// How long one operation keeps retrying a lost connection before it throws
  /// StorageError. The URL's `ecopt_retry_s` query parameter overrides it.
  double retry_for_s = 60.0;
  /// Whether a first connection that fails is retried too. By default it is not: it is
  /// reported at once with libpq's reason (most often the URL is mistyped). The URL's
  /// `ecopt_retry_s` turns it on, for workers that may start while their server restarts.
  bool retry_first_connection = false;
  double first_backoff_s = 0.1;  ///< the first wait; each next one doubles, up to max
  double max_backoff_s = 5.0;
  int connect_timeout_s = 10;  ///< per connection attempt (libpq's connect_timeout)
};

/// Opens the database at `url` (postgresql://user:password@host:port/database, or any
/// libpq URI, with query parameters such as sslmode=require), creating or migrating the
/// schema. Throws StorageError: unreachable after the retries, authentication refused,
/// database missing, not an ecopt schema, or written by a newer ecopt.
[[nodiscard]] std::unique_ptr<Storage> open_postgres_storage(const std::string& url,
                                                             const PostgresOptions& options = {});

}  // namespace ecopt::storage
