#include "ecopt/report/markdown_writer.hpp"

#include <algorithm>

#include "report/detail/cost_rows.hpp"
#include "report/detail/format.hpp"
#include "report/detail/markdown.hpp"
#include "report/detail/method_text.hpp"

namespace ecopt::report {
namespace {

using detail::format_number;
using detail::md_table;

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string bullets(const std::vector<std::string>& sentences) {
  std::string out;
  for (const std::string& s : sentences) out += "- " + s + "\n";
  return out.empty() ? out : out + "\n";
}

std::string fit_sentence(const std::optional<PowerLawFit>& fit, const std::string& proxy) {
  if (!fit)
    return "Not enough trials with " + proxy + " for a fit (at least 3 with positive values).";
  return "energy = " + format_number(fit->prefactor, 3) + " x " + proxy + "^" +
         format_number(fit->exponent, 3) + " (R^2 = " + format_number(fit->r_squared, 3) + ", " +
         std::to_string(fit->points) + " trials)";
}

}  // namespace

std::string report_markdown(const StudyReport& r) {
  std::string out = "# ecopt report: " + r.study_name + "\n\n";
  if (!r.description.empty()) out += r.description + "\n\n";
  std::vector<std::string> objectives;
  for (const study::Objective& o : r.objectives)
    objectives.push_back(o.name +
                         (o.goal == study::Goal::maximize ? " (maximise)" : " (minimise)"));
  std::vector<std::string> counts;
  for (const auto& [state, n] : r.trial_counts) counts.push_back(std::to_string(n) + " " + state);
  out += "Objectives: " + join(objectives) +
         (r.constraints.empty() ? "" : ". Constraints: " + join(r.constraints)) +
         ".  \nTrials: " + (counts.empty() ? "none" : join(counts)) + ". Storage: `" +
         r.storage_url + "`. Generated " + detail::format_utc(r.generated_unix_s) + " by ecopt " +
         r.ecopt_version + ". The plots are in report.html.\n\n";

  // 1. Frontier.
  const Frontier& f = r.frontier;
  out += "## 1. Frontier\n\n";
  std::size_t pareto = 0, dominated = 0, infeasible = 0;
  for (const FrontierTrial& t : f.trials) {
    (t.kind == PointKind::pareto      ? pareto
     : t.kind == PointKind::dominated ? dominated
                                      : infeasible)++;
  }
  out += std::to_string(f.trials.size()) + " COMPLETE trials: " + std::to_string(pareto) +
         " Pareto-optimal, " + std::to_string(dominated) + " dominated, " +
         std::to_string(infeasible) + " infeasible.\n\n";
  if (!f.trials.empty()) {
    std::vector<std::string> headers{"trial", "kind"};
    for (const study::Objective& o : f.objectives) headers.push_back(o.name);
    headers.push_back("parameters");
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric{true, false};
    numeric.insert(numeric.end(), f.objectives.size(), true);
    for (const FrontierTrial& t : f.trials) {
      if (t.kind != PointKind::pareto) continue;
      std::vector<std::string> row{std::to_string(t.number), "Pareto"};
      for (const double v : t.values) row.push_back(format_number(v));
      row.push_back(join(t.params));
      rows.push_back(std::move(row));
    }
    out += "The Pareto set:\n\n" + md_table(headers, rows, numeric);
  }
  if (!f.unfinished.empty()) {
    out += "Trials not in the plot:\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const UnfinishedTrial& u : f.unfinished)
      rows.push_back({std::to_string(u.number), u.state, u.error});
    out += md_table({"trial", "state", "reason"}, rows, {true});
  }

  // 2. Trade-offs.
  out += "## 2. Trade-offs along the front\n\n";
  if (!f.tradeoff) {
    out +=
        "The study has no pair of a cost (energy) and a quality objective, so there is no "
        "trade-off table.\n\n";
  } else if (f.tradeoff->steps.empty()) {
    out += "No feasible COMPLETE trial yet.\n\n";
  } else {
    const Tradeoff& t = *f.tradeoff;
    out += bullets(t.sentences);
    const std::string unit = t.cost_unit.empty() ? "" : " (" + t.cost_unit + ")";
    const std::string per_point =
        (t.cost_unit.empty() ? "" : t.cost_unit + " ") +
        (t.quality_minimized ? "per point less " : "per extra point of ") + t.quality_name;
    const double sign = t.quality_minimized ? -1.0 : 1.0;
    std::vector<std::vector<std::string>> rows;
    for (const TradeoffStep& s : t.steps) {
      std::vector<std::string> params;
      for (const FrontierTrial& ft : f.trials)
        if (ft.number == s.trial_number) params = ft.params;
      rows.push_back({std::to_string(s.trial_number) + (s.knee ? " **(knee)**" : ""),
                      format_number(sign * s.quality),
                      detail::format_with_uncertainty(s.cost, s.cost_uncertainty),
                      detail::format_ratio(s.cost_ratio_to_cheapest),
                      s.marginal_cost_per_point
                          ? detail::format_with_uncertainty(*s.marginal_cost_per_point,
                                                            s.marginal_cost_uncertainty)
                          : "",
                      join(params)});
    }
    out += md_table({"trial", t.quality_name, t.cost_name + unit, "x cheapest",
                     "marginal cost, " + per_point, "parameters"},
                    rows, {false, true, true, true, true, false});
    out += std::string("> ") + detail::kKneeMethod + "\n>\n> " + detail::kMarginalMethod + "\n\n";
  }

  // 3. Hypervolume.
  const HypervolumeProgress& h = r.hypervolume;
  out += "## 3. Hypervolume over trials\n\n";
  if (h.reference.empty()) {
    out += h.note + "\n\n";
  } else {
    std::vector<std::string> reference;
    for (std::size_t i = 0; i < h.reference.size(); ++i)
      reference.push_back(r.objectives[i].name + " = " + format_number(h.reference[i], 6) +
                          (h.reference_from_study[i] ? " (study file)" : " (inferred)"));
    out += "Reference point: " + join(reference) +
           ". Final hypervolume: " + format_number(h.final_hypervolume, 6) + " after " +
           std::to_string(h.steps.size()) + " finished trials.\n\n";
    if (!h.note.empty()) out += h.note + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < h.steps.size(); ++i) {
      if (i > 0 && h.steps[i].hypervolume == h.steps[i - 1].hypervolume) continue;
      rows.push_back(
          {std::to_string(h.steps[i].trial_number), format_number(h.steps[i].hypervolume, 6)});
    }
    out +=
        "Trials that raised it:\n\n" + md_table({"after trial", "hypervolume"}, rows, {true, true});
    out += std::string("> ") + detail::kHypervolumeMethod + "\n\n";
  }

  // 4. Importance.
  out += "## 4. What drives each objective\n\n";
  for (const ObjectiveImportance& imp : r.importance) {
    out += "### " + imp.objective + "\n\n";
    if (!imp.available) {
      out += "No importance: " + imp.note + ".\n\n";
      continue;
    }
    out += "Model of " + (imp.log_output ? "log(" + imp.objective + ")" : imp.objective) +
           " fitted to " + std::to_string(imp.trials_used) + " trials" +
           (imp.note.empty() ? "." : "; " + imp.note + ".") + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const ParameterImportance& p : imp.parameters)
      rows.push_back({p.parameter, format_number(p.first_order, 3), format_number(p.total, 3),
                      format_number(std::max(0.0, p.total - p.first_order), 3)});
    out += md_table({"parameter", "first-order S1", "total ST", "interactions ST - S1"}, rows,
                    {false, true, true, true});
    for (const PartialDependence& pd : imp.partial_dependence) {
      std::string line = "Partial dependence on " + pd.parameter + ": ";
      std::vector<std::string> points;
      const std::size_t stride = std::max<std::size_t>(1, pd.points.size() / 6);
      for (std::size_t i = 0; i < pd.points.size(); i += stride)
        points.push_back(pd.points[i].label + " -> " + format_number(pd.points[i].mean));
      if (!pd.points.empty() && (pd.points.size() - 1) % stride != 0)
        points.push_back(pd.points.back().label + " -> " + format_number(pd.points.back().mean));
      out += line + join(points, "; ") + "\n\n";
    }
  }
  out += std::string("> ") + detail::kImportanceMethod + "\n\n";

  // 5. Proxies.
  const ProxyAnalysis& p = r.proxies;
  out += "## 5. Proxies: do params, FLOPs and latency rank models by energy?\n\n";
  if (p.energy_name.empty()) {
    out += p.note + "\n\n";
  } else {
    out += "Energy measure: " + p.energy_name + ", over " + std::to_string(p.samples.size()) +
           " COMPLETE trials.\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const ProxyCorrelation& c : p.correlations)
      rows.push_back({c.proxy, std::to_string(c.pairs), format_number(c.spearman, 3),
                      format_number(c.kendall_tau_b, 3)});
    out += md_table({"proxy", "trials", "Spearman rho", "Kendall tau-b"}, rows,
                    {false, true, true, true});
    out += "Energy scaling law: " + fit_sentence(p.energy_vs_flops, "FLOPs") + "; " +
           fit_sentence(p.energy_vs_params, "params") + ".\n\n";
    if (!p.inversions.empty()) {
      std::vector<std::vector<std::string>> inv;
      for (const Inversion& i : p.inversions)
        inv.push_back({std::to_string(i.more_flops_trial), std::to_string(i.fewer_flops_trial),
                       detail::format_ratio(i.flops_ratio), detail::format_ratio(i.energy_ratio)});
      out +=
          "The most striking inversions (the first trial has that many times the FLOPs of the "
          "second, yet uses that fraction of its energy):\n\n" +
          md_table({"trial", "against trial", "FLOPs ratio", "energy ratio"}, inv,
                   {true, true, true, true});
    }
    if (!p.note.empty()) out += p.note + "\n\n";
  }
  out += std::string("> ") + detail::kProxyMethod + "\n\n";

  // 6. Tuning cost.
  const TuningCost& c = r.cost;
  out += "## 6. Tuning cost and break-even\n\n" + bullets(c.sentences);
  std::vector<std::vector<std::string>> rows = {
      {"study energy", detail::format_energy(c.energy_j) + " +- " +
                           detail::format_energy(c.uncertainty_j) +
                           (c.estimated ? " (partly estimated)" : "")},
      {"trials measured", std::to_string(c.trials_with_energy)},
      {"trial time", format_number(c.duration_s / 3600.0, 3) + " h"},
      {"study carbon", detail::format_carbon(c.carbon_g)},
      {"grid intensity", format_number(c.carbon.gco2e_per_kwh) + " gCO2e/kWh x PUE " +
                             format_number(c.carbon.pue, 3) + " (" + c.carbon.source + ")"}};
  for (const auto& [phase, joules] : c.energy_by_phase_j)
    rows.push_back({"energy in phase " + phase, detail::format_energy(joules)});
  for (auto& row : detail::break_even_rows(c)) rows.push_back(std::move(row));
  out += md_table({"quantity", "value"}, rows);
  out += std::string("> ") + detail::kBreakEvenMethod + "\n\n";

  // 7. Measurement.
  const Measurement& m = r.measurement;
  out += "## 7. Measurement\n\n";
  std::vector<std::vector<std::string>> meters;
  for (const MeterUse& u : m.meters)
    meters.push_back({u.meter.empty() ? "(none)" : u.meter, u.scope,
                      u.estimated ? "ESTIMATED" : "MEASURED", std::to_string(u.phases),
                      join(u.domains)});
  if (meters.empty()) {
    out +=
        "No phase was measured: the trials were told by hand (ecopt tell), not run by ecopt "
        "tune, so there is no energy data.\n\n";
  } else {
    out += md_table({"meter", "scope", "kind", "phases", "domains"}, meters,
                    {false, false, false, true, false});
  }
  out += std::to_string(m.measured_phases) + " phases measured by counters, " +
         std::to_string(m.estimated_phases) + " estimated. ";
  if (m.median_relative_uncertainty)
    out += "Median uncertainty per phase: " +
           format_number(100.0 * *m.median_relative_uncertainty, 3) + " % of its energy. ";
  out += m.phases_with_net_energy > 0
             ? "Idle baseline: net energy recorded for " +
                   std::to_string(m.phases_with_net_energy) + " phases; idle power subtracted " +
                   format_number(m.idle_power_w, 4) + " W on average.\n\n"
             : "Idle baseline: none (no machine profile from ecopt calibrate), so energies are "
               "gross.\n\n";
  const auto facts = [](const std::vector<Fact>& list) {
    std::vector<std::vector<std::string>> fact_rows;
    for (const Fact& fact : list) fact_rows.push_back({fact.name, fact.value, fact.source});
    return md_table({"", "value", "source"}, fact_rows);
  };
  out += "### Hardware\n\n" + facts(m.hardware) + "### Software\n\n" + facts(m.software);
  if (!m.context.empty()) out += "### Run context\n\n" + facts(m.context);
  if (!m.attributes.empty()) out += "### Study attributes\n\n" + facts(m.attributes);
  out +=
      "Only what the study recorded is shown; the rest is marked unknown. ecopt tune and ecopt "
      "worker record each host's facts at start; add others as study attributes (ecopt study "
      "set-attr: cpu_model, cpu_cores, memory_gb, gpus, os, NAME_version).\n";
  return out;
}

}  // namespace ecopt::report
