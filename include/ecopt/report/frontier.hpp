#pragma once
// The frontier: every trial placed against the objectives, the Pareto set, its knee and
// the trade-off along it (docs/report.md, sections 1 and 2).

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ecopt/report/objective_roles.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

/// One model as the trade-off sees it: its cost (e.g. J per inference, minimised) and its
/// quality (e.g. accuracy, maximised).
struct CostQualityPoint {
  std::int64_t trial_number = 0;
  double cost = 0.0;
  double quality = 0.0;
  /// The cost's standard uncertainty, where the trial stored one (metric_uncertainty).
  std::optional<double> cost_uncertainty = std::nullopt;
  /// The hardware settings it was measured with, e.g. "150 W, 2.4 GHz" (study file
  /// `hardware:`); empty without knobs.
  std::string hardware_settings = {};
};

/// The points no other point beats in both cost and quality, sorted by cost ascending
/// (so quality ascends too). Of exact duplicates the lowest trial number is kept.
[[nodiscard]] std::vector<CostQualityPoint> cost_quality_front(
    std::vector<CostQualityPoint> points);

/// The knee of a front sorted by cost (cost_quality_front's order): cost (in log space
/// when `log_cost`) and quality are normalised to [0, 1] over the front, and the knee is
/// the point farthest from the straight line between the two extremes (cheapest and
/// best), on the side of the ideal point (Das 1999, "On characterizing the 'knee' of the
/// Pareto curve"; the same rule as Kneedle and as the distance-to-extreme-line knee of
/// Deb & Gupta 2011). nullopt for fewer than 3 points or when no point lies beyond the
/// line (a straight or bulging-out front has no knee).
[[nodiscard]] std::optional<std::size_t> find_knee(std::span<const CostQualityPoint> front,
                                                   bool log_cost);

struct TradeoffStep {
  std::int64_t trial_number = 0;
  double cost = 0.0;
  double quality = 0.0;
  double cost_ratio_to_cheapest = 1.0;  ///< cost / the cheapest model's cost
  /// (cost - previous cost) / (quality points gained over the previous step): for
  /// accuracy and energy per inference, J per sample per extra point of accuracy. Unset
  /// for the cheapest model.
  std::optional<double> marginal_cost_per_point;
  std::optional<double> cost_uncertainty;  ///< standard uncertainty of `cost`, if known
  /// Propagated from the two costs' uncertainties (independent trials, quality exact):
  /// sqrt(u_cost^2 + u_previous^2) / points gained. Set when both costs have one.
  std::optional<double> marginal_cost_uncertainty;
  bool knee = false;
  std::string hardware_settings;  ///< as CostQualityPoint's
};

struct Tradeoff {
  std::string cost_name;         ///< the cost objective, e.g. energy.inference.per_sample
  std::string quality_name;      ///< e.g. accuracy
  std::string cost_unit;         ///< metric_unit(cost_name), may be empty
  double points_per_unit = 1.0;  ///< see points_per_unit()
  bool log_cost = false;         ///< knee found in log cost (every cost > 0)
  /// The quality objective is minimised (an error rate, a loss): CostQualityPoint and the
  /// steps hold its negation, so that higher is better throughout.
  bool quality_minimized = false;
  std::vector<TradeoffStep> steps;     ///< the 2-D front, by cost ascending
  std::optional<std::size_t> knee;     ///< index into steps
  std::vector<std::string> sentences;  ///< the plain-language summary
};

/// The trade-off along a front (cost_quality_front's order): ratios, marginal costs, the
/// knee, and sentences such as "The knee model (trial 12) uses 6.1x less energy per
/// inference than the most accurate one (trial 7), for 0.4 points less accuracy, at 150 W
/// instead of 250 W." (the last part when the two were measured with different hardware
/// settings).
[[nodiscard]] Tradeoff analyse_tradeoff(std::span<const CostQualityPoint> front,
                                        const std::string& cost_name,
                                        const std::string& quality_name, double points_per_unit,
                                        bool log_cost, bool quality_minimized = false);

enum class PointKind {
  pareto,      ///< feasible and non-dominated over all objectives
  dominated,   ///< feasible, dominated
  infeasible,  ///< COMPLETE but violating a constraint
};

struct FrontierTrial {
  std::int64_t number = 0;
  std::vector<double> values;  ///< objective values, in study order
  PointKind kind = PointKind::dominated;
  std::vector<std::string> params;  ///< "name = value", see parameter_strings
  space::Params parameter_values;
  std::map<std::string, double> metrics;
};

/// A trial that did not complete: listed beside the plot, not in it.
struct UnfinishedTrial {
  std::int64_t number = 0;
  std::string state;        ///< FAIL, PRUNED, RUNNING, WAITING
  std::string error;        ///< the first line of the reason
  std::string stderr_tail;  ///< a failed trial's last lines of stderr, as stored
};

struct Frontier {
  std::vector<study::Objective> objectives;
  ObjectiveRoles roles;
  std::vector<FrontierTrial> trials;  ///< COMPLETE trials with a finite value per objective
  std::vector<UnfinishedTrial> unfinished;
  std::optional<Tradeoff> tradeoff;  ///< when the study has a cost and a quality objective
};

/// Sections 1 and 2 of the report. The Pareto set is study::pareto_set's (all
/// objectives); the trade-off uses the cost/quality pair (objective_roles), whose 2-D
/// front equals the Pareto set for a two-objective study.
[[nodiscard]] Frontier analyse_frontier(const study::StudyConfig& config,
                                        const std::vector<study::Trial>& trials);

}  // namespace ecopt::report
