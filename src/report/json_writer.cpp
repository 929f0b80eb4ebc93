#include "ecopt/report/json_writer.hpp"

#include <cmath>

#include "report/detail/format.hpp"
#include "report/detail/json_values.hpp"
#include "report/detail/method_text.hpp"

namespace ecopt::report {
namespace {

using detail::facts_json;
using detail::Json;
using detail::json_number;

const char* kind_name(PointKind kind) {
  switch (kind) {
    case PointKind::pareto:
      return "pareto";
    case PointKind::dominated:
      return "dominated";
    case PointKind::infeasible:
      return "infeasible";
  }
  return "dominated";
}

Json fit_json(const std::optional<PowerLawFit>& fit) {
  if (!fit) return nullptr;
  return Json{{"exponent", json_number(fit->exponent)},
              {"prefactor", json_number(fit->prefactor)},
              {"r_squared", json_number(fit->r_squared)},
              {"points", fit->points}};
}

Json optional_int(const std::optional<std::int64_t>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json frontier_json(const StudyReport& r) {
  const Frontier& f = r.frontier;
  Json j;
  j["cost_objective"] = f.roles.cost ? Json(f.objectives[*f.roles.cost].name) : Json(nullptr);
  j["quality_objective"] =
      f.roles.quality ? Json(f.objectives[*f.roles.quality].name) : Json(nullptr);
  j["trials"] = Json::array();
  for (const FrontierTrial& t : f.trials) {
    Json values = Json::object();
    for (std::size_t i = 0; i < f.objectives.size() && i < t.values.size(); ++i)
      values[f.objectives[i].name] = json_number(t.values[i]);
    j["trials"].push_back(Json{{"number", t.number},
                               {"kind", kind_name(t.kind)},
                               {"values", values},
                               {"params", detail::json_params(t.parameter_values)}});
  }
  j["unfinished"] = Json::array();
  for (const UnfinishedTrial& u : f.unfinished)
    j["unfinished"].push_back(Json{{"number", u.number},
                                   {"state", u.state},
                                   {"error", u.error},
                                   {"stderr_tail", u.stderr_tail}});
  return j;
}

Json tradeoff_json(const StudyReport& r) {
  if (!r.frontier.tradeoff) return nullptr;
  const Tradeoff& t = *r.frontier.tradeoff;
  const double sign = t.quality_minimized ? -1.0 : 1.0;
  Json j;
  j["cost_objective"] = t.cost_name;
  j["quality_objective"] = t.quality_name;
  j["cost_unit"] = t.cost_unit;
  j["points_per_unit"] = t.points_per_unit;
  j["knee_in_log_cost"] = t.log_cost;
  j["quality_minimized"] = t.quality_minimized;
  j["knee_trial"] = t.knee ? Json(t.steps[*t.knee].trial_number) : Json(nullptr);
  j["steps"] = Json::array();
  for (const TradeoffStep& s : t.steps) {
    j["steps"].push_back(
        Json{{"trial", s.trial_number},
             {"cost", json_number(s.cost)},
             {"quality", json_number(sign * s.quality)},
             {"cost_ratio_to_cheapest", json_number(s.cost_ratio_to_cheapest)},
             {"cost_uncertainty", json_number(s.cost_uncertainty)},
             {"marginal_cost_per_point", json_number(s.marginal_cost_per_point)},
             {"marginal_cost_per_point_uncertainty", json_number(s.marginal_cost_uncertainty)},
             {"knee", s.knee}});
  }
  j["sentences"] = t.sentences;
  j["knee_method"] = detail::kKneeMethod;
  return j;
}

Json hypervolume_json(const StudyReport& r) {
  const HypervolumeProgress& h = r.hypervolume;
  Json j;
  j["reference"] = Json::object();
  j["reference_from_study"] = Json::object();
  for (std::size_t i = 0; i < h.reference.size(); ++i) {
    j["reference"][r.objectives[i].name] = json_number(h.reference[i]);
    j["reference_from_study"][r.objectives[i].name] = static_cast<bool>(h.reference_from_study[i]);
  }
  j["final"] = json_number(h.final_hypervolume);
  j["steps"] = Json::array();
  for (const HypervolumeStep& s : h.steps)
    j["steps"].push_back(
        Json{{"trial", s.trial_number}, {"hypervolume", json_number(s.hypervolume)}});
  j["note"] = h.note;
  return j;
}

Json importance_json(const StudyReport& r) {
  Json j = Json::array();
  for (const ObjectiveImportance& imp : r.importance) {
    Json o;
    o["objective"] = imp.objective;
    o["available"] = imp.available;
    o["note"] = imp.note;
    o["log_output"] = imp.log_output;
    o["trials_used"] = imp.trials_used;
    o["parameters"] = Json::array();
    for (const ParameterImportance& p : imp.parameters)
      o["parameters"].push_back(Json{{"parameter", p.parameter},
                                     {"first_order", json_number(p.first_order)},
                                     {"total", json_number(p.total)},
                                     {"hardware", p.hardware}});
    o["partial_dependence"] = Json::array();
    for (const PartialDependence& pd : imp.partial_dependence) {
      Json points = Json::array();
      for (const PartialDependencePoint& p : pd.points)
        points.push_back(
            Json{{"label", p.label}, {"x", json_number(p.x)}, {"mean", json_number(p.mean)}});
      o["partial_dependence"].push_back(Json{{"parameter", pd.parameter},
                                             {"categorical", pd.categorical},
                                             {"log_x", pd.log_x},
                                             {"points", points}});
    }
    j.push_back(o);
  }
  return j;
}

Json proxies_json(const StudyReport& r) {
  const ProxyAnalysis& p = r.proxies;
  Json j;
  j["energy"] = p.energy_name;
  j["correlations"] = Json::array();
  for (const ProxyCorrelation& c : p.correlations)
    j["correlations"].push_back(Json{{"proxy", c.proxy},
                                     {"pairs", c.pairs},
                                     {"spearman", json_number(c.spearman)},
                                     {"kendall_tau_b", json_number(c.kendall_tau_b)}});
  j["inversions"] = Json::array();
  for (const Inversion& i : p.inversions)
    j["inversions"].push_back(Json{{"more_flops_trial", i.more_flops_trial},
                                   {"fewer_flops_trial", i.fewer_flops_trial},
                                   {"flops_ratio", json_number(i.flops_ratio)},
                                   {"energy_ratio", json_number(i.energy_ratio)}});
  j["energy_vs_flops"] = fit_json(p.energy_vs_flops);
  j["energy_vs_params"] = fit_json(p.energy_vs_params);
  j["samples"] = Json::array();
  for (const ProxySample& s : p.samples)
    j["samples"].push_back(Json{{"trial", s.trial_number},
                                {"energy", json_number(s.energy)},
                                {"params", json_number(s.parameter_count)},
                                {"flops", json_number(s.flops)},
                                {"latency", json_number(s.latency)}});
  j["note"] = p.note;
  return j;
}

Json pruning_json(const PruningCost& p) {
  Json j;
  j["pruned_trials"] = Json::array();
  for (const PrunedTrial& t : p.trials) {
    j["pruned_trials"].push_back(Json{{"number", t.number},
                                      {"last_step", t.last_step},
                                      {"energy_j", json_number(t.energy_j)},
                                      {"finish_estimate_j", json_number(t.finish_estimate_j)}});
  }
  j["pruned_energy_j"] = json_number(p.pruned_energy_j);
  j["completed_energy_per_step_j"] = json_number(p.energy_per_step_j);
  j["completed_steps"] = optional_int(p.completed_steps);
  j["completed_energy_per_step_sd_j"] = json_number(p.energy_per_step_sd_j);
  j["saved_energy_estimate_j"] = json_number(p.saved_energy_j);
  j["saved_energy_estimate_uncertainty_j"] = json_number(p.saved_energy_uncertainty_j);
  j["break_even_inferences_without_pruning"] = json_number(p.break_even_without_pruning);
  const auto& range = p.break_even_without_pruning_range;  // as break_even_inferences_low/high
  j["break_even_inferences_without_pruning_low"] = range ? json_number(range->low) : Json(nullptr);
  j["break_even_inferences_without_pruning_high"] =
      range ? json_number(range->high) : Json(nullptr);
  return j;
}

Json cost_json(const StudyReport& r) {
  const TuningCost& c = r.cost;
  Json j;
  j["energy_j"] = json_number(c.energy_j);
  j["uncertainty_j"] = json_number(c.uncertainty_j);
  j["net_energy_j"] = json_number(c.net_energy_j);
  j["estimated"] = c.estimated;
  j["trials_with_energy"] = c.trials_with_energy;
  j["energy_by_phase_j"] = Json::object();
  for (const auto& [phase, joules] : c.energy_by_phase_j)
    j["energy_by_phase_j"][phase] = json_number(joules);
  j["duration_s"] = json_number(c.duration_s);
  j["carbon_g"] = json_number(c.carbon_g);
  j["grid_intensity_gco2e_per_kwh"] = json_number(c.carbon.gco2e_per_kwh);
  j["pue"] = json_number(c.carbon.pue);
  j["grid_intensity_source"] = c.carbon.source;
  j["chosen_trial"] = optional_int(c.chosen_trial);
  j["chosen_reason"] = c.chosen_reason;
  j["baseline_trial"] = optional_int(c.baseline_trial);
  j["baseline_reason"] = c.baseline_reason;
  j["energy_basis"] = to_string(c.basis);
  j["break_even_energy_j"] = json_number(c.break_even_energy_j);
  j["chosen_energy_per_inference_j"] = json_number(c.chosen_energy_per_inference_j);
  j["chosen_energy_per_inference_uncertainty_j"] =
      json_number(c.chosen_energy_per_inference_uncertainty_j);
  j["baseline_energy_per_inference_j"] = json_number(c.baseline_energy_per_inference_j);
  j["baseline_energy_per_inference_uncertainty_j"] =
      json_number(c.baseline_energy_per_inference_uncertainty_j);
  j["saving_per_inference_j"] = json_number(c.saving_per_inference_j);
  j["saving_per_inference_uncertainty_j"] = json_number(c.saving_per_inference_uncertainty_j);
  j["saving_per_inference_gco2e"] = json_number(c.saving_per_inference_g);
  j["break_even_inferences"] = json_number(c.break_even_inferences);
  // The range; a null upper end with a low end means unbounded (the saving may be zero).
  j["break_even_inferences_low"] =
      c.break_even_range ? json_number(c.break_even_range->low) : Json(nullptr);
  j["break_even_inferences_high"] =
      c.break_even_range ? json_number(c.break_even_range->high) : Json(nullptr);
  j["sentences"] = c.sentences;
  return j;
}

Json measurement_json(const StudyReport& r) {
  const Measurement& m = r.measurement;
  Json j;
  j["meters"] = Json::array();
  for (const MeterUse& u : m.meters)
    j["meters"].push_back(Json{{"meter", u.meter},
                               {"scope", u.scope},
                               {"estimated", u.estimated},
                               {"phases", u.phases},
                               {"domains", u.domains}});
  j["measured_phases"] = m.measured_phases;
  j["estimated_phases"] = m.estimated_phases;
  j["median_relative_uncertainty"] = json_number(m.median_relative_uncertainty);
  j["phases_with_net_energy"] = m.phases_with_net_energy;
  j["idle_power_w"] = json_number(m.idle_power_w);
  j["hosts"] = m.hosts;
  j["hardware"] = facts_json(m.hardware);
  j["software"] = facts_json(m.software);
  j["context"] = facts_json(m.context);
  j["attributes"] = facts_json(m.attributes);
  return j;
}

}  // namespace

std::string report_json(const StudyReport& r) {
  Json j = detail::json_document("ecopt-report");
  j["ecopt_version"] = r.ecopt_version;
  j["generated_unix_s"] = r.generated_unix_s;
  j["generated_utc"] = detail::format_utc(r.generated_unix_s);
  Json objectives = Json::array();
  for (const study::Objective& o : r.objectives)
    objectives.push_back(Json{{"name", o.name},
                              {"goal", o.goal == study::Goal::maximize ? "maximize" : "minimize"}});
  Json counts = Json::object();
  for (const auto& [state, n] : r.trial_counts) counts[state] = n;
  j["study"] =
      Json{{"name", r.study_name},     {"description", r.description}, {"storage", r.storage_url},
           {"objectives", objectives}, {"constraints", r.constraints}, {"trial_counts", counts}};
  j["frontier"] = frontier_json(r);
  j["tradeoff"] = tradeoff_json(r);
  j["hypervolume"] = hypervolume_json(r);
  j["importance"] = importance_json(r);
  j["proxies"] = proxies_json(r);
  j["tuning_cost"] = cost_json(r);
  j["pruning"] = pruning_json(r.pruning);
  j["measurement"] = measurement_json(r);
  return j.dump(2) + "\n";
}

}  // namespace ecopt::report
