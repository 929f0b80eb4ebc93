#include "ecopt/runner/retry_policy.hpp"

namespace ecopt::runner {

bool was_interrupted(const study::Trial& trial) {
  return trial.state == study::TrialState::fail &&
         trial.failure_kind == study::FailureKind::interrupted;
}

FollowUp RetryPolicy::after_failure(const study::Trial& failed, study::FailureKind kind,
                                    const std::vector<study::Trial>& all) const {
  if (kind == study::FailureKind::pruned) return FollowUp::none;  // judged, not broken
  if (kind == study::FailureKind::interrupted)
    return requeue_interrupted ? FollowUp::requeue : FollowUp::none;
  std::int64_t attempts = 1;
  for (const study::Trial& t : all) {
    if (t.params == failed.params && t.state == study::TrialState::fail && !was_interrupted(t) &&
        t.number != failed.number) {
      ++attempts;
    }
  }
  return attempts <= retries ? FollowUp::retry : FollowUp::none;
}

}  // namespace ecopt::runner
