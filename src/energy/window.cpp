#include "ecopt/energy/window.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace ecopt::energy {
namespace {

/// A domain's energy in the window, before attribution.
struct DomainWindow {
  double gross_j = 0.0;
  double edge_bound_j = 0.0;  ///< from coarse intervals at the two edges
  double edge_interval_s = 0.0;
};

/// The change of column `d` between the two edges. A column with no reading on one side
/// of an edge (its reads failed and never came back) has no honest value: that throws,
/// naming the domain, rather than guess.
DomainWindow domain_window(const SeriesValue& begin, const SeriesValue& end, std::size_t d,
                           const std::string& phase, const DomainInfo& info) {
  if (std::isnan(begin.values[d]) || std::isnan(end.values[d])) {
    throw std::runtime_error(
        "phase '" + phase + "': " + info.name + " could not be read around the window's " +
        (std::isnan(begin.values[d]) ? "start" : "end") +
        " (its reads failed and did not come back), so its energy cannot be known; the "
        "measurement is failed rather than guessed. Check the meter with `ecopt meters`");
  }
  DomainWindow w;
  w.gross_j = std::max(0.0, end.values[d] - begin.values[d]);
  w.edge_bound_j = begin.bound[d] + end.bound[d];
  w.edge_interval_s = std::max(begin.bound[d] > 0 ? begin.interval_s[d] : 0.0,
                               end.bound[d] > 0 ? end.interval_s[d] : 0.0);
  return w;
}

std::string coarse_edge_note(const std::string& domain, double interval_s, double bound_j) {
  char text[256];
  std::snprintf(text, sizeof text,
                "%s: a window edge lies in a %.3g s interval between readings (older samples "
                "thinned in a long run, or failed reads bridged); up to %.3g J added to the "
                "uncertainty",
                domain.c_str(), interval_s, bound_j);
  return text;
}

/// The trial's share of a domain in process scope, and how it was decided.
struct Share {
  double fraction = 1.0;
  std::string method = "whole";
};

Share process_share(const SeriesValue& begin, const SeriesValue& end, std::size_t d, std::size_t n,
                    const DomainInfo& info, double cpu_share) {
  if (info.kind != DomainKind::gpu) return {cpu_share, "cpu-time-share"};
  auto change = [&](std::size_t column) { return end.values[column] - begin.values[column]; };
  // Nothing, if NVML could tell who used the GPU and the trial never did.
  const double used = change(n + 2 + d);
  const double known = change(2 * n + 2 + d);
  if (known > 0 && used <= 0) return {0.0, "gpu-unused"};
  // Otherwise the share the sampler attributed to the trial: by the driver's per-process
  // utilisation where it had it, else an equal share among the trials on the GPU.
  const double energy_j = change(d);
  const double attributed_j = change(3 * n + 2 + d);
  const double fraction = energy_j > 0 && std::isfinite(attributed_j)
                              ? std::clamp(attributed_j / energy_j, 0.0, 1.0)
                              : 1.0;
  if (change(4 * n + 2 + d) > 0) return {fraction, "gpu-utilisation-share"};
  if (fraction < 1.0 - 1e-9) return {fraction, "gpu-time-share"};
  return {1.0, known > 0 ? "whole" : "gpu-whole-unknown"};
}

}  // namespace

const char* to_string(Scope scope) {
  return scope == Scope::process ? "process" : "system";
}

measurement::PhaseMeasurement measure_window(const EnergySampler& sampler, const std::string& phase,
                                             double start_s, double end_s, std::int64_t samples,
                                             const WindowSettings& settings) {
  const auto begin = sampler.at(start_s);
  const auto end = sampler.at(end_s);
  if (!begin || !end || end_s < start_s) {
    throw std::out_of_range("phase '" + phase +
                            "': its window is outside the sampled span (was the sampler running?)");
  }
  const auto& domains = sampler.meter().domains();
  const std::size_t n = domains.size();
  const double duration_s = end_s - start_s;
  const double machine_cpu_s = end->values[n + 1] - begin->values[n + 1];
  const double process_cpu_s = end->values[n] - begin->values[n];
  const double cpu_share =
      machine_cpu_s > 0 ? std::clamp(process_cpu_s / machine_cpu_s, 0.0, 1.0) : 0.0;

  measurement::PhaseMeasurement m;
  m.phase = phase;
  m.start_monotonic_s = start_s;
  m.end_monotonic_s = end_s;
  m.start_unix_s = start_s + sampler.unix_offset_s();
  m.end_unix_s = end_s + sampler.unix_offset_s();
  m.duration_s = duration_s;
  m.meter = sampler.meter().name();
  m.scope = to_string(settings.scope);
  m.samples = samples;
  double variance = 0.0;
  for (std::size_t d = 0; d < n; ++d) {
    const DomainInfo& info = domains[d];
    if (!info.in_total) continue;  // psys overlaps the packages: never added to them
    const DomainWindow w = domain_window(*begin, *end, d, phase, info);
    double idle_w = 0.0;
    if (settings.baseline != nullptr) {
      const auto it = settings.baseline->idle_power_w.find(info.name);
      if (it != settings.baseline->idle_power_w.end()) idle_w = it->second;
    }
    const Share share = settings.scope == Scope::process
                            ? process_share(*begin, *end, d, n, info, cpu_share)
                            : Share{};
    const double gross = w.gross_j * share.fraction;
    idle_w *= share.fraction;
    m.energy_j[info.name] = gross;
    m.attribution[info.name] = share.method;
    if (settings.baseline != nullptr)
      m.net_energy_j[info.name] = std::max(0.0, gross - idle_w * duration_s);
    m.estimated = m.estimated || info.estimated;
    double u = 0.0;
    if (info.estimated) {
      u = info.relative_uncertainty * gross;
    } else {
      const double mean_power_w = duration_s > 0 ? gross / duration_s : 0.0;
      u = 2.0 * info.resolution_j + mean_power_w * info.update_period_s;
    }
    if (w.edge_bound_j > 0) {
      // Resolution lost to thinning or gaps: the bound adds to this domain's uncertainty.
      u += w.edge_bound_j * share.fraction;
      m.notes.push_back(
          coarse_edge_note(info.name, w.edge_interval_s, w.edge_bound_j * share.fraction));
    }
    variance += u * u;
  }
  m.uncertainty_j = std::sqrt(variance);
  return m;
}

// One reading per edge: the edge is the reading's own time, so the window needs no
// interpolation and no reading on either side of it.
void PhaseRecorder::begin(const std::string& phase) {
  const double start_s = sampler_.sample_edge();
  const auto [it, added] = started_s_.try_emplace(phase, start_s);
  if (added) return;
  sampler_.unpin(it->second);  // begun again: the later begin counts, as in the protocol
  it->second = start_s;
}

measurement::PhaseMeasurement PhaseRecorder::end(const std::string& phase, std::int64_t samples) {
  const auto it = started_s_.find(phase);
  if (it == started_s_.end())
    throw std::logic_error("PhaseRecorder::end('" + phase + "') without begin");
  const double start_s = it->second;
  started_s_.erase(it);
  const double end_s = sampler_.sample_edge();
  // Measured, the window needs its edges no more: unpinned, they can be thinned like any
  // sample, so a recorder used for ever holds bounded memory (CumulativeSeries::unpin).
  struct Unpin {
    EnergySampler& sampler;
    double start_s, end_s;
    ~Unpin() {
      sampler.unpin(start_s);
      sampler.unpin(end_s);
    }
  } unpin{sampler_, start_s, end_s};
  return measure_window(sampler_, phase, start_s, end_s, samples, settings_);
}

}  // namespace ecopt::energy
