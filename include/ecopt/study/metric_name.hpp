#pragma once
// The names of the quantities ecopt derives from measured phases, e.g.
// `energy.inference.per_sample`: KIND[.PHASE].STATISTIC. They are parsed and formatted
// here only; nothing else takes a metric name apart.

#include <optional>
#include <string>
#include <string_view>

#include "ecopt/study/config_enums.hpp"

namespace ecopt::study {

/// What a derived quantity measures, and its unit.
enum class MetricKind {
  energy,  ///< joules
  time,    ///< seconds
  power,   ///< watts
  carbon,  ///< grams CO2e
};

/// How a phase's (or the run's) measurement is reduced to one number.
enum class MetricStatistic {
  total,           ///< the whole phase or run
  net_total,       ///< the total minus idle power x duration (needs an idle profile)
  per_sample,      ///< the total divided by the items processed
  net_per_sample,  ///< net_total per item
  mean,            ///< the mean over the phase (power)
};

/// A derived metric's name: `energy.inference.per_sample` is {energy, "inference",
/// per_sample}; `energy.total` (the whole run) has an empty phase.
struct MetricName {
  MetricKind kind = MetricKind::energy;
  std::string phase;  ///< empty: the whole run
  MetricStatistic statistic = MetricStatistic::total;

  /// The parts of a derived metric's name; nullopt for any other name (a metric the
  /// trial reports itself, such as `accuracy`, or a malformed one such as `energy.` or
  /// `energy.inference.sum`).
  [[nodiscard]] static std::optional<MetricName> parse(std::string_view name);

  /// The name, e.g. "energy.inference.per_sample".
  [[nodiscard]] std::string to_string() const;

  /// Whether the value is per processed item (per_sample, net_per_sample).
  [[nodiscard]] bool per_sample() const;

  friend bool operator==(const MetricName&, const MetricName&) = default;
};

/// The names of the parts, listed once (to_string and parse_enum in config_enums.hpp).
[[nodiscard]] std::span<const EnumName<MetricKind>> enum_names(MetricKind);
[[nodiscard]] std::span<const EnumName<MetricStatistic>> enum_names(MetricStatistic);

}  // namespace ecopt::study
