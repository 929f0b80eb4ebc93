#pragma once
// Which trials count towards a trial budget, in C++ and as SQL for the backends'
// start_trial_within_budget (internal). Both come from study::counts_towards_budget.

#include <string>

namespace ecopt::storage::detail {

/// An SQL condition on a row of `trials`, true for the trials that count towards a trial
/// budget: RUNNING ones, and finished ones whose failure_kind counts
/// (study::counts_towards_budget). Valid in SQLite and PostgreSQL.
[[nodiscard]] const std::string& counts_towards_budget_sql();

}  // namespace ecopt::storage::detail
