#include "ecopt/energy/window.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ecopt::energy {

const char* to_string(Scope scope) {
  return scope == Scope::process ? "process" : "system";
}

study::PhaseMeasurement measure_window(const EnergySampler& sampler, const std::string& phase,
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
  const double machine_cpu_s = (*end)[n + 1] - (*begin)[n + 1];
  const double process_cpu_s = (*end)[n] - (*begin)[n];
  const double cpu_share =
      machine_cpu_s > 0 ? std::clamp(process_cpu_s / machine_cpu_s, 0.0, 1.0) : 0.0;

  study::PhaseMeasurement m;
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
    double gross = std::max(0.0, (*end)[d] - (*begin)[d]);
    double idle_w = 0.0;
    if (settings.baseline != nullptr) {
      const auto it = settings.baseline->idle_power_w.find(info.name);
      if (it != settings.baseline->idle_power_w.end()) idle_w = it->second;
    }
    // Everything but GPUs is machine-wide (the estimator too, which counts the machine's
    // CPU time), so the process's share is its fraction of the machine's CPU time.
    const bool cpu_side = info.kind != DomainKind::gpu;
    if (settings.scope == Scope::process && cpu_side) {
      gross *= cpu_share;
      idle_w *= cpu_share;
    }
    if (settings.scope == Scope::process && !cpu_side) {
      // A GPU counts whole, unless NVML could tell who used it and the trial never did.
      const double used = (*end)[n + 2 + d] - (*begin)[n + 2 + d];
      const double known = (*end)[2 * n + 2 + d] - (*begin)[2 * n + 2 + d];
      if (known > 0 && used <= 0) {
        gross = 0.0;
        idle_w = 0.0;
      }
    }
    m.energy_j[info.name] = gross;
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
    variance += u * u;
  }
  m.uncertainty_j = std::sqrt(variance);
  return m;
}

void PhaseRecorder::begin(const std::string& phase) {
  sampler_.sample_now();
  started_s_[phase] = monotonic_now_s();
  sampler_.sample_now();
}

study::PhaseMeasurement PhaseRecorder::end(const std::string& phase, std::int64_t samples) {
  const auto it = started_s_.find(phase);
  if (it == started_s_.end())
    throw std::logic_error("PhaseRecorder::end('" + phase + "') without begin");
  const double start_s = it->second;
  started_s_.erase(it);
  const double end_s = monotonic_now_s();
  sampler_.sample_now();
  return measure_window(sampler_, phase, start_s, end_s, samples, settings_);
}

}  // namespace ecopt::energy
