#pragma once
// Which objective is the model's quality (accuracy) and which its cost (energy per
// inference), so that a report can speak of "J per sample per extra point of accuracy".

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ecopt/study/study_config.hpp"

namespace ecopt::report {

struct ObjectiveRoles {
  /// The quality objective: the first maximised objective that is not the cost, else the
  /// first other objective. Unset for a study with one (cost) objective.
  std::optional<std::size_t> quality;
  /// The cost objective: the first minimised objective whose name says energy (or joule),
  /// else the first minimised energy-, time-, power- or carbon-like one
  /// (study::is_scale_like_metric), else the last minimised one.
  std::optional<std::size_t> cost;
};

[[nodiscard]] ObjectiveRoles objective_roles(const study::StudyConfig& config);

/// Whether a metric name is about energy: contains "energy" or "joule", or ends in _j,
/// _kj or _kwh.
[[nodiscard]] bool is_energy_metric(std::string_view name);

/// The unit of a metric from its name, for labels: "J/sample" for
/// energy.PHASE.per_sample, "J" for other energy, "s/sample", "s", "W", "gCO2e/sample",
/// "gCO2e"; empty when the name does not say.
[[nodiscard]] std::string metric_unit(std::string_view name);

/// How many "points" one unit of a quality objective is: 100 when every value lies in
/// [0, 1] (a fraction such as accuracy 0.91 is 91 points), else 1 (the metric is already
/// in points, e.g. accuracy in %, BLEU).
[[nodiscard]] double points_per_unit(std::span<const double> quality_values);

}  // namespace ecopt::report
