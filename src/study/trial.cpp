#include "ecopt/study/trial.hpp"

#include <algorithm>
#include <cctype>

namespace ecopt::study {

std::string_view to_string(TrialState state) {
  switch (state) {
    case TrialState::waiting:
      return "WAITING";
    case TrialState::running:
      return "RUNNING";
    case TrialState::complete:
      return "COMPLETE";
    case TrialState::pruned:
      return "PRUNED";
    case TrialState::fail:
      return "FAIL";
  }
  return "UNKNOWN";
}

std::optional<TrialState> parse_trial_state(std::string_view text) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  for (TrialState s : {TrialState::waiting, TrialState::running, TrialState::complete,
                       TrialState::pruned, TrialState::fail}) {
    if (to_string(s) == upper) return s;
  }
  if (upper == "FAILED") return TrialState::fail;
  return std::nullopt;
}

bool is_finished(TrialState state) {
  return state == TrialState::complete || state == TrialState::pruned || state == TrialState::fail;
}

namespace {

struct FailureKindName {
  FailureKind kind;
  std::string_view name;
};

// The one table of kinds and their stored names. Append; never rename a stored name.
constexpr FailureKindName kFailureKindNames[] = {
    {FailureKind::none, "none"},
    {FailureKind::failed, "failed"},
    {FailureKind::pruned, "pruned"},
    {FailureKind::launch_failed, "launch_failed"},
    {FailureKind::crashed, "crashed"},
    {FailureKind::killed_by_signal, "killed_by_signal"},
    {FailureKind::timeout, "timeout"},
    {FailureKind::no_objective, "no_objective"},
    {FailureKind::interrupted, "interrupted"},
    {FailureKind::stale, "stale"},
    {FailureKind::stale_requeued, "stale_requeued"},
};

}  // namespace

std::string_view to_string(FailureKind kind) {
  for (const FailureKindName& entry : kFailureKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "failed";
}

std::optional<FailureKind> parse_failure_kind(std::string_view text) {
  for (const FailureKindName& entry : kFailureKindNames) {
    if (entry.name == text) return entry.kind;
  }
  return std::nullopt;
}

const std::vector<FailureKind>& all_failure_kinds() {
  static const std::vector<FailureKind> kinds = [] {
    std::vector<FailureKind> all;
    for (const FailureKindName& entry : kFailureKindNames) all.push_back(entry.kind);
    return all;
  }();
  return kinds;
}

bool counts_towards_budget(FailureKind kind) {
  return kind != FailureKind::interrupted && kind != FailureKind::stale_requeued;
}

}  // namespace ecopt::study
