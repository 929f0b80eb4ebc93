#pragma once
// Which trials count towards a trial budget, in C++ and as SQL for the backends'
// start_trial_within_budget (internal). The two must agree.

namespace ecopt::storage::detail {

/// An SQL condition on a row of `trials`, true for the trials that count towards a trial
/// budget: RUNNING ones, and finished ones except interrupted trials and stale trials that
/// were re-queued (counts_towards_budget). Valid in SQLite and PostgreSQL.
inline constexpr const char* kCountsTowardsBudgetSql =
    "(state = 'RUNNING' OR (state IN ('COMPLETE', 'PRUNED', 'FAIL') AND "
    "error NOT LIKE 'interrupted%' AND error NOT LIKE 'stale:%re-queued%'))";

}  // namespace ecopt::storage::detail
