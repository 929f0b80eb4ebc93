#pragma once
// The schema step that adds trials.failure_kind (internal), the same in SQLite and
// PostgreSQL.

namespace ecopt::storage::detail {

/// Adds the column and classifies the rows written before it existed. This is the only
/// place a trial's message is ever read for its meaning, once per database: the patterns
/// are the texts older ecopt versions wrote (src/runner/tune.cpp, recover_stale_trials).
/// A FAIL whose text matches none of them was told by a user: `failed`.
inline constexpr const char* kAddFailureKindSql = R"sql(
ALTER TABLE trials ADD COLUMN failure_kind TEXT NOT NULL DEFAULT 'none';
UPDATE trials SET failure_kind = CASE
  WHEN state = 'PRUNED' THEN 'pruned'
  WHEN state <> 'FAIL' THEN 'none'
  WHEN error LIKE 'interrupted%' THEN 'interrupted'
  WHEN error LIKE 'stale:%re-queued%' THEN 'stale_requeued'
  WHEN error LIKE 'stale:%' THEN 'stale'
  WHEN error LIKE 'timed out after %' THEN 'timeout'
  WHEN error LIKE 'killed by %' THEN 'killed_by_signal'
  WHEN error LIKE 'exit status %' THEN 'crashed'
  WHEN error LIKE 'did not report objective %' THEN 'no_objective'
  WHEN error LIKE 'cannot run %' THEN 'launch_failed'
  ELSE 'failed'
END;
)sql";

}  // namespace ecopt::storage::detail
