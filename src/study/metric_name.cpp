#include "ecopt/study/metric_name.hpp"

#include <algorithm>
#include <cctype>

namespace ecopt::study {
namespace {

constexpr EnumName<MetricKind> kKinds[] = {
    {MetricKind::energy, "energy"},
    {MetricKind::time, "time"},
    {MetricKind::power, "power"},
    {MetricKind::carbon, "carbon"},
};

constexpr EnumName<MetricStatistic> kStatistics[] = {
    {MetricStatistic::total, "total"},
    {MetricStatistic::net_total, "net_total"},
    {MetricStatistic::per_sample, "per_sample"},
    {MetricStatistic::net_per_sample, "net_per_sample"},
    {MetricStatistic::mean, "mean"},
};

/// A phase name as the protocol allows it: non-empty, no dots or spaces.
bool is_phase(std::string_view phase) {
  return !phase.empty() && std::none_of(phase.begin(), phase.end(), [](unsigned char c) {
    return c == '.' || std::isspace(c) != 0;
  });
}

}  // namespace

std::span<const EnumName<MetricKind>> enum_names(MetricKind) {
  return kKinds;
}

std::span<const EnumName<MetricStatistic>> enum_names(MetricStatistic) {
  return kStatistics;
}

std::optional<MetricName> MetricName::parse(std::string_view name) {
  const std::size_t first = name.find('.');
  const std::size_t last = name.rfind('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::optional<MetricKind> kind = parse_enum<MetricKind>(name.substr(0, first));
  const std::optional<MetricStatistic> statistic =
      parse_enum<MetricStatistic>(name.substr(last + 1));
  if (!kind || !statistic) return std::nullopt;
  MetricName parsed{*kind, {}, *statistic};
  if (first != last) {
    const std::string_view phase = name.substr(first + 1, last - first - 1);
    if (!is_phase(phase)) return std::nullopt;
    parsed.phase = std::string(phase);
  }
  return parsed;
}

std::string MetricName::to_string() const {
  std::string name(study::to_string(kind));
  if (!phase.empty()) name += "." + phase;
  return name + "." + std::string(study::to_string(statistic));
}

bool MetricName::per_sample() const {
  return statistic == MetricStatistic::per_sample || statistic == MetricStatistic::net_per_sample;
}

}  // namespace ecopt::study
