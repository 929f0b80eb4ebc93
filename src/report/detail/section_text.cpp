#include "report/detail/section_text.hpp"

#include <algorithm>

#include "report/detail/cost_rows.hpp"
#include "report/detail/format.hpp"

namespace ecopt::report::detail {

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::vector<std::string> objective_labels(const StudyReport& report) {
  std::vector<std::string> labels;
  for (const study::Objective& o : report.objectives)
    labels.push_back(o.name + (o.goal == study::Goal::maximize ? " (maximise)" : " (minimise)"));
  return labels;
}

std::vector<std::string> trial_count_labels(const StudyReport& report) {
  std::vector<std::string> labels;
  for (const auto& [state, n] : report.trial_counts)
    labels.push_back(std::to_string(n) + " " + state);
  return labels;
}

TextRows unfinished_rows(const Frontier& frontier) {
  TextRows rows;
  for (const UnfinishedTrial& u : frontier.unfinished)
    rows.push_back({std::to_string(u.number), u.state, u.error, last_line(u.stderr_tail)});
  return rows;
}

TextTable tradeoff_table(const Frontier& frontier, const std::string& knee_marker) {
  const Tradeoff& t = *frontier.tradeoff;
  const std::string unit = t.cost_unit.empty() ? "" : " (" + t.cost_unit + ")";
  const std::string per_point = (t.cost_unit.empty() ? "" : t.cost_unit + " ") +
                                (t.quality_minimized ? "per point less " : "per extra point of ") +
                                t.quality_name;
  TextTable table{{"trial", t.quality_name, t.cost_name + unit, "x cheapest",
                   "marginal cost, " + per_point, "parameters"},
                  {}};
  // A minimised quality (an error) is shown negated, so that more is better in the column.
  const double sign = t.quality_minimized ? -1.0 : 1.0;
  for (const TradeoffStep& s : t.steps) {
    std::vector<std::string> params;
    for (const FrontierTrial& ft : frontier.trials)
      if (ft.number == s.trial_number) params = ft.params;
    table.rows.push_back(
        {std::to_string(s.trial_number) + (s.knee ? knee_marker : ""),
         format_number(sign * s.quality), format_with_uncertainty(s.cost, s.cost_uncertainty),
         format_ratio(s.cost_ratio_to_cheapest),
         s.marginal_cost_per_point
             ? format_with_uncertainty(*s.marginal_cost_per_point, s.marginal_cost_uncertainty)
             : "",
         join(params)});
  }
  return table;
}

std::vector<std::string> reference_labels(const HypervolumeProgress& progress,
                                          const std::vector<study::Objective>& objectives) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < progress.reference.size(); ++i)
    labels.push_back(objectives[i].name + " = " + format_number(progress.reference[i], 6) +
                     (progress.reference_from_study[i] ? " (study file)" : " (inferred)"));
  return labels;
}

std::string importance_model_sentence(const ObjectiveImportance& imp) {
  return "Model of " + (imp.log_output ? "log(" + imp.objective + ")" : imp.objective) +
         " fitted to " + std::to_string(imp.trials_used) + " trials" +
         (imp.note.empty() ? "." : "; " + imp.note + ".");
}

TextRows importance_rows(const ObjectiveImportance& imp) {
  TextRows rows;
  for (const ParameterImportance& p : imp.parameters)
    rows.push_back({p.hardware ? p.parameter + " (hardware)" : p.parameter,
                    format_number(p.first_order, 3), format_number(p.total, 3),
                    format_number(std::max(0.0, p.total - p.first_order), 3)});
  return rows;
}

std::string fit_sentence(const std::optional<PowerLawFit>& fit, const std::string& proxy) {
  if (!fit)
    return "Not enough trials with " + proxy + " for a fit (at least 3 with positive values).";
  return "energy = " + format_number(fit->prefactor, 3) + " x " + proxy + "^" +
         format_number(fit->exponent, 3) + " (R^2 = " + format_number(fit->r_squared, 3) + ", " +
         std::to_string(fit->points) + " trials)";
}

TextRows correlation_rows(const ProxyAnalysis& proxies) {
  TextRows rows;
  for (const ProxyCorrelation& c : proxies.correlations)
    rows.push_back({c.proxy, std::to_string(c.pairs), format_number(c.spearman, 3),
                    format_number(c.kendall_tau_b, 3)});
  return rows;
}

TextRows inversion_rows(const ProxyAnalysis& proxies) {
  TextRows rows;
  for (const Inversion& i : proxies.inversions)
    rows.push_back({std::to_string(i.more_flops_trial), std::to_string(i.fewer_flops_trial),
                    format_ratio(i.flops_ratio), format_ratio(i.energy_ratio)});
  return rows;
}

TextRows cost_rows(const TuningCost& c) {
  TextRows rows = {
      {"study energy", format_energy(c.energy_j) + " +- " + format_energy(c.uncertainty_j) +
                           (c.estimated ? " (partly estimated)" : "")},
      {"trials measured", std::to_string(c.trials_with_energy)},
      {"trial time", format_number(c.duration_s / 3600.0, 3) + " h"},
      {"study carbon", format_carbon(c.carbon_g)},
      {"grid intensity", format_number(c.carbon.gco2e_per_kwh) + " gCO2e/kWh x PUE " +
                             format_number(c.carbon.pue, 3) + " (" + c.carbon.source + ")"}};
  for (const auto& [phase, joules] : c.energy_by_phase_j)
    rows.push_back({"energy in phase " + phase, format_energy(joules)});
  for (auto& row : break_even_rows(c)) rows.push_back(std::move(row));
  return rows;
}

TextRows meter_rows(const Measurement& m) {
  TextRows rows;
  for (const MeterUse& u : m.meters)
    rows.push_back({u.meter.empty() ? "(none)" : u.meter, u.scope,
                    u.estimated ? "ESTIMATED" : "MEASURED", std::to_string(u.phases),
                    join(u.domains)});
  return rows;
}

std::string measurement_summary(const Measurement& m) {
  std::string text = std::to_string(m.measured_phases) + " phases measured by counters, " +
                     std::to_string(m.estimated_phases) + " estimated. ";
  if (m.median_relative_uncertainty)
    text += "Median uncertainty per phase: " +
            format_number(100.0 * *m.median_relative_uncertainty, 3) + " % of its energy. ";
  return text +
         (m.phases_with_net_energy > 0
              ? "Idle baseline: net energy recorded for " +
                    std::to_string(m.phases_with_net_energy) + " phases; idle power subtracted " +
                    format_number(m.idle_power_w, 4) + " W on average."
              : "Idle baseline: none (no machine profile from ecopt calibrate), so "
                "energies are gross.");
}

TextRows fact_rows(const std::vector<Fact>& facts) {
  TextRows rows;
  for (const Fact& f : facts) rows.push_back({f.name, f.value, f.source});
  return rows;
}

}  // namespace ecopt::report::detail
