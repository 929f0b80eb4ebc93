// What follows a failed trial: interrupted ones are re-queued, failures retried run.retries
// times. Decided by the trials' failure kinds; their messages are for people only.
#include "ecopt/runner/retry_policy.hpp"

#include <gtest/gtest.h>

namespace ecopt::runner {
namespace {

using study::FailureKind;

study::Trial failed(std::int64_t number, double x, FailureKind kind = FailureKind::crashed,
                    const std::string& error = "exit status 1") {
  study::Trial t;
  t.number = number;
  t.state = study::TrialState::fail;
  t.params["x"] = x;
  t.failure_kind = kind;
  t.error = error;
  return t;
}

TEST(RetryPolicy, InterruptedTrialsAreRequeuedUnlessAskedNotTo) {
  RetryPolicy policy;
  const study::Trial stopped = failed(0, 0.5, FailureKind::interrupted, "interrupted");
  EXPECT_EQ(policy.after_failure(stopped, FailureKind::interrupted, {}), FollowUp::requeue);
  policy.requeue_interrupted = false;
  EXPECT_EQ(policy.after_failure(stopped, FailureKind::interrupted, {}), FollowUp::none);
}

TEST(RetryPolicy, FailuresAreRetriedWhileTheChainIsShort) {
  RetryPolicy policy;
  policy.retries = 2;
  const study::Trial first = failed(0, 0.5);
  EXPECT_EQ(policy.after_failure(first, FailureKind::crashed, {first}), FollowUp::retry);
  const study::Trial second = failed(1, 0.5, FailureKind::timeout);
  EXPECT_EQ(policy.after_failure(second, FailureKind::timeout, {first, second}), FollowUp::retry);
  const study::Trial third = failed(2, 0.5);
  EXPECT_EQ(policy.after_failure(third, FailureKind::crashed, {first, second, third}),
            FollowUp::none);
}

TEST(RetryPolicy, InterruptionsAndOtherParametersDoNotCountAsAttempts) {
  RetryPolicy policy;
  policy.retries = 1;
  const study::Trial now = failed(3, 0.5);
  EXPECT_EQ(policy.after_failure(
                now, FailureKind::crashed,
                {failed(0, 0.5, FailureKind::interrupted, "interrupted"), failed(1, 0.7), now}),
            FollowUp::retry);
  EXPECT_EQ(policy.after_failure(now, FailureKind::crashed, {failed(0, 0.5), now}), FollowUp::none);
  policy.retries = 0;
  EXPECT_EQ(policy.after_failure(now, FailureKind::crashed, {now}), FollowUp::none);
}

TEST(RetryPolicy, TheKindDecidesNotTheMessage) {
  RetryPolicy policy;
  policy.retries = 1;
  const study::Trial now = failed(3, 0.5);
  // A crash whose message happens to start with "interrupted" is an attempt...
  const study::Trial worded = failed(0, 0.5, FailureKind::crashed, "interrupted system call");
  EXPECT_EQ(policy.after_failure(now, FailureKind::crashed, {worded, now}), FollowUp::none);
  EXPECT_FALSE(was_interrupted(worded));
  // ...and an interruption told in other words is not.
  const study::Trial stopped = failed(1, 0.5, FailureKind::interrupted, "stopped by SIGTERM");
  EXPECT_EQ(policy.after_failure(now, FailureKind::crashed, {stopped, now}), FollowUp::retry);
  EXPECT_TRUE(was_interrupted(stopped));
}

}  // namespace
}  // namespace ecopt::runner
