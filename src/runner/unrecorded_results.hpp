#pragma once
// The file of last resort for results the storage could not take (internal): when the
// database stays unreachable past the give-up time, or a trial was failed as stale by
// another worker while it was still running, its result goes here as one JSON line, so
// a measured trial is never silently lost.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

struct UnrecordedResult {
  std::string study;
  std::string storage_url;  ///< where it should have gone (password redacted)
  study::Trial trial;       ///< as started: number, id, params, host, worker
  std::string state;        ///< "COMPLETE" or "FAIL"
  study::FailureKind failure_kind = study::FailureKind::none;  ///< why FAIL, for code
  std::vector<double> values;
  std::string reason;       ///< why it failed, or why it was not recorded
  std::string stderr_tail;  ///< a failed trial's last lines of stderr
  std::map<std::string, double> metrics;
  std::map<std::string, double> metric_uncertainties;  ///< standard uncertainty by metric
  std::vector<study::PhaseMeasurement> phases;
  std::string why_unrecorded;
};

/// Appends `results` to `path` (creating its directory), one JSON object a line, and
/// flushes it to disk. Throws std::runtime_error naming the file when it cannot.
void append_unrecorded(const std::string& path, const std::vector<UnrecordedResult>& results);

}  // namespace ecopt::runner
