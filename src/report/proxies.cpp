#include "ecopt/report/proxies.hpp"

#include <algorithm>
#include <cmath>

#include "ecopt/report/objective_roles.hpp"
#include "ecopt/report/trial_quantities.hpp"

namespace ecopt::report {
namespace {

/// (proxy, energy) of the samples that have the proxy.
struct Pairs {
  std::vector<double> proxy;
  std::vector<double> energy;
};

Pairs pairs_with(const std::vector<ProxySample>& samples,
                 std::optional<double> ProxySample::*field) {
  Pairs pairs;
  for (const ProxySample& s : samples) {
    if (const auto& v = s.*field) {
      pairs.proxy.push_back(*v);
      pairs.energy.push_back(s.energy);
    }
  }
  return pairs;
}

ProxyCorrelation correlate(const std::string& proxy, const std::vector<ProxySample>& samples,
                           std::optional<double> ProxySample::*field) {
  const Pairs p = pairs_with(samples, field);
  return {proxy, p.proxy.size(), spearman(p.proxy, p.energy), kendall_tau_b(p.proxy, p.energy)};
}

std::optional<PowerLawFit> fit(const std::vector<ProxySample>& samples,
                               std::optional<double> ProxySample::*field) {
  const Pairs p = pairs_with(samples, field);
  return fit_power_law(p.proxy, p.energy);
}

}  // namespace

std::vector<Inversion> largest_inversions(const std::vector<ProxySample>& samples,
                                          std::size_t count) {
  struct Scored {
    Inversion inversion;
    double score;
  };
  std::vector<Scored> scored;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    for (std::size_t j = 0; j < samples.size(); ++j) {
      const ProxySample& more = samples[i];
      const ProxySample& fewer = samples[j];
      if (!more.flops || !fewer.flops || !(*more.flops > *fewer.flops)) continue;
      if (!(more.energy < fewer.energy) || !(more.energy > 0.0) || !(*fewer.flops > 0.0)) continue;
      // Both orders disagree: more FLOPs, less energy. The score multiplies how far apart
      // the two are in each (log ratios), so a pair counts only if both gaps are large.
      const double flops_ratio = *more.flops / *fewer.flops;
      const double energy_ratio = more.energy / fewer.energy;
      scored.push_back({{more.trial_number, fewer.trial_number, flops_ratio, energy_ratio},
                        std::log(flops_ratio) * -std::log(energy_ratio)});
    }
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.inversion.more_flops_trial != b.inversion.more_flops_trial)
      return a.inversion.more_flops_trial < b.inversion.more_flops_trial;
    return a.inversion.fewer_flops_trial < b.inversion.fewer_flops_trial;
  });
  std::vector<Inversion> out;
  for (std::size_t i = 0; i < scored.size() && i < count; ++i) out.push_back(scored[i].inversion);
  return out;
}

ProxyAnalysis analyse_proxies(const study::StudyConfig& config,
                              const std::vector<study::Trial>& trials) {
  ProxyAnalysis out;
  const ObjectiveRoles roles = objective_roles(config);
  bool per_inference = false;
  for (const study::Trial& t : trials) {
    if (t.state == study::TrialState::complete && energy_per_inference_j(t, config)) {
      per_inference = true;
      break;
    }
  }
  if (per_inference) {
    out.energy_name = "energy per inference (J/sample)";
  } else if (roles.cost) {
    out.energy_name = config.objectives[*roles.cost].name;
  } else {
    out.note = "the study has no energy measure (no inference phase, no minimised objective)";
    return out;
  }
  for (const study::Trial& t : trials) {
    if (t.state != study::TrialState::complete) continue;
    std::optional<double> energy;
    if (per_inference) {
      energy = energy_per_inference_j(t, config);
    } else if (*roles.cost < t.values.size() && std::isfinite(t.values[*roles.cost])) {
      energy = t.values[*roles.cost];
    }
    if (!energy) continue;
    out.samples.push_back({t.number, *energy, reported_number(t, parameter_count_names()),
                           reported_number(t, flops_names()), reported_number(t, latency_names())});
  }
  out.correlations.push_back(correlate("params", out.samples, &ProxySample::parameter_count));
  out.correlations.push_back(correlate("flops", out.samples, &ProxySample::flops));
  out.correlations.push_back(correlate("latency", out.samples, &ProxySample::latency));
  out.inversions = largest_inversions(out.samples, 5);
  out.energy_vs_flops = fit(out.samples, &ProxySample::flops);
  out.energy_vs_params = fit(out.samples, &ProxySample::parameter_count);
  std::vector<std::string> missing;
  for (const ProxyCorrelation& c : out.correlations) {
    if (c.pairs < 2) missing.push_back(c.proxy);
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    out.note = "not enough trials reported " + list +
               " (attrs({{\"params\", N}, {\"flops\", F}}) or a latency metric; docs/report.md)";
  }
  return out;
}

}  // namespace ecopt::report
