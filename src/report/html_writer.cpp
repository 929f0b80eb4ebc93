#include "ecopt/report/html_writer.hpp"

#include <algorithm>

#include "report/detail/charts.hpp"
#include "report/detail/cost_rows.hpp"
#include "report/detail/format.hpp"
#include "report/detail/html_page.hpp"
#include "report/detail/method_text.hpp"
#include "report/detail/section_text.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::html;
using detail::html_table;
using detail::join;

std::string num(double v, int significant = 4) {
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

/// Plain-text rows with every cell escaped.
std::vector<std::vector<std::string>> escaped(std::vector<std::vector<std::string>> rows) {
  for (auto& row : rows)
    for (std::string& cell : row) cell = html(cell);
  return rows;
}

std::vector<std::string> escaped(std::vector<std::string> cells) {
  for (std::string& cell : cells) cell = html(cell);
  return cells;
}

std::string header(const StudyReport& r) {
  std::string out = "<header><h1>ecopt report: " + html(r.study_name) + "</h1>";
  if (!r.description.empty()) out += paragraph(r.description);
  const std::vector<std::string> counts = detail::trial_count_labels(r);
  out += "<p class=\"note\">Objectives: " + html(join(detail::objective_labels(r))) +
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
    out += html_table({"trial", "state", "reason", "last line of stderr"},
                      escaped(detail::unfinished_rows(f)), {true, false, false, false});
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
  const detail::TextTable table = detail::tradeoff_table(r.frontier, " (knee)");
  std::vector<std::string> classes;
  for (const TradeoffStep& s : t.steps) classes.push_back(s.knee ? "knee" : "");
  out += html_table(escaped(table.headers), escaped(table.rows),
                    {false, true, true, true, true, false}, classes);
  out += "<p class=\"method\">" + html(detail::kKneeMethod) + "<br>" +
         html(detail::kMarginalMethod) + "</p>";
  return out + "</section>";
}

std::string hypervolume_section(const StudyReport& r) {
  const HypervolumeProgress& h = r.hypervolume;
  std::string out = "<section id=\"hypervolume\"><h2>3. Hypervolume over trials</h2>";
  if (h.reference.empty()) return out + paragraph(h.note, "note") + "</section>";
  out += "<p>Reference point: " + html(join(detail::reference_labels(h, r.objectives))) +
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
    out += paragraph(detail::importance_model_sentence(imp), "note");
    out += detail::importance_bars(imp);
    out += html_table({"parameter", "first-order S1", "total ST", "interactions ST - S1"},
                      escaped(detail::importance_rows(imp)), {false, true, true, true});
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

std::string proxies_section(const StudyReport& r) {
  const ProxyAnalysis& p = r.proxies;
  std::string out =
      "<section id=\"proxies\"><h2>5. Proxies: do params, FLOPs and latency rank "
      "models by energy?</h2>";
  if (p.energy_name.empty()) return out + paragraph(p.note, "note") + "</section>";
  out += paragraph("Energy measure: " + p.energy_name + ", over " +
                   std::to_string(p.samples.size()) + " COMPLETE trials.");
  out += html_table({"proxy", "trials", "Spearman rho", "Kendall tau-b"},
                    escaped(detail::correlation_rows(p)), {false, true, true, true});
  out += "<p>Energy scaling law: " + html(detail::fit_sentence(p.energy_vs_flops, "FLOPs")) + "; " +
         html(detail::fit_sentence(p.energy_vs_params, "params")) + ".</p>";
  if (!p.inversions.empty()) {
    out += "<h3>The most striking inversions</h3>";
    out += html_table({"trial", "against trial", "FLOPs ratio", "energy ratio"},
                      escaped(detail::inversion_rows(p)), {true, true, true, true});
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
  out += html_table({"quantity", "value"}, escaped(detail::cost_rows(c)));
  if (!r.pruning.trials.empty()) {
    out += "<h3>Pruning</h3>" +
           html_table({"quantity", "value"}, escaped(detail::pruning_rows(r.pruning, c)));
  }
  if (r.pruning.break_even_without_pruning && c.break_even_inferences)
    out += detail::break_even_plot(c, r.pruning);
  if (!r.pruning.trials.empty() && !r.pruning.learning.curves.empty())
    out += detail::learning_curves_plot(r.pruning.learning);
  out += "<p class=\"method\">" + html(detail::kBreakEvenMethod) + "</p>";
  return out + "</section>";
}

std::string facts_table(const std::vector<Fact>& facts) {
  return html_table({"", "value", "source"}, escaped(detail::fact_rows(facts)));
}

std::string measurement_section(const StudyReport& r) {
  const Measurement& m = r.measurement;
  std::string out = "<section id=\"measurement\"><h2>7. Measurement</h2>";
  const std::vector<std::vector<std::string>> rows = escaped(detail::meter_rows(m));
  if (rows.empty()) {
    out += paragraph(
        "No phase was measured: the trials were told by hand (ecopt tell), not run "
        "by ecopt tune, so there is no energy data.",
        "note");
  } else {
    out += html_table({"meter", "scope", "kind", "phases", "domains"}, rows,
                      {false, false, false, true, false});
  }
  out += paragraph(detail::measurement_summary(m));
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

std::string report_sections_html(const StudyReport& r) {
  return frontier_section(r) + tradeoff_section(r) + hypervolume_section(r) +
         importance_section(r) + proxies_section(r) + cost_section(r) + measurement_section(r);
}

std::string report_html(const StudyReport& r) {
  return html_document("ecopt report: " + r.study_name, header(r) + report_sections_html(r));
}

std::string html_document(const std::string& title, const std::string& body) {
  return detail::html_page(title, body);
}

std::string learning_curves_svg(const LearningCurves& learning) {
  return learning.curves.empty() ? std::string() : detail::learning_curves_plot(learning);
}

std::string html_escape(const std::string& text) {
  return detail::html(text);
}

std::string html_table(const std::vector<std::string>& headers,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric) {
  return detail::html_table(headers, rows, numeric);
}

}  // namespace ecopt::report
