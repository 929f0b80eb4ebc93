#include "ecopt/optim/warm_start.hpp"

#include <algorithm>
#include <cmath>

namespace ecopt::optim {
namespace {

/// For each of `objectives`, its index among `earlier`'s; -1 where it has none.
std::vector<int> objective_columns(const std::vector<study::Objective>& earlier,
                                   const std::vector<study::Objective>& objectives) {
  std::vector<int> columns;
  for (const study::Objective& objective : objectives) {
    const auto it = std::find_if(earlier.begin(), earlier.end(), [&](const study::Objective& o) {
      return o.name == objective.name;
    });
    columns.push_back(it == earlier.end() ? -1 : static_cast<int>(it - earlier.begin()));
  }
  return columns;
}

}  // namespace

std::vector<study::Trial> warm_start_trials(const WarmStart& warm_start,
                                            const space::SearchSpace& space,
                                            const std::vector<study::Objective>& objectives) {
  const std::vector<int> columns = objective_columns(warm_start.objectives, objectives);
  std::vector<study::Trial> out;
  for (const study::Trial& trial : warm_start.trials) {
    if (trial.state != study::TrialState::complete || !space.check(trial.params).empty()) continue;
    std::vector<double> values;
    for (int column : columns) {
      const auto index = static_cast<std::size_t>(column);
      if (column < 0 || index >= trial.values.size() || !std::isfinite(trial.values[index])) break;
      values.push_back(trial.values[index]);
    }
    if (values.size() != objectives.size()) continue;
    study::Trial copy;
    copy.number = static_cast<std::int64_t>(out.size());
    copy.state = study::TrialState::complete;
    copy.params = trial.params;
    copy.values = std::move(values);
    copy.metric_uncertainties = trial.metric_uncertainties;
    out.push_back(std::move(copy));
  }
  return out;
}

std::vector<std::string> missing_objectives(const WarmStart& warm_start,
                                            const std::vector<study::Objective>& objectives) {
  const std::vector<int> columns = objective_columns(warm_start.objectives, objectives);
  std::vector<std::string> missing;
  for (std::size_t k = 0; k < objectives.size(); ++k)
    if (columns[k] < 0) missing.push_back(objectives[k].name);
  return missing;
}

}  // namespace ecopt::optim
