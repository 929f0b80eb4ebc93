#pragma once
// What a finished trial process amounts to: COMPLETE with the study's objective values,
// or FAIL with a kind for code (study::FailureKind: crashed, timeout, interrupted, ...)
// and a reason for people (exit status, signal, a missing objective) with the tail of its
// stderr beside it, plus the metrics and uncertainties to record with it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// The words for a trial, or a run, that ecopt stopped (Ctrl-C, SIGTERM): the reason
/// people read. Code decides by study::FailureKind::interrupted, never by this text.
inline constexpr const char* kInterrupted = "interrupted";

/// What a trial process gave back.
struct TrialRun {
  study::Trial trial;              ///< as it started
  std::optional<MeasuredRun> run;  ///< empty when it could not be started
  std::string launch_error;        ///< why, then
  std::string prune_reason;        ///< why the runner pruned it (when run->pruned)
};

struct TrialOutcome {
  TrialRun finished;
  study::FailureKind kind = study::FailureKind::none;  ///< none: COMPLETE with `values`
  std::string reason;                                  ///< why not COMPLETE, for people
  /// A failed trial's last lines of stderr (empty when it completed, was pruned or
  /// interrupted, or kept no output); stored as study::Trial::stderr_tail.
  std::string stderr_tail;
  std::vector<double> values;
  std::map<std::string, double> metrics;
  std::map<std::string, double> uncertainties;  ///< of the derived metrics

  [[nodiscard]] bool complete() const { return kind == study::FailureKind::none; }
  /// ecopt stopped it (Ctrl-C, SIGTERM): re-queued, not retried, not counted as a failure.
  [[nodiscard]] bool interrupted() const { return kind == study::FailureKind::interrupted; }
};

/// Judges a finished trial against the study: its objective values from reported metrics
/// or derived quantities (energy, time, carbon with `carbon`), or why it failed.
[[nodiscard]] TrialOutcome judge_trial(TrialRun finished, const study::StudyConfig& config,
                                       const energy::CarbonSettings& carbon);

}  // namespace ecopt::runner
