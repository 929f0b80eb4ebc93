#pragma once
// What a finished trial process amounts to: COMPLETE with the study's objective values,
// or FAIL with a reason for people (exit status, timeout, signal, a missing objective,
// the tail of its stderr), plus the metrics and uncertainties to record with it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/runner/measured_run.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// The reason of a trial ecopt stopped (Ctrl-C, SIGTERM): it is re-queued, not retried.
inline constexpr const char* kInterrupted = "interrupted";

/// What a trial process gave back.
struct TrialRun {
  study::Trial trial;              ///< as it started
  std::optional<MeasuredRun> run;  ///< empty when it could not be started
  std::string launch_error;        ///< why, then
};

struct TrialOutcome {
  TrialRun finished;
  std::string reason;  ///< empty: COMPLETE with `values`
  std::vector<double> values;
  std::map<std::string, double> metrics;
  std::map<std::string, double> uncertainties;  ///< of the derived metrics
  bool interrupted = false;                     ///< ecopt stopped it (reason kInterrupted)

  [[nodiscard]] bool complete() const { return reason.empty(); }
};

/// Judges a finished trial against the study: its objective values from reported metrics
/// or derived quantities (energy, time, carbon with `carbon`), or why it failed.
[[nodiscard]] TrialOutcome judge_trial(TrialRun finished, const study::StudyConfig& config,
                                       const energy::CarbonSettings& carbon);

}  // namespace ecopt::runner
