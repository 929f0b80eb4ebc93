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

}  // namespace ecopt::study
