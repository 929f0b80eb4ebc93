#include "ecopt/report/frontier.hpp"

#include "ecopt/report/hardware_settings.hpp"
#include "ecopt/study/hardware_values.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/study/metric_name.hpp"
#include "ecopt/study/study.hpp"
#include "report/detail/format.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::format_ratio;

/// "energy per inference" for energy.inference.per_sample, "energy per sample (train)"
/// for other phases, else the name itself.
std::string cost_phrase(const std::string& name) {
  const std::optional<study::MetricName> metric = study::MetricName::parse(name);
  if (!metric || metric->kind != study::MetricKind::energy ||
      metric->statistic != study::MetricStatistic::per_sample || metric->phase.empty()) {
    return name;
  }
  if (metric->phase == "inference") return "energy per inference";
  return "energy per sample (" + metric->phase + ")";
}

}  // namespace

std::vector<CostQualityPoint> cost_quality_front(std::vector<CostQualityPoint> points) {
  std::sort(points.begin(), points.end(), [](const CostQualityPoint& a, const CostQualityPoint& b) {
    if (a.cost != b.cost) return a.cost < b.cost;
    if (a.quality != b.quality) return a.quality > b.quality;
    return a.trial_number < b.trial_number;
  });
  std::vector<CostQualityPoint> front;
  double best_quality = -std::numeric_limits<double>::infinity();
  for (const CostQualityPoint& p : points) {
    if (!std::isfinite(p.cost) || !std::isfinite(p.quality)) continue;
    // Sorted by cost, a point is on the front exactly when it beats every cheaper one.
    if (p.quality > best_quality) {
      front.push_back(p);
      best_quality = p.quality;
    }
  }
  return front;
}

std::optional<std::size_t> find_knee(std::span<const CostQualityPoint> front, bool log_cost) {
  if (front.size() < 3) return std::nullopt;
  const auto cost = [&](std::size_t i) {
    return log_cost ? std::log(front[i].cost) : front[i].cost;
  };
  const double c0 = cost(0);
  const double c1 = cost(front.size() - 1);
  const double q0 = front.front().quality;
  const double q1 = front.back().quality;
  if (!(c1 > c0) || !(q1 > q0)) return std::nullopt;
  // Normalised, the cheapest point is (0, 0) and the best (1, 1); the ideal (0, 1) lies
  // above the line y = x between them, and a point's distance to it is (y - x) / sqrt 2.
  std::optional<std::size_t> knee;
  double largest = 1e-12;
  for (std::size_t i = 1; i + 1 < front.size(); ++i) {
    const double x = (cost(i) - c0) / (c1 - c0);
    const double y = (front[i].quality - q0) / (q1 - q0);
    const double distance = (y - x) / std::sqrt(2.0);
    if (distance > largest) {
      largest = distance;
      knee = i;
    }
  }
  return knee;
}

namespace {

/// One step a point along the front: its cost relative to the cheapest and the marginal
/// cost per point of quality over the previous point.
std::vector<TradeoffStep> tradeoff_steps(std::span<const CostQualityPoint> front,
                                         double points_per_unit, std::optional<std::size_t> knee) {
  std::vector<TradeoffStep> steps;
  const double cheapest = front.front().cost;
  for (std::size_t i = 0; i < front.size(); ++i) {
    TradeoffStep step;
    step.trial_number = front[i].trial_number;
    step.cost = front[i].cost;
    step.quality = front[i].quality;
    step.cost_ratio_to_cheapest =
        cheapest > 0.0 ? front[i].cost / cheapest : std::numeric_limits<double>::quiet_NaN();
    step.cost_uncertainty = front[i].cost_uncertainty;
    step.hardware_settings = front[i].hardware_settings;
    if (i > 0) {
      const double gained = (front[i].quality - front[i - 1].quality) * points_per_unit;
      step.marginal_cost_per_point = (front[i].cost - front[i - 1].cost) / gained;
      // The marginal cost is linear in the two costs, so first-order propagation is exact.
      if (front[i].cost_uncertainty && front[i - 1].cost_uncertainty) {
        step.marginal_cost_uncertainty =
            std::hypot(*front[i].cost_uncertainty, *front[i - 1].cost_uncertainty) /
            std::abs(gained);
      }
    }
    step.knee = knee == i;
    steps.push_back(step);
  }
  return steps;
}

/// The sentence on the step with the largest marginal cost per point.
std::string dearest_step_sentence(const Tradeoff& t) {
  std::size_t dearest = 1;
  for (std::size_t i = 1; i < t.steps.size(); ++i) {
    if (*t.steps[i].marginal_cost_per_point > *t.steps[dearest].marginal_cost_per_point)
      dearest = i;
  }
  const std::string unit = t.cost_unit.empty() ? "" : " " + t.cost_unit;
  const std::string per_point = t.quality_minimized ? " per point less " + t.quality_name
                                                    : " per extra point of " + t.quality_name;
  const TradeoffStep& dear = t.steps[dearest];
  return "The dearest step, from trial " + std::to_string(t.steps[dearest - 1].trial_number) +
         " to trial " + std::to_string(dear.trial_number) + ", costs " +
         format_number(*dear.marginal_cost_per_point, 3) + unit + per_point +
         (dear.marginal_cost_uncertainty
              ? " (+- " + format_number(*dear.marginal_cost_uncertainty, 2) + unit + ")"
              : "") +
         ".";
}

/// ", at 150 W instead of 250 W" when two models ran with different hardware settings.
std::string settings_contrast(const TradeoffStep& model, const TradeoffStep& other) {
  if (model.hardware_settings.empty() || other.hardware_settings.empty() ||
      model.hardware_settings == other.hardware_settings)
    return "";
  return ", at " + model.hardware_settings + " instead of " + other.hardware_settings;
}

/// What the front says in words: its span, the knee, the cheapest model, the dearest step.
std::vector<std::string> tradeoff_sentences(const Tradeoff& t) {
  const std::string cost_words = cost_phrase(t.cost_name);
  const std::string unit = t.cost_unit.empty() ? "" : " " + t.cost_unit;
  const std::string less_quality =
      t.quality_minimized ? "higher " + t.quality_name : "less " + t.quality_name;
  const TradeoffStep& best = t.steps.back();
  const TradeoffStep& low = t.steps.front();
  const auto points_text = [&](double quality_gap) {
    const std::string text = format_number(quality_gap * t.points_per_unit, 3);
    return text + (text == "1" ? " point" : " points");
  };
  const std::string best_words =
      t.quality_minimized ? "the one with the lowest " + t.quality_name : "the most accurate one";
  if (t.steps.size() == 1) {
    return {"One model, trial " + std::to_string(best.trial_number) + ", is best in both " +
            cost_words + " and " + t.quality_name + "."};
  }
  std::vector<std::string> sentences;
  sentences.push_back(std::to_string(t.steps.size()) + " models are on the front, from " +
                      format_number(low.cost, 3) + unit + " (trial " +
                      std::to_string(low.trial_number) + ") to " + format_number(best.cost, 3) +
                      unit + " (trial " + std::to_string(best.trial_number) + ").");
  if (t.knee) {
    const TradeoffStep& knee = t.steps[*t.knee];
    sentences.push_back("The knee model (trial " + std::to_string(knee.trial_number) + ") uses " +
                        format_ratio(best.cost / knee.cost) + " less " + cost_words + " than " +
                        best_words + " (trial " + std::to_string(best.trial_number) + "), for " +
                        points_text(best.quality - knee.quality) + " " + less_quality +
                        settings_contrast(knee, best) + ".");
  } else {
    sentences.push_back(
        "The front has no knee: no model lies beyond the straight line "
        "between the cheapest and the best one (in normalised space).");
  }
  sentences.push_back("The cheapest model (trial " + std::to_string(low.trial_number) + ") uses " +
                      format_ratio(best.cost / low.cost) + " less " + cost_words + " than " +
                      best_words + ", for " + points_text(best.quality - low.quality) + " " +
                      less_quality + settings_contrast(low, best) + ".");
  sentences.push_back(dearest_step_sentence(t));
  return sentences;
}

}  // namespace

Tradeoff analyse_tradeoff(std::span<const CostQualityPoint> front, const std::string& cost_name,
                          const std::string& quality_name, double points_per_unit, bool log_cost,
                          bool quality_minimized) {
  Tradeoff t;
  t.cost_name = cost_name;
  t.quality_name = quality_name;
  t.cost_unit = metric_unit(cost_name);
  t.points_per_unit = points_per_unit;
  t.log_cost = log_cost;
  t.quality_minimized = quality_minimized;
  if (front.empty()) return t;
  t.knee = find_knee(front, log_cost);
  t.steps = tradeoff_steps(front, points_per_unit, t.knee);
  t.sentences = tradeoff_sentences(t);
  return t;
}

Frontier analyse_frontier(const study::StudyConfig& config,
                          const std::vector<study::Trial>& trials) {
  Frontier f;
  f.objectives = config.objectives;
  f.roles = objective_roles(config);
  std::set<std::int64_t> pareto;
  for (const study::Trial& t : study::pareto_set(trials, config)) pareto.insert(t.number);
  const std::size_t m = config.objectives.size();
  std::vector<CostQualityPoint> points;
  std::vector<double> quality_values;
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::complete) {
      f.unfinished.push_back({t.number, std::string(study::to_string(t.state)),
                              detail::first_line(t.error), t.stderr_tail});
      continue;
    }
    if (t.values.size() != m ||
        !std::all_of(t.values.begin(), t.values.end(), [](double v) { return std::isfinite(v); })) {
      f.unfinished.push_back({t.number, "COMPLETE", "no finite value for every objective", {}});
      continue;
    }
    FrontierTrial ft;
    ft.number = t.number;
    ft.values = t.values;
    const bool feasible = study::is_feasible(t, config);
    ft.kind = !feasible                ? PointKind::infeasible
              : pareto.count(t.number) ? PointKind::pareto
                                       : PointKind::dominated;
    ft.params = parameter_strings(t);
    ft.parameter_values = t.params;
    ft.metrics = t.metrics;
    f.trials.push_back(std::move(ft));
    if (feasible && f.roles.cost && f.roles.quality) {
      const double q = t.values[*f.roles.quality];
      const bool minimized = config.objectives[*f.roles.quality].goal == study::Goal::minimize;
      const std::string& cost_name = config.objectives[*f.roles.cost].name;
      points.push_back({t.number, t.values[*f.roles.cost], minimized ? -q : q,
                        metric_uncertainty(t, cost_name),
                        hardware_settings_text(study::hardware_values(config, t))});
      quality_values.push_back(q);
    }
  }
  if (f.roles.cost && f.roles.quality) {
    const std::vector<CostQualityPoint> front = cost_quality_front(points);
    const bool log_cost = !front.empty() && std::all_of(front.begin(), front.end(),
                                                        [](const auto& p) { return p.cost > 0.0; });
    const study::Objective& quality = config.objectives[*f.roles.quality];
    f.tradeoff = analyse_tradeoff(front, config.objectives[*f.roles.cost].name, quality.name,
                                  points_per_unit(quality_values), log_cost,
                                  quality.goal == study::Goal::minimize);
  }
  return f;
}

}  // namespace ecopt::report
