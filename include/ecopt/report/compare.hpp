#pragma once
// Two studies side by side, e.g. the same configurations measured on two machines: the
// energy of matching configurations, how well their ranking carries over from one
// machine to the other, and both frontiers on one plot.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/report/frontier.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

struct CompareSide {
  std::string label;  ///< e.g. "a: fashion-cnn @ sqlite:///laptop.db"
  storage::StudyRecord record;
  std::vector<study::Trial> trials;
};

/// One configuration (identical parameters) completed in both studies. Repeats of a
/// configuration within a study are averaged.
struct MatchedConfiguration {
  std::vector<std::string> params;  ///< "name = value" (parameter_strings)
  space::Params parameter_values;
  std::vector<std::int64_t> trials_a;
  std::vector<std::int64_t> trials_b;
  double energy_a = 0.0;
  double energy_b = 0.0;
  std::optional<double> quality_a;
  std::optional<double> quality_b;
};

struct SideSummary {
  std::string label;
  std::string energy_name;               ///< energy per inference, else the cost objective
  std::string quality_name;              ///< empty when none
  bool quality_minimized = false;        ///< the points hold -quality then (higher is better)
  std::vector<CostQualityPoint> points;  ///< every feasible COMPLETE trial with both numbers
  std::vector<CostQualityPoint> front;   ///< cost_quality_front(points)
};

struct Comparison {
  SideSummary a;
  SideSummary b;
  std::vector<MatchedConfiguration> matches;  ///< by energy in a, ascending
  std::optional<double> spearman;             ///< energy a vs energy b over matches
  std::optional<double> kendall_tau_b;
  std::optional<double> median_energy_ratio;  ///< median of energy_b / energy_a
  std::vector<std::string> sentences;
};

[[nodiscard]] Comparison compare_studies(const CompareSide& a, const CompareSide& b);

/// compare.html (one SVG with both frontiers, the table), compare.md, compare.json.
[[nodiscard]] std::string comparison_html(const Comparison& comparison);
[[nodiscard]] std::string comparison_markdown(const Comparison& comparison);
[[nodiscard]] std::string comparison_json(const Comparison& comparison);

}  // namespace ecopt::report
