#include "ecopt/report/hypervolume_progress.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/reference_point.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::report {

HypervolumeProgress hypervolume_progress(const study::StudyConfig& config,
                                         const std::vector<study::Trial>& trials) {
  HypervolumeProgress out;
  const std::size_t m = config.objectives.size();
  std::vector<pareto::Direction> directions;
  std::vector<std::optional<double>> thresholds;
  for (const study::Objective& o : config.objectives) {
    directions.push_back(o.goal == study::Goal::maximize ? pareto::Direction::maximize
                                                         : pareto::Direction::minimize);
    const auto it = config.reference_point.find(o.name);
    thresholds.push_back(it == config.reference_point.end() ? std::nullopt
                                                            : std::optional<double>(it->second));
    out.reference_from_study.push_back(it != config.reference_point.end());
  }
  std::vector<const study::Trial*> ordered;
  for (const study::Trial& t : trials) ordered.push_back(&t);
  std::sort(ordered.begin(), ordered.end(),
            [](const auto* a, const auto* b) { return a->number < b->number; });

  const auto usable = [&](const study::Trial& t) {
    return study::is_feasible(t, config) && t.values.size() == m &&
           std::all_of(t.values.begin(), t.values.end(), [](double v) { return std::isfinite(v); });
  };
  pareto::PointSet all;
  all.dimension = m;
  for (const study::Trial* t : ordered) {
    if (usable(*t)) all.add(t->values);
  }
  if (m == 0 || all.empty()) {
    out.note = "no feasible COMPLETE trial yet, so no hypervolume";
    return out;
  }
  out.reference = pareto::reference_point(all, thresholds, directions);

  // Trials in number order; the set grows by one feasible trial at a time. Hypervolume
  // from scratch each time is fine at report sizes (hundreds to thousands of trials).
  pareto::PointSet so_far;
  so_far.dimension = m;
  double value = 0.0;
  for (const study::Trial* t : ordered) {
    if (!study::is_finished(t->state)) continue;
    if (usable(*t)) {
      so_far.add(t->values);
      value = pareto::hypervolume(so_far, out.reference, directions).value;
    }
    out.steps.push_back({t->number, value});
  }
  out.final_hypervolume = value;
  if (value == 0.0) {
    out.note =
        "no feasible trial dominates the reference point, so the hypervolume is 0; the "
        "study file's reference_point may be too strict";
  }
  return out;
}

}  // namespace ecopt::report
