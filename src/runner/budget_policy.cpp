#include "ecopt/runner/budget_policy.hpp"

#include <algorithm>

#include "ecopt/storage/storage.hpp"

namespace ecopt::runner {

std::int64_t counted_trials(const std::vector<study::Trial>& trials) {
  std::int64_t count = 0;
  for (const study::Trial& t : trials) count += storage::counts_towards_budget(t) ? 1 : 0;
  return count;
}

double spent_energy_j(const std::vector<study::Trial>& trials) {
  double total = 0.0;
  for (const study::Trial& t : trials) {
    for (const study::PhaseMeasurement& p : t.phases) {
      if (p.phase == "total") total += p.total_energy_j();
    }
  }
  return total;
}

double committed_energy_j(const std::vector<study::Trial>& trials,
                          const std::map<std::int64_t, double>& own_running_j) {
  double total = spent_energy_j(trials);
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::running) continue;
    // Its whole-run window is recorded already (its result is on its way in): counted above.
    if (std::any_of(t.phases.begin(), t.phases.end(),
                    [](const study::PhaseMeasurement& p) { return p.phase == "total"; })) {
      continue;
    }
    if (const auto own = own_running_j.find(t.id); own != own_running_j.end()) {
      total += own->second;
    } else {
      total += t.running_energy_j.value_or(0.0);
    }
  }
  return total;
}

BudgetCheck BudgetPolicy::check(const std::vector<study::Trial>& all,
                                const std::map<std::int64_t, double>& own_running_j,
                                double run_elapsed_s, double now_unix_s) const {
  BudgetCheck result;
  const std::int64_t counted = counted_trials(all);
  std::int64_t running = 0;
  double first_start_unix_s = now_unix_s;
  for (const study::Trial& t : all) {
    if (t.started_unix_s) first_start_unix_s = std::min(first_start_unix_s, *t.started_unix_s);
    if (t.state == study::TrialState::running) ++running;
  }
  const double elapsed_s = shared ? now_unix_s - first_start_unix_s : run_elapsed_s;
  if (trials >= 0 && counted >= trials) {
    result.spent = true;
    result.reason = "trial budget reached (" + std::to_string(trials) + " trials)";
  } else if (energy_j && committed_energy_j(all, own_running_j) >= *energy_j) {
    // Finished trials and running ones (this process's from their samplers, other
    // workers' from their heartbeats): a trial started now would only add to it.
    result.spent = true;
    result.reason = "energy budget reached";
  } else if (time_s && elapsed_s >= *time_s) {
    result.spent = true;
    result.reason = "time budget reached";
  }
  result.trials_full = trials >= 0 && counted + running >= trials;
  return result;
}

}  // namespace ecopt::runner
