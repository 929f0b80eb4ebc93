// What follows a failed trial: interrupted ones are re-queued, failures retried run.retries times.
#include "ecopt/runner/retry_policy.hpp"

#include <gtest/gtest.h>

namespace ecopt::runner {
namespace {

study::Trial failed(std::int64_t number, double x, const std::string& error = "exit status 1") {
  study::Trial t;
  t.number = number;
  t.state = study::TrialState::fail;
  t.params["x"] = x;
  t.error = error;
  return t;
}

TEST(RetryPolicy, InterruptedTrialsAreRequeuedUnlessAskedNotTo) {
  RetryPolicy policy;
  EXPECT_EQ(policy.after_failure(failed(0, 0.5, "interrupted"), true, {}), FollowUp::requeue);
  policy.requeue_interrupted = false;
  EXPECT_EQ(policy.after_failure(failed(0, 0.5, "interrupted"), true, {}), FollowUp::none);
}

TEST(RetryPolicy, FailuresAreRetriedWhileTheChainIsShort) {
  RetryPolicy policy;
  policy.retries = 2;
  const study::Trial first = failed(0, 0.5);
  EXPECT_EQ(policy.after_failure(first, false, {first}), FollowUp::retry);
  const study::Trial second = failed(1, 0.5);
  EXPECT_EQ(policy.after_failure(second, false, {first, second}), FollowUp::retry);
  const study::Trial third = failed(2, 0.5);
  EXPECT_EQ(policy.after_failure(third, false, {first, second, third}), FollowUp::none);
}

TEST(RetryPolicy, InterruptionsAndOtherParametersDoNotCountAsAttempts) {
  RetryPolicy policy;
  policy.retries = 1;
  const study::Trial now = failed(3, 0.5);
  EXPECT_EQ(policy.after_failure(now, false, {failed(0, 0.5, "interrupted"), failed(1, 0.7), now}),
            FollowUp::retry);
  EXPECT_EQ(policy.after_failure(now, false, {failed(0, 0.5), now}), FollowUp::none);
  policy.retries = 0;
  EXPECT_EQ(policy.after_failure(now, false, {now}), FollowUp::none);
}

}  // namespace
}  // namespace ecopt::runner
