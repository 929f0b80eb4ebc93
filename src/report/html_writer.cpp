#include "ecopt/report/html_writer.hpp"

#include <algorithm>

#include "report/detail/charts.hpp"
#include "report/detail/cost_rows.hpp"
#include "report/detail/format.hpp"
#include "report/detail/html_page.hpp"
#include "report/detail/method_text.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::html;
using detail::html_table;

std::string num(double v, int significant = 4) {
  return html(format_number(v, significant));
}

std::string num(const std::optional<double>& v, int significant = 4) {
  return html(format_number(v, significant));
}

std::string list(const std::vector<std::string>& sentences) {
  if (sentences.empty()) return {};
  std::string out = "<ul class=\"sentences\">";
  for (const std::string& s : sentences) out += "<li>" + html(s) + "</li>";
  return out + "</ul>";
}

std::string paragraph(const std::string& text, const std::string& cls = "") {
  return (cls.empty() ? "<p>" : "<p class=\"" + cls + "\">") + html(text) + "</p>";
}

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string header(const StudyReport& r) {
  std::string out = "<header><h1>ecopt report: " + html(r.study_name) + "</h1>";
  if (!r.description.empty()) out += paragraph(r.description);
  std::vector<std::string> objectives;
  for (const study::Objective& o : r.objectives)
    objectives.push_back(o.name +
                         (o.goal == study::Goal::maximize ? " (maximise)" : " (minimise)"));
  std::vector<std::string> counts;
  for (const auto& [state, n] : r.trial_counts) counts.push_back(std::to_string(n) + " " + state);
  out += "<p class=\"note\">Objectives: " + html(join(objectives)) +
         (r.constraints.empty() ? "" : ". Constraints: " + html(join(r.constraints))) +
         ".<br>Trials: " + html(counts.empty() ? "none" : join(counts)) +
         ". Storage: " + html(r.storage_url) + ". Generated " +
         html(detail::format_utc(r.generated_unix_s)) + " by ecopt " + html(r.ecopt_version) +
         ".</p>";
  out +=
      "<nav><a href=\"#frontier\">1 Frontier</a><a href=\"#tradeoff\">2 Trade-offs</a>"
      "<a href=\"#hypervolume\">3 Hypervolume</a><a href=\"#importance\">4 Drivers</a>"
      "<a href=\"#proxies\">5 Proxies</a><a href=\"#cost\">6 Tuning cost</a>"
      "<a href=\"#measurement\">7 Measurement</a></nav></header>";
  return out;
}

std::string frontier_section(const StudyReport& r) {
  const Frontier& f = r.frontier;
  std::string out = "<section id=\"frontier\"><h2>1. Frontier</h2>";
  if (f.trials.empty()) {
    out += paragraph("No COMPLETE trial yet: nothing to plot.", "note");
  } else if (f.objectives.size() <= 2) {
    out += paragraph(
        "Every COMPLETE trial as a point. Pareto-optimal trials are highlighted and "
        "joined as a step line; dominated ones are grey, infeasible ones hollow. "
        "Hover over a point for its parameters and metrics.",
        "note");
    out += detail::frontier_plot(f);
  } else {
    out += paragraph(
        "Three or more objectives: every pair of objectives (Pareto-optimal "
        "trials highlighted; hover for details), then one line per trial across "
        "all objectives.",
        "note");
    out += detail::scatter_matrix(f) + detail::parallel_coordinates(f);
  }
  if (!f.unfinished.empty()) {
    out += "<h3>Trials not in the plot</h3>";
    std::vector<std::vector<std::string>> rows;
    for (const UnfinishedTrial& u : f.unfinished)
      rows.push_back({std::to_string(u.number), html(u.state), html(u.error)});
    out += html_table({"trial", "state", "reason"}, rows, {true, false, false});
  }
  return out + "</section>";
}

std::string tradeoff_section(const StudyReport& r) {
  std::string out = "<section id=\"tradeoff\"><h2>2. Trade-offs along the front</h2>";
  if (!r.frontier.tradeoff) {
    return out +
           paragraph(
               "The study has no pair of a cost (energy) and a quality objective, so there "
               "is no trade-off table.",
               "note") +
           "</section>";
  }
  const Tradeoff& t = *r.frontier.tradeoff;
  if (t.steps.empty())
    return out + paragraph("No feasible COMPLETE trial yet.", "note") + "</section>";
  out += list(t.sentences);
  const std::string unit = t.cost_unit.empty() ? "" : " (" + t.cost_unit + ")";
  const std::string per_point = (t.cost_unit.empty() ? "" : t.cost_unit + " ") +
                                (t.quality_minimized ? "per point less " : "per extra point of ") +
                                t.quality_name;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> classes;
  const double sign = t.quality_minimized ? -1.0 : 1.0;
  for (const TradeoffStep& s : t.steps) {
    std::vector<std::string> params;
    for (const FrontierTrial& ft : r.frontier.trials)
      if (ft.number == s.trial_number) params = ft.params;
    rows.push_back(
        {std::to_string(s.trial_number) + (s.knee ? " (knee)" : ""), num(sign * s.quality),
         html(detail::format_with_uncertainty(s.cost, s.cost_uncertainty)),
         html(detail::format_ratio(s.cost_ratio_to_cheapest)),
         s.marginal_cost_per_point ? html(detail::format_with_uncertainty(
                                         *s.marginal_cost_per_point, s.marginal_cost_uncertainty))
                                   : "",
         html(join(params))});
    classes.push_back(s.knee ? "knee" : "");
  }
  out += html_table({"trial", html(t.quality_name), html(t.cost_name + unit), "x cheapest",
                     html("marginal cost, " + per_point), "parameters"},
                    rows, {false, true, true, true, true, false}, classes);
  out += "<p class=\"method\">" + html(detail::kKneeMethod) + "<br>" +
         html(detail::kMarginalMethod) + "</p>";
  return out + "</section>";
}

std::string hypervolume_section(const StudyReport& r) {
  const HypervolumeProgress& h = r.hypervolume;
  std::string out = "<section id=\"hypervolume\"><h2>3. Hypervolume over trials</h2>";
  if (h.reference.empty()) return out + paragraph(h.note, "note") + "</section>";
  std::vector<std::string> reference;
  for (std::size_t i = 0; i < h.reference.size(); ++i) {
    reference.push_back(r.objectives[i].name + " = " + format_number(h.reference[i], 6) +
                        (h.reference_from_study[i] ? " (study file)" : " (inferred)"));
  }
  out += "<p>Reference point: " + html(join(reference)) +
         ". Final hypervolume: " + num(h.final_hypervolume, 6) + " after " +
         std::to_string(h.steps.size()) + " finished trials.</p>";
  if (!h.note.empty()) out += paragraph(h.note, "note");
  out += detail::hypervolume_plot(h);
  out += "<p class=\"method\">" + html(detail::kHypervolumeMethod) +
         " An inferred reference is the nadir of all feasible trials plus 10 % of each "
         "objective's range; set reference_point in the study file to fix it.</p>";
  return out + "</section>";
}

std::string importance_section(const StudyReport& r) {
  std::string out = "<section id=\"importance\"><h2>4. What drives each objective</h2>";
  for (const ObjectiveImportance& imp : r.importance) {
    out += "<h3>" + html(imp.objective) + "</h3>";
    if (!imp.available) {
      out += paragraph("No importance: " + imp.note + ".", "note");
      continue;
    }
    out += paragraph(
        "Model of " + std::string(imp.log_output ? "log(" + imp.objective + ")" : imp.objective) +
            " fitted to " + std::to_string(imp.trials_used) + " trials" +
            (imp.note.empty() ? "." : "; " + imp.note + "."),
        "note");
    out += detail::importance_bars(imp);
    std::vector<std::vector<std::string>> rows;
    for (const ParameterImportance& p : imp.parameters)
      rows.push_back({html(p.parameter), num(p.first_order, 3), num(p.total, 3),
                      num(std::max(0.0, p.total - p.first_order), 3)});
    out += html_table({"parameter", "first-order S1", "total ST", "interactions ST - S1"}, rows,
                      {false, true, true, true});
    if (!imp.partial_dependence.empty()) {
      out += "<div class=\"plots\">";
      for (const PartialDependence& pd : imp.partial_dependence)
        out += detail::partial_dependence_plot(pd, imp.objective, imp.log_output);
      out += "</div>";
    }
  }
  out += "<p class=\"method\">" + html(detail::kImportanceMethod) + "</p>";
  return out + "</section>";
}

std::string fit_sentence(const std::optional<PowerLawFit>& fit, const std::string& proxy) {
  if (!fit)
    return "Not enough trials with " + proxy + " for a fit (at least 3 with positive values).";
  return "energy = " + format_number(fit->prefactor, 3) + " x " + proxy + "^" +
         format_number(fit->exponent, 3) + " (R^2 = " + format_number(fit->r_squared, 3) + ", " +
         std::to_string(fit->points) + " trials)";
}

std::string proxies_section(const StudyReport& r) {
  const ProxyAnalysis& p = r.proxies;
  std::string out =
      "<section id=\"proxies\"><h2>5. Proxies: do params, FLOPs and latency rank "
      "models by energy?</h2>";
  if (p.energy_name.empty()) return out + paragraph(p.note, "note") + "</section>";
  out += paragraph("Energy measure: " + p.energy_name + ", over " +
                   std::to_string(p.samples.size()) + " COMPLETE trials.");
  std::vector<std::vector<std::string>> rows;
  for (const ProxyCorrelation& c : p.correlations)
    rows.push_back(
        {html(c.proxy), std::to_string(c.pairs), num(c.spearman, 3), num(c.kendall_tau_b, 3)});
  out += html_table({"proxy", "trials", "Spearman rho", "Kendall tau-b"}, rows,
                    {false, true, true, true});
  out += "<p>Energy scaling law: " + html(fit_sentence(p.energy_vs_flops, "FLOPs")) + "; " +
         html(fit_sentence(p.energy_vs_params, "params")) + ".</p>";
  if (!p.inversions.empty()) {
    out += "<h3>The most striking inversions</h3>";
    std::vector<std::vector<std::string>> inv;
    for (const Inversion& i : p.inversions) {
      inv.push_back({std::to_string(i.more_flops_trial), std::to_string(i.fewer_flops_trial),
                     html(detail::format_ratio(i.flops_ratio)),
                     html(detail::format_ratio(i.energy_ratio))});
    }
    out += html_table({"trial", "against trial", "FLOPs ratio", "energy ratio"}, inv,
                      {true, true, true, true});
    out += paragraph(
        "Each row: the first trial has that many times the FLOPs of the second, "
        "yet uses that fraction of its energy.",
        "note");
  }
  if (!p.note.empty()) out += paragraph(p.note, "note");
  const bool any_flops = std::any_of(p.samples.begin(), p.samples.end(), [](const ProxySample& s) {
    return s.flops && *s.flops > 0 && s.energy > 0;
  });
  const bool any_params = std::any_of(p.samples.begin(), p.samples.end(), [](const ProxySample& s) {
    return s.parameter_count && *s.parameter_count > 0 && s.energy > 0;
  });
  if (any_flops || any_params) {
    out += "<div class=\"plots\">";
    if (any_flops) out += detail::proxy_plot(p, true);
    if (any_params) out += detail::proxy_plot(p, false);
    out += "</div>";
  }
  out += "<p class=\"method\">" + html(detail::kProxyMethod) + "</p>";
  return out + "</section>";
}

std::string cost_section(const StudyReport& r) {
  const TuningCost& c = r.cost;
  std::string out = "<section id=\"cost\"><h2>6. Tuning cost and break-even</h2>";
  out += list(c.sentences);
  std::vector<std::vector<std::string>> rows = {
      {"study energy", html(detail::format_energy(c.energy_j)) + " +- " +
                           html(detail::format_energy(c.uncertainty_j)) +
                           (c.estimated ? " (partly estimated)" : "")},
      {"trials measured", std::to_string(c.trials_with_energy)},
      {"trial time", html(format_number(c.duration_s / 3600.0, 3)) + " h"},
      {"study carbon", html(detail::format_carbon(c.carbon_g))},
      {"grid intensity", num(c.carbon.gco2e_per_kwh) + " gCO2e/kWh x PUE " + num(c.carbon.pue, 3) +
                             " (" + html(c.carbon.source) + ")"}};
  for (const auto& [phase, joules] : c.energy_by_phase_j)
    rows.push_back({"energy in phase " + html(phase), html(detail::format_energy(joules))});
  for (const auto& row : detail::break_even_rows(c)) rows.push_back({html(row[0]), html(row[1])});
  out += html_table({"quantity", "value"}, rows);
  out += "<p class=\"method\">" + html(detail::kBreakEvenMethod) + "</p>";
  return out + "</section>";
}

std::string facts_table(const std::vector<Fact>& facts) {
  std::vector<std::vector<std::string>> rows;
  for (const Fact& f : facts) rows.push_back({html(f.name), html(f.value), html(f.source)});
  return html_table({"", "value", "source"}, rows);
}

std::string measurement_section(const StudyReport& r) {
  const Measurement& m = r.measurement;
  std::string out = "<section id=\"measurement\"><h2>7. Measurement</h2>";
  std::vector<std::vector<std::string>> rows;
  for (const MeterUse& u : m.meters) {
    rows.push_back({html(u.meter.empty() ? "(none)" : u.meter), html(u.scope),
                    u.estimated ? "ESTIMATED" : "MEASURED", std::to_string(u.phases),
                    html(join(u.domains))});
  }
  if (rows.empty()) {
    out += paragraph(
        "No phase was measured: the trials were told by hand (ecopt tell), not run "
        "by ecopt tune, so there is no energy data.",
        "note");
  } else {
    out += html_table({"meter", "scope", "kind", "phases", "domains"}, rows,
                      {false, false, false, true, false});
  }
  std::string facts = std::to_string(m.measured_phases) + " phases measured by counters, " +
                      std::to_string(m.estimated_phases) + " estimated. ";
  facts += m.median_relative_uncertainty
               ? "Median uncertainty per phase: " +
                     format_number(100.0 * *m.median_relative_uncertainty, 3) + " % of its energy. "
               : "";
  facts +=
      m.phases_with_net_energy > 0
          ? "Idle baseline: net energy recorded for " + std::to_string(m.phases_with_net_energy) +
                " phases; idle power subtracted " + format_number(m.idle_power_w, 4) +
                " W on average."
          : "Idle baseline: none (no machine profile from ecopt calibrate), so energies are gross.";
  out += paragraph(facts);
  out += "<h3>Hardware</h3>" + facts_table(m.hardware);
  out += "<h3>Software</h3>" + facts_table(m.software);
  if (!m.context.empty()) out += "<h3>Run context</h3>" + facts_table(m.context);
  if (!m.attributes.empty()) out += "<h3>Study attributes</h3>" + facts_table(m.attributes);
  out += paragraph(
      "Only what the study recorded is shown; the rest is marked unknown. ecopt tune and "
      "ecopt worker record each host's facts at start; add others as study attributes (ecopt "
      "study set-attr: cpu_model, cpu_cores, memory_gb, gpus, os, NAME_version).",
      "note");
  return out + "</section>";
}

}  // namespace

std::string report_html(const StudyReport& r) {
  const std::string body = header(r) + frontier_section(r) + tradeoff_section(r) +
                           hypervolume_section(r) + importance_section(r) + proxies_section(r) +
                           cost_section(r) + measurement_section(r);
  return detail::html_page("ecopt report: " + r.study_name, body);
}

}  // namespace ecopt::report
