#pragma once
// When `tune` stops starting trials: the trial, energy and time budgets of a study.
//
// Trials: finished trials that storage::counts_towards_budget accepts, plus running ones,
// of every process sharing the study (the storage checks the count again as it starts a
// trial, so workers together never overshoot). Energy: committed_energy_j, the finished
// trials' measured energy plus the running trials' energy so far. Time: of this run; for
// shared workers, since the study's first trial.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// Finished trials that count towards the trial budget (storage::counts_towards_budget:
/// interrupted and re-queued stale ones do not).
[[nodiscard]] std::int64_t counted_trials(const std::vector<study::Trial>& trials);
/// Measured energy of all trials so far (their whole-run windows), J.
[[nodiscard]] double spent_energy_j(const std::vector<study::Trial>& trials);
/// What the energy budget counts, J: spent_energy_j plus every RUNNING trial's energy so
/// far, from `own_running_j` (by trial id: the trials this process runs, read from their
/// samplers) or else from its last heartbeat (Trial::running_energy_j). A running trial
/// whose whole-run window is already recorded counts once, by that window.
[[nodiscard]] double committed_energy_j(const std::vector<study::Trial>& trials,
                                        const std::map<std::int64_t, double>& own_running_j);

/// What the budgets allow now.
struct BudgetCheck {
  bool spent = false;        ///< a budget is reached: nothing more starts
  std::string reason;        ///< which, e.g. "trial budget reached (10 trials)"
  bool trials_full = false;  ///< counted + running trials fill the trial budget: wait
};

struct BudgetPolicy {
  std::int64_t trials = -1;  ///< < 0: none
  std::optional<double> energy_j;
  std::optional<double> time_s;
  /// Workers sharing the study: the time budget runs from the study's first trial.
  bool shared = false;

  /// Checks the budgets against the study's trials (`all`), this process's running
  /// trials' energy so far (by trial id), how long this run has taken and the time now.
  [[nodiscard]] BudgetCheck check(const std::vector<study::Trial>& all,
                                  const std::map<std::int64_t, double>& own_running_j,
                                  double run_elapsed_s, double now_unix_s) const;
};

}  // namespace ecopt::runner
