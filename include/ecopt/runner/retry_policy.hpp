#pragma once
// What follows a failed trial: an interrupted one is re-queued with the same parameters
// (unless --fail-interrupted), so running `tune` again resumes with no trial lost; a
// trial that failed by itself (exit status, timeout, crash) runs again while its chain of
// attempts is within run.retries.

#include <cstdint>
#include <vector>

#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

enum class FollowUp {
  none,
  requeue,  ///< enqueue the same parameters: the trial was interrupted, not at fault
  retry,    ///< enqueue them again, marked retry_of the failed trial
};

struct RetryPolicy {
  std::int64_t retries = 0;  ///< run.retries: attempts after the first
  bool requeue_interrupted = true;

  /// For a trial that ended as FAIL of `kind`, given every trial of the study (which may
  /// include the failed one): an interrupted one is re-queued; otherwise how many
  /// failures with the same parameters, interruptions aside, it already had decides on a
  /// retry. Decided by the stored kinds, never by the trials' messages.
  [[nodiscard]] FollowUp after_failure(const study::Trial& failed, study::FailureKind kind,
                                       const std::vector<study::Trial>& all) const;
};

/// Whether a FAIL trial was interrupted by ecopt rather than failing by itself (its kind).
[[nodiscard]] bool was_interrupted(const study::Trial& trial);

}  // namespace ecopt::runner
