#include "ecopt/report/objective_roles.hpp"

#include <algorithm>
#include <cctype>

#include "ecopt/study/metric_name.hpp"

namespace ecopt::report {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool contains(std::string_view text, std::string_view word) {
  return text.find(word) != std::string_view::npos;
}

}  // namespace

bool is_energy_metric(std::string_view name) {
  const std::string l = lower(name);
  return contains(l, "energy") || contains(l, "joule") || ends_with(l, "_j") ||
         ends_with(l, "_kj") || ends_with(l, "_kwh");
}

ObjectiveRoles objective_roles(const study::StudyConfig& config) {
  ObjectiveRoles roles;
  const auto& objectives = config.objectives;
  const auto minimised = [&](std::size_t i) { return objectives[i].goal == study::Goal::minimize; };
  for (std::size_t i = 0; i < objectives.size() && !roles.cost; ++i) {
    if (minimised(i) && is_energy_metric(objectives[i].name)) roles.cost = i;
  }
  for (std::size_t i = 0; i < objectives.size() && !roles.cost; ++i) {
    if (minimised(i) && study::is_scale_like_metric(objectives[i].name)) roles.cost = i;
  }
  for (std::size_t i = objectives.size(); i-- > 0 && !roles.cost;) {
    if (minimised(i)) roles.cost = i;
  }
  for (std::size_t i = 0; i < objectives.size() && !roles.quality; ++i) {
    if (roles.cost != i && !minimised(i)) roles.quality = i;
  }
  for (std::size_t i = 0; i < objectives.size() && !roles.quality; ++i) {
    if (roles.cost != i) roles.quality = i;
  }
  return roles;
}

namespace {

/// The unit of a metric ecopt derives (MetricName), by its kind and statistic.
std::string derived_unit(const study::MetricName& metric) {
  const std::string per = metric.per_sample() ? "/sample" : "";
  switch (metric.kind) {
    case study::MetricKind::energy:
      return "J" + per;
    case study::MetricKind::time:
      return "s" + per;
    case study::MetricKind::power:
      return "W";
    case study::MetricKind::carbon:
      return "gCO2e" + per;
  }
  return {};
}

}  // namespace

std::string metric_unit(std::string_view name) {
  if (const std::optional<study::MetricName> metric = study::MetricName::parse(name))
    return derived_unit(*metric);
  // A metric the trial names itself: guess from words and unit suffixes.
  const std::string l = lower(name);
  const bool per_sample = contains(l, "per_sample");
  if (l.rfind("carbon", 0) == 0 || contains(l, "co2")) return per_sample ? "gCO2e/sample" : "gCO2e";
  if (l.rfind("power", 0) == 0 || ends_with(l, "_w")) return "W";
  if (is_energy_metric(l)) {
    if (ends_with(l, "_kwh")) return "kWh";
    if (ends_with(l, "_kj")) return "kJ";
    return per_sample ? "J/sample" : "J";
  }
  if (l.rfind("time", 0) == 0 || contains(l, "latency") || contains(l, "duration") ||
      ends_with(l, "_s")) {
    if (ends_with(l, "_ms")) return "ms";
    return per_sample ? "s/sample" : "s";
  }
  return {};
}

double points_per_unit(std::span<const double> quality_values) {
  if (quality_values.empty()) return 1.0;
  const bool fraction = std::all_of(quality_values.begin(), quality_values.end(),
                                    [](double v) { return v >= 0.0 && v <= 1.0; });
  return fraction ? 100.0 : 1.0;
}

}  // namespace ecopt::report
