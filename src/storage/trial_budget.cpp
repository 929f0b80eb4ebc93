#include "trial_budget.hpp"

#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

bool counts_towards_budget(const study::Trial& trial) {
  if (!study::is_finished(trial.state)) return false;
  // The same test as kCountsTowardsBudgetSql, for finished trials: "interrupted" is how
  // `ecopt tune` fails a trial it stops; recover_stale_trials writes "stale: ...; re-queued
  // as a new trial".
  if (trial.error.rfind("interrupted", 0) == 0) return false;
  if (trial.error.rfind("stale:", 0) == 0 && trial.error.find("re-queued") != std::string::npos)
    return false;
  return true;
}

}  // namespace ecopt::storage
