#include "ecopt/report/markdown_writer.hpp"

#include <algorithm>

#include "report/detail/cost_rows.hpp"
#include "report/detail/format.hpp"
#include "report/detail/markdown.hpp"
#include "report/detail/method_text.hpp"
#include "report/detail/section_text.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::join;
using detail::md_table;
using detail::md_text;

std::string bullets(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) out += "- " + md_text(s) + "\n";
  return out.empty() ? out : out + "\n";
}

/// Each item through md_text.
std::vector<std::string> md_texts(std::vector<std::string> items) {
  for (std::string& item : items) item = md_text(item);
  return items;
}

std::string method(const char* text) {
  return std::string("> ") + text + "\n\n";
}

std::string header(const StudyReport& r) {
  std::string out = "# ecopt report: " + md_text(r.study_name) + "\n\n";
  if (!r.description.empty()) out += md_text(r.description) + "\n\n";
  const std::vector<std::string> counts = md_texts(detail::trial_count_labels(r));
  return out + "Objectives: " + join(md_texts(detail::objective_labels(r))) +
         (r.constraints.empty() ? "" : ". Constraints: " + join(md_texts(r.constraints))) +
         ".  \nTrials: " + (counts.empty() ? "none" : join(counts)) +
         ". Storage: " + md_text(r.storage_url) + ". Generated " +
         detail::format_utc(r.generated_unix_s) + " by ecopt " + r.ecopt_version +
         ". The plots are in report.html.\n\n";
}

/// The Pareto set as a table (the plots are in the HTML report).
std::string pareto_table(const Frontier& f) {
  std::vector<std::string> headers{"trial", "kind"};
  for (const study::Objective& o : f.objectives) headers.push_back(o.name);
  headers.push_back("parameters");
  std::vector<bool> numeric{true, false};
  numeric.insert(numeric.end(), f.objectives.size(), true);
  std::vector<std::vector<std::string>> rows;
  for (const FrontierTrial& t : f.trials) {
    if (t.kind != PointKind::pareto) continue;
    std::vector<std::string> row{std::to_string(t.number), "Pareto"};
    for (const double v : t.values) row.push_back(format_number(v));
    row.push_back(join(t.params));
    rows.push_back(std::move(row));
  }
  return "The Pareto set:\n\n" + md_table(headers, rows, numeric);
}

std::string frontier_section(const Frontier& f) {
  std::string out = "## 1. Frontier\n\n";
  std::size_t pareto = 0, dominated = 0, infeasible = 0;
  for (const FrontierTrial& t : f.trials) {
    (t.kind == PointKind::pareto      ? pareto
     : t.kind == PointKind::dominated ? dominated
                                      : infeasible)++;
  }
  out += std::to_string(f.trials.size()) + " COMPLETE trials: " + std::to_string(pareto) +
         " Pareto-optimal, " + std::to_string(dominated) + " dominated, " +
         std::to_string(infeasible) + " infeasible.\n\n";
  if (!f.trials.empty()) out += pareto_table(f);
  if (!f.unfinished.empty()) {
    out += "Trials not in the plot:\n\n";
    out += md_table({"trial", "state", "reason", "last line of stderr"}, detail::unfinished_rows(f),
                    {true});
  }
  return out;
}

std::string tradeoff_section(const Frontier& f) {
  std::string out = "## 2. Trade-offs along the front\n\n";
  if (!f.tradeoff) {
    return out +
           "The study has no pair of a cost (energy) and a quality objective, so there is no "
           "trade-off table.\n\n";
  }
  if (f.tradeoff->steps.empty()) return out + "No feasible COMPLETE trial yet.\n\n";
  const detail::TextTable table = detail::tradeoff_table(f, " (knee)");
  return out + bullets(f.tradeoff->sentences) +
         md_table(table.headers, table.rows, {false, true, true, true, true, false}) +
         std::string("> ") + detail::kKneeMethod + "\n>\n> " + detail::kMarginalMethod + "\n\n";
}

std::string hypervolume_section(const StudyReport& r) {
  const HypervolumeProgress& h = r.hypervolume;
  std::string out = "## 3. Hypervolume over trials\n\n";
  if (h.reference.empty()) return out + md_text(h.note) + "\n\n";
  out += "Reference point: " + join(md_texts(detail::reference_labels(h, r.objectives))) +
         ". Final hypervolume: " + format_number(h.final_hypervolume, 6) + " after " +
         std::to_string(h.steps.size()) + " finished trials.\n\n";
  if (!h.note.empty()) out += md_text(h.note) + "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < h.steps.size(); ++i) {
    if (i > 0 && h.steps[i].hypervolume == h.steps[i - 1].hypervolume) continue;
    rows.push_back(
        {std::to_string(h.steps[i].trial_number), format_number(h.steps[i].hypervolume, 6)});
  }
  return out + "Trials that raised it:\n\n" +
         md_table({"after trial", "hypervolume"}, rows, {true, true}) +
         method(detail::kHypervolumeMethod);
}

/// About six points of a partial dependence curve, the last one always included.
std::string partial_dependence_line(const PartialDependence& pd) {
  std::vector<std::string> points;
  const std::size_t stride = std::max<std::size_t>(1, pd.points.size() / 6);
  for (std::size_t i = 0; i < pd.points.size(); i += stride)
    points.push_back(md_text(pd.points[i].label) + " -> " + format_number(pd.points[i].mean));
  if (!pd.points.empty() && (pd.points.size() - 1) % stride != 0)
    points.push_back(md_text(pd.points.back().label) + " -> " +
                     format_number(pd.points.back().mean));
  return "Partial dependence on " + md_text(pd.parameter) + ": " + join(points, "; ") + "\n\n";
}

std::string importance_section(const std::vector<ObjectiveImportance>& importance) {
  std::string out = "## 4. What drives each objective\n\n";
  for (const ObjectiveImportance& imp : importance) {
    out += "### " + md_text(imp.objective) + "\n\n";
    if (!imp.available) {
      out += "No importance: " + md_text(imp.note) + ".\n\n";
      continue;
    }
    out += md_text(detail::importance_model_sentence(imp)) + "\n\n" +
           md_table({"parameter", "first-order S1", "total ST", "interactions ST - S1"},
                    detail::importance_rows(imp), {false, true, true, true});
    for (const PartialDependence& pd : imp.partial_dependence) out += partial_dependence_line(pd);
  }
  return out + method(detail::kImportanceMethod);
}

std::string proxies_section(const ProxyAnalysis& p) {
  std::string out = "## 5. Proxies: do params, FLOPs and latency rank models by energy?\n\n";
  if (p.energy_name.empty()) return out + md_text(p.note) + "\n\n" + method(detail::kProxyMethod);
  out += "Energy measure: " + md_text(p.energy_name) + ", over " +
         std::to_string(p.samples.size()) + " COMPLETE trials.\n\n";
  out += md_table({"proxy", "trials", "Spearman rho", "Kendall tau-b"}, detail::correlation_rows(p),
                  {false, true, true, true});
  out += "Energy scaling law: " + detail::fit_sentence(p.energy_vs_flops, "FLOPs") + "; " +
         detail::fit_sentence(p.energy_vs_params, "params") + ".\n\n";
  if (!p.inversions.empty()) {
    out +=
        "The most striking inversions (the first trial has that many times the FLOPs of the "
        "second, yet uses that fraction of its energy):\n\n" +
        md_table({"trial", "against trial", "FLOPs ratio", "energy ratio"},
                 detail::inversion_rows(p), {true, true, true, true});
  }
  if (!p.note.empty()) out += md_text(p.note) + "\n\n";
  return out + method(detail::kProxyMethod);
}

std::string cost_section(const TuningCost& c, const PruningCost& p) {
  std::string out = "## 6. Tuning cost and break-even\n\n" + bullets(c.sentences) +
                    md_table({"quantity", "value"}, detail::cost_rows(c));
  if (!p.trials.empty())
    out += "### Pruning\n\n" + md_table({"quantity", "value"}, detail::pruning_rows(p, c));
  return out + method(detail::kBreakEvenMethod);
}

std::string measurement_section(const Measurement& m) {
  std::string out = "## 7. Measurement\n\n";
  const detail::TextRows meters = detail::meter_rows(m);
  if (meters.empty()) {
    out +=
        "No phase was measured: the trials were told by hand (ecopt tell), not run by ecopt "
        "tune, so there is no energy data.\n\n";
  } else {
    out += md_table({"meter", "scope", "kind", "phases", "domains"}, meters,
                    {false, false, false, true, false});
  }
  out += md_text(detail::measurement_summary(m)) + "\n\n";
  const auto facts = [](const std::vector<Fact>& list) {
    return md_table({"", "value", "source"}, detail::fact_rows(list));
  };
  out += "### Hardware\n\n" + facts(m.hardware) + "### Software\n\n" + facts(m.software);
  if (!m.context.empty()) out += "### Run context\n\n" + facts(m.context);
  if (!m.attributes.empty()) out += "### Study attributes\n\n" + facts(m.attributes);
  return out +
         "Only what the study recorded is shown; the rest is marked unknown. ecopt tune and ecopt "
         "worker record each host's facts at start; add others as study attributes (ecopt study "
         "set-attr: cpu_model, cpu_cores, memory_gb, gpus, os, NAME_version).\n";
}

}  // namespace

std::string report_markdown(const StudyReport& r) {
  return header(r) + frontier_section(r.frontier) + tradeoff_section(r.frontier) +
         hypervolume_section(r) + importance_section(r.importance) + proxies_section(r.proxies) +
         cost_section(r.cost, r.pruning) + measurement_section(r.measurement);
}

}  // namespace ecopt::report
