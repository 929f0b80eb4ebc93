#pragma once
// Trials and what is recorded about them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/measurement/phase_measurement.hpp"
#include "ecopt/space/value.hpp"

namespace ecopt::study {

enum class TrialState { waiting, running, complete, pruned, fail };

[[nodiscard]] std::string_view to_string(TrialState state);  ///< "WAITING", "RUNNING", ...
/// Parses a state name, case-insensitively; std::nullopt when unknown.
[[nodiscard]] std::optional<TrialState> parse_trial_state(std::string_view text);
[[nodiscard]] bool is_finished(TrialState state);  ///< COMPLETE, PRUNED or FAIL

/// Measurements live below both energy (which produces them) and study (which records
/// them with a trial); the name stays here so study-side code reads as before.
using measurement::PhaseMeasurement;

/// Why a trial ended as PRUNED or FAIL, for code to act on: budgets, retries and reports
/// decide by the kind, never by the trial's `error` message, which is for people only.
/// Stored in its own column; rows from before it existed were classified once, when the
/// schema migration added it.
enum class FailureKind {
  none,              ///< not finished, or COMPLETE
  failed,            ///< FAIL told by a user or a client (`ecopt tell --state fail`, Study::tell)
  pruned,            ///< PRUNED: stopped early as unpromising
  launch_failed,     ///< the trial's command could not be started
  crashed,           ///< exited with a non-zero status
  killed_by_signal,  ///< ended by a signal that ecopt did not send
  timeout,           ///< ran past run.timeout and was terminated
  no_objective,      ///< exited 0 but did not report every objective
  interrupted,       ///< `ecopt tune` was stopped (Ctrl-C, SIGTERM) and stopped the trial
  stale,             ///< its worker stopped sending heartbeats; failed
  stale_requeued,    ///< as stale, and its parameters were enqueued again as a new trial
};

/// "none", "failed", "pruned", "launch_failed", ...: the stored and printed name.
[[nodiscard]] std::string_view to_string(FailureKind kind);
/// Parses a stored name; std::nullopt when unknown (e.g. written by a newer ecopt).
[[nodiscard]] std::optional<FailureKind> parse_failure_kind(std::string_view text);
/// Every kind, in declaration order.
[[nodiscard]] const std::vector<FailureKind>& all_failure_kinds();
/// Whether a finished trial of this kind counts towards a trial budget. Interrupted trials
/// and stale ones that were re-queued do not: their parameters run again as a new trial.
[[nodiscard]] bool counts_towards_budget(FailureKind kind);

/// Where a trial's parameters came from.
enum class TrialOrigin { sampler, enqueued };

struct Trial {
  std::int64_t id = 0;      ///< storage-wide identifier
  std::int64_t number = 0;  ///< 0, 1, 2 ... within the study, allocated atomically
  TrialState state = TrialState::waiting;
  TrialOrigin origin = TrialOrigin::sampler;
  space::Params params;
  std::vector<double> values;                       ///< objective values, in study order
  std::map<std::string, double> constraint_values;  ///< metric -> value
  std::map<std::string, double> metrics;            ///< any named numbers the trial reported
  /// Standard uncertainty of a metric, where it has one (derived energy, power and carbon
  /// quantities carry their measurement's), by metric name.
  std::map<std::string, double> metric_uncertainties;
  std::map<std::int64_t, std::map<std::string, double>> intermediate;  ///< step -> values
  std::string host;
  std::string worker_id;
  std::optional<double> heartbeat_unix_s;
  /// While RUNNING: energy measured so far (J) and mean power over the last heartbeat
  /// interval (W), as the runner's last heartbeat reported them.
  std::optional<double> running_energy_j;
  std::optional<double> running_power_w;
  FailureKind failure_kind = FailureKind::none;  ///< why it failed or was pruned, for code
  std::string error;                             ///< why it failed or was pruned, for people
  /// A crashed trial's last lines of stderr (bounded_stderr_tail: at most
  /// kMaxStderrTailBytes, valid UTF-8); empty when none was kept.
  std::string stderr_tail;
  std::map<std::string, std::string> user_attrs;  ///< JSON text per key, e.g. params, flops
  std::vector<PhaseMeasurement> phases;
  double created_unix_s = 0.0;
  std::optional<double> started_unix_s;
  std::optional<double> finished_unix_s;
};

}  // namespace ecopt::study
