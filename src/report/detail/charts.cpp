#include "report/detail/charts.hpp"

#include <algorithm>
#include <cmath>

#include "ecopt/report/svg.hpp"
#include "report/detail/format.hpp"

namespace ecopt::report::detail {
namespace {

using svg::Canvas;
using svg::Point;
using svg::Style;

constexpr const char* kParetoColour = "#d95f02";
constexpr const char* kDominatedColour = "#9a9a9a";
constexpr const char* kKneeColour = "#1b7a5a";
constexpr const char* kSideAColour = "#1f6fb4";
constexpr const char* kSideBColour = "#d95f02";

std::string axis_label(const study::Objective& o) {
  const std::string unit = metric_unit(o.name);
  return o.name + (unit.empty() ? "" : " (" + unit + ")") +
         (o.goal == study::Goal::maximize ? ", higher is better" : ", lower is better");
}

bool all_positive(const std::vector<double>& values) {
  return !values.empty() &&
         std::all_of(values.begin(), values.end(), [](double v) { return v > 0.0; });
}

/// Log axes for positive energy-like objectives that span more than a factor of 3.
bool wants_log(const study::Objective& o, const std::vector<double>& values) {
  if (!all_positive(values) || !study::is_scale_like_metric(o.name)) return false;
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  return *hi / *lo > 3.0;
}

std::vector<double> column(const Frontier& f, std::size_t objective) {
  std::vector<double> out;
  for (const FrontierTrial& t : f.trials) out.push_back(t.values[objective]);
  return out;
}

void draw_trial(Canvas& canvas, Point at, const FrontierTrial& t, const std::string& tooltip,
                double scale = 1.0) {
  switch (t.kind) {
    case PointKind::pareto:
      canvas.circle(at, 5.0 * scale, Style{kParetoColour, "#7a3400", 1.0, 1.0, ""}, tooltip,
                    "pt pareto");
      break;
    case PointKind::dominated:
      canvas.circle(at, 3.5 * scale, Style{kDominatedColour, "none", 1.0, 0.75, ""}, tooltip,
                    "pt dominated");
      break;
    case PointKind::infeasible:
      canvas.circle(at, 3.5 * scale, Style{"#ffffff", kDominatedColour, 1.2, 1.0, ""}, tooltip,
                    "pt infeasible");
      break;
  }
}

void legend(Canvas& canvas, Point at, const std::vector<std::pair<std::string, Style>>& entries) {
  double x = at.x;
  for (const auto& [label, style] : entries) {
    canvas.circle({x + 5, at.y - 4}, 4.5, style);
    canvas.text({x + 13, at.y}, label, "start", 10.5);
    x += 22 + 6.2 * static_cast<double>(label.size());
  }
}

}  // namespace

std::string trial_tooltip(const Frontier& frontier, const FrontierTrial& trial) {
  std::string kind = trial.kind == PointKind::pareto      ? "Pareto-optimal"
                     : trial.kind == PointKind::dominated ? "dominated"
                                                          : "infeasible";
  std::string text = "trial " + std::to_string(trial.number) + " (" + kind + ")";
  for (std::size_t i = 0; i < frontier.objectives.size(); ++i)
    text += "\n" + frontier.objectives[i].name + " = " + format_number(trial.values[i], 5);
  for (const std::string& p : trial.params) text += "\n" + p;
  std::size_t shown = 0;
  for (const auto& [name, value] : trial.metrics) {
    const bool objective = std::any_of(frontier.objectives.begin(), frontier.objectives.end(),
                                       [&](const study::Objective& o) { return o.name == name; });
    if (objective) continue;
    if (++shown > 16) {
      text += "\n...";
      break;
    }
    text += "\n" + name + " = " + format_number(value, 4);
  }
  return text;
}

std::string frontier_plot(const Frontier& f) {
  const std::size_t m = f.objectives.size();
  const std::size_t xi = f.roles.cost.value_or(m > 1 ? 1 : 0);
  const std::size_t yi = f.roles.quality.value_or(0);
  Canvas canvas(760, 440,
                "Frontier: " + f.objectives[yi].name + " against " + f.objectives[xi].name);
  const std::vector<double> xs = column(f, xi);
  const std::vector<double> ys = column(f, yi);
  const double left = 78, right = 740, top = 30, bottom = 380;
  svg::Axes axes{svg::fit_scale(xs, left, right, wants_log(f.objectives[xi], xs)),
                 svg::fit_scale(ys, bottom, top, false, 0.08),
                 {}};
  svg::draw_axes(canvas, axes, axis_label(f.objectives[xi]) + (axes.x.log ? " [log scale]" : ""),
                 axis_label(f.objectives[yi]));
  // The step line of the 2-D front: each model is the best quality available up to the next.
  std::vector<Point> steps;
  if (f.tradeoff) {
    const double sign = f.tradeoff->quality_minimized ? -1.0 : 1.0;
    for (std::size_t i = 0; i < f.tradeoff->steps.size(); ++i) {
      const TradeoffStep& s = f.tradeoff->steps[i];
      const Point here{axes.x(s.cost), axes.y(sign * s.quality)};
      if (i > 0) steps.push_back({here.x, steps.back().y});
      steps.push_back(here);
    }
  } else {
    std::vector<const FrontierTrial*> pareto;
    for (const FrontierTrial& t : f.trials)
      if (t.kind == PointKind::pareto) pareto.push_back(&t);
    std::sort(pareto.begin(), pareto.end(),
              [&](const auto* a, const auto* b) { return a->values[xi] < b->values[xi]; });
    for (const FrontierTrial* t : pareto)
      steps.push_back({axes.x(t->values[xi]), axes.y(t->values[yi])});
  }
  canvas.polyline(steps, Style{"none", kParetoColour, 1.8, 0.9, ""});
  // Grey first, so the front is drawn on top.
  for (const PointKind kind : {PointKind::infeasible, PointKind::dominated, PointKind::pareto}) {
    for (const FrontierTrial& t : f.trials) {
      if (t.kind != kind) continue;
      draw_trial(canvas, {axes.x(t.values[xi]), axes.y(t.values[yi])}, t, trial_tooltip(f, t));
    }
  }
  if (f.tradeoff && f.tradeoff->knee) {
    const TradeoffStep& k = f.tradeoff->steps[*f.tradeoff->knee];
    const double sign = f.tradeoff->quality_minimized ? -1.0 : 1.0;
    const Point at{axes.x(k.cost), axes.y(sign * k.quality)};
    canvas.circle(at, 10, Style{"none", kKneeColour, 2.0, 1.0, ""});
    canvas.text({at.x + 12, at.y + 16}, "knee (trial " + std::to_string(k.trial_number) + ")",
                "start", 11, 0.0, kKneeColour);
  }
  legend(canvas, {left, 432},
         {{"Pareto-optimal", Style{kParetoColour, "#7a3400", 1.0, 1.0, ""}},
          {"dominated", Style{kDominatedColour, "none", 1.0, 0.75, ""}},
          {"infeasible (violates a constraint)", Style{"#ffffff", kDominatedColour, 1.2, 1.0, ""}},
          {"knee", Style{"none", kKneeColour, 2.0, 1.0, ""}}});
  return canvas.str();
}

std::string scatter_matrix(const Frontier& f) {
  const std::size_t m = f.objectives.size();
  const double cell = m <= 3 ? 220 : m <= 5 ? 160 : 120;
  const double margin = 60;
  Canvas canvas(margin + cell * static_cast<double>(m) + 10, cell * static_cast<double>(m) + 40,
                "Pairwise scatter matrix of the objectives");
  std::vector<svg::Scale> scales;
  for (std::size_t k = 0; k < m; ++k) {
    const std::vector<double> v = column(f, k);
    scales.push_back(svg::fit_scale(v, 0, cell - 16, wants_log(f.objectives[k], v), 0.08));
  }
  for (std::size_t row = 0; row < m; ++row) {
    for (std::size_t col = 0; col < m; ++col) {
      const double x0 = margin + cell * static_cast<double>(col);
      const double y0 = 10 + cell * static_cast<double>(row);
      if (col > row) continue;
      canvas.rect(x0 + 8, y0 + 8, cell - 16, cell - 16, Style{"#fcfcfc", "#999", 1.0, 1.0, ""});
      if (row == col) {
        canvas.text({x0 + cell / 2, y0 + cell / 2 - 4}, f.objectives[row].name, "middle", 11);
        canvas.text({x0 + cell / 2, y0 + cell / 2 + 12},
                    f.objectives[row].goal == study::Goal::maximize ? "(higher is better)"
                                                                    : "(lower is better)",
                    "middle", 9.5, 0.0, "#666");
        continue;
      }
      const auto px = [&](double v) { return x0 + 8 + scales[col](v); };
      const auto py = [&](double v) { return y0 + cell - 8 - scales[row](v); };
      for (const PointKind kind :
           {PointKind::infeasible, PointKind::dominated, PointKind::pareto}) {
        for (const FrontierTrial& t : f.trials) {
          if (t.kind != kind) continue;
          draw_trial(canvas, {px(t.values[col]), py(t.values[row])}, t, trial_tooltip(f, t), 0.7);
        }
      }
      // Ticks on the outer edges only: the left column and the bottom row.
      if (col == 0) {
        canvas.text({x0 - 40, y0 + cell / 2}, f.objectives[row].name, "middle", 10, -90.0);
        for (const double t : scales[row].ticks(3)) {
          canvas.line({x0 + 4, py(t)}, {x0 + 8, py(t)}, Style{"none", "#555", 1.0, 1.0, ""});
          canvas.text({x0 + 2, py(t) + 3}, svg::tick_label(t), "end", 8.5);
        }
      }
      if (row == m - 1) {
        canvas.text({x0 + cell / 2, y0 + cell + 22}, f.objectives[col].name, "middle", 10);
        for (const double t : scales[col].ticks(3)) {
          canvas.line({px(t), y0 + cell - 8}, {px(t), y0 + cell - 4},
                      Style{"none", "#555", 1.0, 1.0, ""});
          canvas.text({px(t), y0 + cell + 6}, svg::tick_label(t), "middle", 8.5);
        }
      }
    }
  }
  return canvas.str();
}

std::string parallel_coordinates(const Frontier& f) {
  const std::size_t m = f.objectives.size();
  const double left = 70, right = 70 + 170.0 * static_cast<double>(m - 1), top = 40, bottom = 300;
  Canvas canvas(right + 80, 350, "Parallel coordinates of the objectives");
  std::vector<svg::Scale> scales;
  for (std::size_t k = 0; k < m; ++k) {
    const std::vector<double> v = column(f, k);
    scales.push_back(svg::fit_scale(v, bottom, top, wants_log(f.objectives[k], v), 0.02));
  }
  const auto x_of = [&](std::size_t k) {
    return m == 1 ? left
                  : left + (right - left) * static_cast<double>(k) / static_cast<double>(m - 1);
  };
  for (const PointKind kind : {PointKind::infeasible, PointKind::dominated, PointKind::pareto}) {
    for (const FrontierTrial& t : f.trials) {
      if (t.kind != kind) continue;
      std::vector<Point> line;
      for (std::size_t k = 0; k < m; ++k) line.push_back({x_of(k), scales[k](t.values[k])});
      const bool front = kind == PointKind::pareto;
      canvas.polyline(line, Style{"none", front ? kParetoColour : kDominatedColour,
                                  front ? 1.6 : 0.9, front ? 0.95 : 0.35, ""});
    }
  }
  for (std::size_t k = 0; k < m; ++k) {
    const double x = x_of(k);
    canvas.line({x, top}, {x, bottom}, Style{"none", "#333", 1.2, 1.0, ""});
    for (const double t : scales[k].ticks(5)) {
      canvas.line({x - 3, scales[k](t)}, {x + 3, scales[k](t)},
                  Style{"none", "#333", 1.0, 1.0, ""});
      canvas.text({x - 6, scales[k](t) + 3.5}, svg::tick_label(t), "end", 9.5);
    }
    canvas.text({x, top - 18}, f.objectives[k].name, "middle", 11);
    canvas.text(
        {x, top - 6},
        f.objectives[k].goal == study::Goal::maximize ? "higher is better" : "lower is better",
        "middle", 9, 0.0, "#666");
  }
  legend(canvas, {left, 340},
         {{"Pareto-optimal", Style{kParetoColour, "none", 1.0, 1.0, ""}},
          {"dominated or infeasible", Style{kDominatedColour, "none", 1.0, 0.6, ""}}});
  return canvas.str();
}

std::string hypervolume_plot(const HypervolumeProgress& progress) {
  Canvas canvas(760, 300, "Hypervolume after each trial");
  std::vector<double> xs, ys;
  for (const HypervolumeStep& s : progress.steps) {
    xs.push_back(static_cast<double>(s.trial_number));
    ys.push_back(s.hypervolume);
  }
  ys.push_back(0.0);
  svg::Axes axes{
      svg::fit_scale(xs, 78, 740, false, 0.02), svg::fit_scale(ys, 250, 20, false, 0.05), {}};
  svg::draw_axes(canvas, axes, "trial number", "hypervolume");
  std::vector<Point> line;
  for (std::size_t i = 0; i < progress.steps.size(); ++i) {
    const Point here{axes.x(xs[i]), axes.y(progress.steps[i].hypervolume)};
    if (!line.empty()) line.push_back({here.x, line.back().y});
    line.push_back(here);
  }
  canvas.polyline(line, Style{"none", kSideAColour, 2.0, 1.0, ""});
  for (std::size_t i = 0; i < progress.steps.size(); ++i) {
    const bool improved = i == 0
                              ? progress.steps[i].hypervolume > 0
                              : progress.steps[i].hypervolume > progress.steps[i - 1].hypervolume;
    if (!improved) continue;
    canvas.circle({axes.x(xs[i]), axes.y(progress.steps[i].hypervolume)}, 3.0,
                  Style{kSideAColour, "none", 1.0, 1.0, ""},
                  "after trial " + std::to_string(progress.steps[i].trial_number) +
                      ": hypervolume " + format_number(progress.steps[i].hypervolume, 5),
                  "pt");
  }
  return canvas.str();
}

namespace {

/// A curve's end: a cross for a pruned trial, an open ring for a running one (its curve
/// goes on), the hover mark in every case.
void curve_end(Canvas& canvas, const LearningCurve& c, Point end, const char* colour) {
  const std::string state = c.pruned ? " (pruned)" : c.running ? " (running)" : "";
  const Style mark =
      c.running ? Style{"#ffffff", colour, 1.5, 1.0, ""} : Style{colour, "none", 1.0, 1.0, ""};
  canvas.circle(end, 3.0, mark,
                "trial " + std::to_string(c.number) + state + " at step " +
                    std::to_string(c.points.back().step) + ": " +
                    format_number(c.points.back().value, 5),
                "pt");
  if (c.pruned) {
    canvas.line({end.x - 4, end.y - 4}, {end.x + 4, end.y + 4},
                Style{"none", colour, 1.5, 1.0, ""});
    canvas.line({end.x - 4, end.y + 4}, {end.x + 4, end.y - 4},
                Style{"none", colour, 1.5, 1.0, ""});
  }
}

}  // namespace

std::string learning_curves_plot(const LearningCurves& learning) {
  bool any_running = false;
  std::vector<double> xs, ys;
  for (const LearningCurve& c : learning.curves) {
    any_running = any_running || c.running;
    for (const CurvePoint& p : c.points) {
      xs.push_back(static_cast<double>(p.step));
      ys.push_back(p.value);
    }
  }
  Canvas canvas(760, 300,
                "Learning curves (" + learning.metric + "), pruned trials dashed" +
                    (any_running ? ", running trials green" : ""));
  svg::Axes axes{
      svg::fit_scale(xs, 78, 740, false, 0.02), svg::fit_scale(ys, 250, 20, false, 0.05), {}};
  svg::draw_axes(canvas, axes, "step", learning.metric);
  for (const LearningCurve& c : learning.curves) {
    std::vector<Point> line;
    for (const CurvePoint& p : c.points)
      line.push_back({axes.x(static_cast<double>(p.step)), axes.y(p.value)});
    const char* colour = c.running ? kKneeColour : c.pruned ? kDominatedColour : kSideAColour;
    canvas.polyline(line, Style{"none", colour, c.running ? 2.0 : 1.5, c.running ? 1.0 : 0.8,
                                c.pruned ? "4 3" : ""});
    curve_end(canvas, c, line.back(), colour);
  }
  return canvas.str();
}

std::string break_even_plot(const TuningCost& cost, const PruningCost& pruning) {
  Canvas canvas(760, 285, "Break-even with and without pruning");
  const double saving_j = *cost.saving_per_inference_j;
  const double with_j = cost.break_even_energy_j;
  const double without_j = with_j + *pruning.saved_energy_j;
  const double last = 1.15 * *pruning.break_even_without_pruning;
  const std::vector<double> xs{0.0, last};
  const std::vector<double> ys{without_j, with_j - saving_j * last};
  svg::Axes axes{
      svg::fit_scale(xs, 78, 740, false, 0.0), svg::fit_scale(ys, 210, 20, false, 0.05), {}};
  svg::draw_axes(canvas, axes, "inferences served by the chosen model",
                 "tuning energy not yet repaid (J)");
  canvas.line({axes.x(0.0), axes.y(0.0)}, {axes.x(last), axes.y(0.0)},
              Style{"none", "#444", 1.0, 1.0, ""});
  const struct {
    double energy_j;
    const char* colour;
    const char* dash;
    std::string label;
    std::string energy_note;
  } lines[] = {{with_j, kSideAColour, "", "with pruning", ""},
               {without_j, kDominatedColour, "4 3", "without pruning (estimate)",
                pruning.saved_energy_uncertainty_j
                    ? " +- " + format_energy(*pruning.saved_energy_uncertainty_j)
                    : std::string()}};
  for (const auto& l : lines) {
    canvas.polyline(
        {{axes.x(0.0), axes.y(l.energy_j)}, {axes.x(last), axes.y(l.energy_j - saving_j * last)}},
        Style{"none", l.colour, 2.0, 1.0, l.dash});
    const std::optional<double> at = break_even_inferences(l.energy_j, saving_j);
    if (!at) continue;  // drawn only with a positive saving: never here
    canvas.circle({axes.x(*at), axes.y(0.0)}, 4.0, Style{l.colour, "none", 1.0, 1.0, ""},
                  l.label + ": break-even after " + format_count(*at) + " inferences (" +
                      format_energy(l.energy_j) + l.energy_note + " of tuning)",
                  "pt");
  }
  legend(canvas, {78, 272},
         {{lines[0].label, Style{kSideAColour, "none", 1.0, 1.0, ""}},
          {lines[1].label, Style{kDominatedColour, "none", 1.0, 1.0, ""}}});
  return canvas.str();
}

std::string importance_bars(const ObjectiveImportance& importance) {
  const double row = 24;
  const double height = 50 + row * static_cast<double>(importance.parameters.size());
  Canvas canvas(760, height, "Sobol indices for " + importance.objective);
  double largest = 1.0;
  for (const ParameterImportance& p : importance.parameters)
    largest = std::max({largest, p.total, p.first_order});
  const double left = 180, right = 700;
  const double top = 16, bottom = height - 30;
  svg::Axes axes{
      svg::Scale{0.0, largest, left, right, false}, svg::Scale{0.0, 1.0, bottom, top, false}, {}};
  for (const double t : axes.x.ticks(5)) {
    canvas.line({axes.x(t), top}, {axes.x(t), bottom}, Style{"none", "#e3e3e3", 1.0, 1.0, ""});
    canvas.text({axes.x(t), bottom + 14}, svg::tick_label(t), "middle", 10);
  }
  for (std::size_t i = 0; i < importance.parameters.size(); ++i) {
    const ParameterImportance& p = importance.parameters[i];
    const double y = top + row * static_cast<double>(i);
    canvas.text({left - 8, y + 15}, p.parameter, "end", 11);
    canvas.rect(left, y + 3, axes.x(std::max(0.0, p.total)) - left, 9,
                Style{"#9ecae1", "none", 1.0, 1.0, ""});
    canvas.rect(left, y + 12, axes.x(std::max(0.0, p.first_order)) - left, 9,
                Style{"#1f6fb4", "none", 1.0, 1.0, ""});
    canvas.text({axes.x(std::max(0.0, p.total)) + 5, y + 15},
                "S1 " + format_number(p.first_order, 2) + ", ST " + format_number(p.total, 2),
                "start", 10, 0.0, "#444");
  }
  canvas.line({left, top}, {left, bottom}, Style{"none", "#555", 1.0, 1.0, ""});
  canvas.rect(left, height - 12, 10, 8, Style{"#9ecae1", "none", 1.0, 1.0, ""});
  canvas.text({left + 14, height - 4}, "total index (with interactions)", "start", 10);
  canvas.rect(left + 220, height - 12, 10, 8, Style{"#1f6fb4", "none", 1.0, 1.0, ""});
  canvas.text({left + 234, height - 4}, "first-order index (alone)", "start", 10);
  return canvas.str();
}

std::string partial_dependence_plot(const PartialDependence& pd, const std::string& objective,
                                    bool log_y) {
  Canvas canvas(250, 180, "Partial dependence of " + objective + " on " + pd.parameter);
  std::vector<double> xs, ys;
  std::vector<std::string> labels;
  for (const PartialDependencePoint& p : pd.points) {
    xs.push_back(p.x);
    ys.push_back(p.mean);
    labels.push_back(p.label);
  }
  svg::Axes axes;
  if (pd.categorical) {
    axes.x = svg::Scale{-0.5, static_cast<double>(pd.points.size()) - 0.5, 56, 240, false};
    axes.x_categories = labels;
  } else {
    axes.x = svg::fit_scale(xs, 56, 240, pd.log_x, 0.03);
  }
  axes.y = svg::fit_scale(ys, 140, 22, log_y && all_positive(ys), 0.1);
  svg::draw_axes(canvas, axes, pd.parameter, "");
  canvas.text({56, 13}, objective + " against " + pd.parameter, "start", 10, 0.0, "#444");
  if (pd.categorical) {
    for (std::size_t i = 0; i < pd.points.size(); ++i) {
      canvas.circle(
          {axes.x(xs[i]), axes.y(ys[i])}, 4, Style{kSideAColour, "none", 1.0, 1.0, ""},
          pd.parameter + " = " + labels[i] + ": " + objective + " " + format_number(ys[i], 4),
          "pt");
    }
  } else {
    std::vector<Point> line;
    for (std::size_t i = 0; i < pd.points.size(); ++i)
      line.push_back({axes.x(xs[i]), axes.y(ys[i])});
    canvas.polyline(line, Style{"none", kSideAColour, 2.0, 1.0, ""});
  }
  return canvas.str();
}

std::string proxy_plot(const ProxyAnalysis& proxies, bool flops) {
  const std::string name = flops ? "FLOPs" : "parameters";
  Canvas canvas(370, 280, "Energy against " + name);
  std::vector<double> xs, ys;
  std::vector<std::int64_t> numbers;
  for (const ProxySample& s : proxies.samples) {
    const auto& v = flops ? s.flops : s.parameter_count;
    if (!v || !(*v > 0.0) || !(s.energy > 0.0)) continue;
    xs.push_back(*v);
    ys.push_back(s.energy);
    numbers.push_back(s.trial_number);
  }
  svg::Axes axes{
      svg::fit_scale(xs, 64, 355, true, 0.05), svg::fit_scale(ys, 230, 12, true, 0.05), {}};
  svg::draw_axes(canvas, axes, name + " [log]", "energy [log]");
  const auto& fit = flops ? proxies.energy_vs_flops : proxies.energy_vs_params;
  if (fit && !xs.empty()) {
    const auto [lo, hi] = std::minmax_element(xs.begin(), xs.end());
    const auto y_at = [&](double x) { return fit->prefactor * std::pow(x, fit->exponent); };
    canvas.line({axes.x(*lo), axes.y(y_at(*lo))}, {axes.x(*hi), axes.y(y_at(*hi))},
                Style{"none", kKneeColour, 1.5, 1.0, "5 3"});
  }
  for (std::size_t i = 0; i < xs.size(); ++i) {
    canvas.circle({axes.x(xs[i]), axes.y(ys[i])}, 3.5, Style{kSideAColour, "none", 1.0, 0.8, ""},
                  "trial " + std::to_string(numbers[i]) + "\n" + name + " = " +
                      format_number(xs[i], 4) + "\nenergy = " + format_number(ys[i], 4),
                  "pt");
  }
  return canvas.str();
}

std::string two_fronts_plot(const Comparison& c) {
  Canvas canvas(760, 440, "Both frontiers");
  std::vector<double> xs, ys;
  const auto sign = [](const SideSummary& side) { return side.quality_minimized ? -1.0 : 1.0; };
  for (const SideSummary* side : {&c.a, &c.b}) {
    for (const CostQualityPoint& p : side->points) {
      xs.push_back(p.cost);
      ys.push_back(sign(*side) * p.quality);
    }
  }
  const bool log_x = all_positive(xs);
  svg::Axes axes{svg::fit_scale(xs, 78, 740, log_x), svg::fit_scale(ys, 380, 30, false, 0.08), {}};
  svg::draw_axes(canvas, axes, c.a.energy_name + (axes.x.log ? " [log scale]" : ""),
                 c.a.quality_name.empty() ? "quality" : c.a.quality_name);
  for (const SideSummary* side : {&c.a, &c.b}) {
    const char* colour = side == &c.a ? kSideAColour : kSideBColour;
    std::vector<Point> steps;
    for (const CostQualityPoint& p : side->front) {
      const Point here{axes.x(p.cost), axes.y(sign(*side) * p.quality)};
      if (!steps.empty()) steps.push_back({here.x, steps.back().y});
      steps.push_back(here);
    }
    canvas.polyline(steps, Style{"none", colour, 2.0, 0.9, ""});
    for (const CostQualityPoint& p : side->points) {
      const bool on_front =
          std::any_of(side->front.begin(), side->front.end(),
                      [&](const CostQualityPoint& q) { return q.trial_number == p.trial_number; });
      canvas.circle({axes.x(p.cost), axes.y(sign(*side) * p.quality)}, on_front ? 4.5 : 3.0,
                    Style{colour, "none", 1.0, on_front ? 1.0 : 0.35, ""},
                    side->label + "\ntrial " + std::to_string(p.trial_number) + "\n" +
                        side->energy_name + " = " + format_number(p.cost, 4) + "\n" +
                        side->quality_name + " = " + format_number(sign(*side) * p.quality, 4),
                    "pt");
    }
  }
  legend(canvas, {78, 432},
         {{c.a.label, Style{kSideAColour, "none", 1.0, 1.0, ""}},
          {c.b.label, Style{kSideBColour, "none", 1.0, 1.0, ""}}});
  return canvas.str();
}

}  // namespace ecopt::report::detail
