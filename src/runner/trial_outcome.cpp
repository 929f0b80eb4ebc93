#include "ecopt/runner/trial_outcome.hpp"

#include <string.h>

#include "ecopt/runner/trial_inputs.hpp"
#include "ecopt/study/stderr_tail.hpp"

namespace ecopt::runner {
namespace {

std::string signal_name(int signal) {
  const char* name = sigabbrev_np(signal);
  return name != nullptr ? std::string("SIG") + name : "signal " + std::to_string(signal);
}

struct Failure {
  study::FailureKind kind = study::FailureKind::none;
  std::string reason;
};

/// How the process failed by its exit, or kind none when it exited 0.
Failure exit_failure(const MeasuredRun& run, const study::StudyConfig& config) {
  using study::FailureKind;
  // Pruned first: however it then ended (its own exit, SIGTERM, a Ctrl-C meanwhile), the
  // decision was made and its partial curve is what it contributes.
  if (run.pruned) return {FailureKind::pruned, "pruned"};
  if (run.interrupted) return {FailureKind::interrupted, kInterrupted};
  if (run.timed_out && run.in_process) {
    return {FailureKind::timeout,
            "timed out: ran past run.timeout (" +
                std::to_string(static_cast<long long>(*config.run.timeout_s)) +
                " s); an in-process trial cannot be killed, so it was recorded when it returned "
                "(check trial.should_prune() in long loops to stop at the deadline)"};
  }
  if (run.timed_out) {
    return {FailureKind::timeout,
            "timed out after " + std::to_string(static_cast<long long>(*config.run.timeout_s)) +
                " s (SIGTERM to its process group, SIGKILL after " +
                std::to_string(static_cast<long long>(config.run.kill_grace_s)) + " s)"};
  }
  if (!run.exception.empty()) return {FailureKind::crashed, "raised " + run.exception};
  if (run.exit_status > 128)
    return {FailureKind::killed_by_signal, "killed by " + signal_name(run.exit_status - 128)};
  if (run.exit_status != 0)
    return {FailureKind::crashed, "exit status " + std::to_string(run.exit_status)};
  return {};
}

/// The objective values in study order, or why one is missing (and no values).
std::string objective_values(const MeasuredRun& run, const std::map<std::string, double>& derived,
                             const study::StudyConfig& config, std::vector<double>& values) {
  for (const study::Objective& objective : config.objectives) {
    const auto value = objective_value(objective.name, run, derived);
    if (!value) {
      std::string reported;
      for (const auto& [k, v] : run.metrics) reported += (reported.empty() ? "" : ", ") + k;
      values.clear();
      return "did not report objective '" + objective.name +
             "' (reported metrics: " + (reported.empty() ? "none" : reported) +
             "; phases: " + std::to_string(run.phases.size()) + ")";
    }
    values.push_back(*value);
  }
  return {};
}

}  // namespace

TrialOutcome judge_trial(TrialRun finished, const study::StudyConfig& config,
                         const energy::CarbonSettings& carbon) {
  TrialOutcome o;
  o.finished = std::move(finished);
  if (!o.finished.run) {
    o.kind = study::FailureKind::launch_failed;
    o.reason = o.finished.launch_error.empty() ? "could not be started" : o.finished.launch_error;
    return o;
  }
  const MeasuredRun& run = *o.finished.run;
  const DerivedQuantities quantities = derive_quantities(run, carbon);
  o.metrics = run.metrics;
  o.metrics.insert(quantities.values.begin(), quantities.values.end());
  // A name the trial reported itself keeps its value, and no uncertainty of ours.
  for (const auto& [name, u] : quantities.uncertainties) {
    if (run.metrics.count(name) == 0) o.uncertainties[name] = u;
  }
  Failure failure = exit_failure(run, config);
  o.kind = failure.kind;
  o.reason = std::move(failure.reason);
  if (run.pruned && !o.finished.prune_reason.empty()) o.reason = o.finished.prune_reason;
  if (o.complete()) {
    o.reason = objective_values(run, quantities.values, config, o.values);
    if (!o.reason.empty()) o.kind = study::FailureKind::no_objective;
  }
  if (!o.complete() && !o.interrupted() && !run.pruned)
    o.stderr_tail = study::bounded_stderr_tail(run.stderr_tail);
  return o;
}

}  // namespace ecopt::runner
