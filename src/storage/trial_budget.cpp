#include "trial_budget.hpp"

#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

bool counts_towards_budget(const study::Trial& trial) {
  return study::is_finished(trial.state) && study::counts_towards_budget(trial.failure_kind);
}

namespace detail {

const std::string& counts_towards_budget_sql() {
  static const std::string sql = [] {
    std::string excluded;
    for (study::FailureKind kind : study::all_failure_kinds()) {
      if (study::counts_towards_budget(kind)) continue;
      excluded += (excluded.empty() ? "'" : ", '") + std::string(study::to_string(kind)) + "'";
    }
    return "(state = 'RUNNING' OR (state IN ('COMPLETE', 'PRUNED', 'FAIL') AND failure_kind "
           "NOT IN (" +
           excluded + ")))";
  }();
  return sql;
}

}  // namespace detail
}  // namespace ecopt::storage
