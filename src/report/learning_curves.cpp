#include "ecopt/report/learning_curves.hpp"

namespace ecopt::report {
namespace {

bool drawn(study::TrialState state, bool with_running) {
  return state == study::TrialState::complete || state == study::TrialState::pruned ||
         (with_running && state == study::TrialState::running);
}

}  // namespace

LearningCurves learning_curves(const std::vector<study::Trial>& trials,
                               const std::vector<study::Objective>& objectives, bool with_running) {
  LearningCurves out;
  for (const study::Objective& o : objectives) {
    for (const study::Trial& t : trials) {
      for (const auto& [step, values] : t.intermediate) {
        if (out.metric.empty() && values.contains(o.name)) out.metric = o.name;
      }
    }
  }
  if (out.metric.empty()) return out;
  for (const study::Trial& t : trials) {
    if (!drawn(t.state, with_running)) continue;
    LearningCurve curve{
        t.number, t.state == study::TrialState::pruned, t.state == study::TrialState::running, {}};
    for (const auto& [step, values] : t.intermediate) {
      if (const auto v = values.find(out.metric); v != values.end())
        curve.points.push_back({step, v->second});
    }
    if (!curve.points.empty()) out.curves.push_back(std::move(curve));
  }
  return out;
}

}  // namespace ecopt::report
