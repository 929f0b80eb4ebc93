#include "dashboard/live_view.hpp"

#include <algorithm>

#include "ecopt/runner/budget_policy.hpp"

namespace ecopt::dashboard {
namespace {

RunningTrial running_trial(const study::Trial& t, double now_unix_s) {
  RunningTrial r;
  r.number = t.number;
  r.host = t.host;
  r.worker_id = t.worker_id;
  if (t.started_unix_s) r.elapsed_s = std::max(0.0, now_unix_s - *t.started_unix_s);
  r.energy_j = t.running_energy_j;
  r.power_w = t.running_power_w;
  if (t.heartbeat_unix_s) r.heartbeat_age_s = std::max(0.0, now_unix_s - *t.heartbeat_unix_s);
  return r;
}

BudgetLine line(std::string quantity, double used, std::optional<double> limit) {
  BudgetLine b{std::move(quantity), used, limit, std::nullopt};
  if (limit) b.left = std::max(0.0, *limit - used);
  return b;
}

/// The budgets as the workers sharing a study count them (runner::BudgetPolicy): trials
/// that count plus running ones, finished energy plus running trials' heartbeats, time
/// since the study's first trial started.
std::vector<BudgetLine> budget_lines(const study::Budget& budget,
                                     const std::vector<study::Trial>& trials, double now_unix_s) {
  std::int64_t running = 0;
  std::optional<double> first_start_unix_s;
  for (const study::Trial& t : trials) {
    if (t.state == study::TrialState::running) ++running;
    if (t.started_unix_s)
      first_start_unix_s =
          std::min(first_start_unix_s.value_or(*t.started_unix_s), *t.started_unix_s);
  }
  std::optional<double> trial_limit;
  if (budget.trials) trial_limit = static_cast<double>(*budget.trials);
  const double elapsed_s =
      first_start_unix_s ? std::max(0.0, now_unix_s - *first_start_unix_s) : 0.0;
  return {
      line("trials", static_cast<double>(runner::counted_trials(trials) + running), trial_limit),
      line("energy", runner::committed_energy_j(trials, {}), budget.energy_j),
      line("time", elapsed_s, budget.time_s)};
}

}  // namespace

FailedTrial failed_trial(const study::Trial& trial) {
  FailedTrial f;
  f.number = trial.number;
  f.kind = std::string(study::to_string(trial.failure_kind));
  f.finished_unix_s = trial.finished_unix_s;
  f.reason = trial.error.substr(0, trial.error.find('\n'));
  f.stderr_tail = trial.stderr_tail;
  return f;
}

LiveView live_view(const storage::StudyRecord& record, const std::vector<study::Trial>& trials,
                   double now_unix_s) {
  LiveView view;
  for (const study::Trial& t : trials) {
    if (t.state == study::TrialState::running) view.running.push_back(running_trial(t, now_unix_s));
    if (t.state == study::TrialState::fail) view.failed.push_back(failed_trial(t));
    if (study::is_finished(t.state)) ++view.finished;
  }
  std::reverse(view.failed.begin(), view.failed.end());
  view.budget = budget_lines(record.config.budget, trials, now_unix_s);
  return view;
}

}  // namespace ecopt::dashboard
