#include "ecopt/report/trial_quantities.hpp"

#include "ecopt/study/metric_name.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "ecopt/report/objective_roles.hpp"

namespace ecopt::report {
namespace {

/// A JSON number, as user attributes hold them ("113000", "2.1e+07"); nothing else.
std::optional<double> json_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin) return std::nullopt;
  while (*end == ' ' || *end == '\n' || *end == '\t' || *end == '\r') ++end;
  if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

constexpr std::array<std::string_view, 5> kParameterCountNames = {
    "params", "parameters", "param_count", "n_params", "num_params"};
constexpr std::array<std::string_view, 2> kFlopsNames = {"flops", "flops_per_sample"};
constexpr std::array<std::string_view, 4> kLatencyNames = {
    "latency", "latency_s", "inference_latency_s", "time.inference.per_sample"};

}  // namespace

std::optional<double> reported_number(const study::Trial& trial,
                                      std::span<const std::string_view> names) {
  for (const std::string_view name : names) {
    const std::string key(name);
    if (const auto it = trial.user_attrs.find(key); it != trial.user_attrs.end()) {
      if (const auto value = json_number(it->second)) return value;
    }
    if (const auto it = trial.metrics.find(key); it != trial.metrics.end()) {
      if (std::isfinite(it->second)) return it->second;
    }
  }
  return std::nullopt;
}

std::span<const std::string_view> parameter_count_names() {
  return kParameterCountNames;
}
std::span<const std::string_view> flops_names() {
  return kFlopsNames;
}
std::span<const std::string_view> latency_names() {
  return kLatencyNames;
}

const study::PhaseMeasurement* find_phase(const study::Trial& trial, std::string_view name) {
  for (const study::PhaseMeasurement& p : trial.phases) {
    if (p.phase == name) return &p;
  }
  return nullptr;
}

const study::PhaseMeasurement* training_phase(const study::Trial& trial) {
  for (const std::string_view name : {"train", "training", "fit"}) {
    if (const auto* p = find_phase(trial, name)) return p;
  }
  return nullptr;
}

namespace {

/// The per-inference energy by the rule energy_per_inference_j states, for the metric
/// energy.inference.SUFFIX and objectives energy.PHASE.SUFFIX; `phase_energy_j` reads the
/// inference phase (nullopt when it lacks that energy).
template <typename PhaseEnergy>
std::optional<double> per_inference(const study::Trial& trial, const study::StudyConfig& config,
                                    study::MetricStatistic statistic, PhaseEnergy phase_energy_j) {
  const study::MetricName inference{study::MetricKind::energy, "inference", statistic};
  if (const auto it = trial.metrics.find(inference.to_string());
      it != trial.metrics.end() && std::isfinite(it->second)) {
    return it->second;
  }
  for (std::size_t i = 0; i < config.objectives.size() && i < trial.values.size(); ++i) {
    const study::Objective& o = config.objectives[i];
    const std::optional<study::MetricName> name = study::MetricName::parse(o.name);
    if (o.goal == study::Goal::minimize && name && name->kind == study::MetricKind::energy &&
        !name->phase.empty() && name->statistic == statistic && std::isfinite(trial.values[i])) {
      return trial.values[i];
    }
  }
  if (const auto* p = find_phase(trial, "inference"); p != nullptr && p->samples > 0) {
    if (const std::optional<double> energy_j = phase_energy_j(*p))
      return *energy_j / static_cast<double>(p->samples);
  }
  return std::nullopt;
}

std::optional<double> per_inference_uncertainty(const study::Trial& trial,
                                                const std::string& metric, bool net) {
  if (const auto stored = metric_uncertainty(trial, metric)) return stored;
  if (const auto* p = find_phase(trial, "inference");
      p != nullptr && p->samples > 0 && (!net || !p->net_energy_j.empty())) {
    return p->uncertainty_j / static_cast<double>(p->samples);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> metric_uncertainty(const study::Trial& trial, const std::string& name) {
  const auto it = trial.metric_uncertainties.find(name);
  if (it == trial.metric_uncertainties.end() || !std::isfinite(it->second)) return std::nullopt;
  return it->second;
}

std::optional<double> energy_per_inference_j(const study::Trial& trial,
                                             const study::StudyConfig& config) {
  return per_inference(
      trial, config, study::MetricStatistic::per_sample,
      [](const study::PhaseMeasurement& p) -> std::optional<double> { return p.total_energy_j(); });
}

std::optional<double> energy_per_inference_uncertainty_j(const study::Trial& trial) {
  return per_inference_uncertainty(trial, "energy.inference.per_sample", false);
}

std::optional<double> net_energy_per_inference_j(const study::Trial& trial,
                                                 const study::StudyConfig& config) {
  return per_inference(trial, config, study::MetricStatistic::net_per_sample,
                       [](const study::PhaseMeasurement& p) -> std::optional<double> {
                         if (p.net_energy_j.empty()) return std::nullopt;
                         return p.total_net_energy_j();
                       });
}

std::optional<double> net_energy_per_inference_uncertainty_j(const study::Trial& trial) {
  return per_inference_uncertainty(trial, "energy.inference.net_per_sample", true);
}

double trial_energy_j(const study::Trial& trial) {
  if (const auto* total = find_phase(trial, "total")) return total->total_energy_j();
  double sum = 0.0;
  for (const study::PhaseMeasurement& p : trial.phases) sum += p.total_energy_j();
  return sum;
}

std::optional<double> trial_net_energy_j(const study::Trial& trial) {
  if (const auto* total = find_phase(trial, "total")) {
    if (total->net_energy_j.empty()) return std::nullopt;
    return total->total_net_energy_j();
  }
  if (trial.phases.empty()) return std::nullopt;
  double sum = 0.0;
  for (const study::PhaseMeasurement& p : trial.phases) {
    if (p.net_energy_j.empty()) return std::nullopt;
    sum += p.total_net_energy_j();
  }
  return sum;
}

double trial_energy_uncertainty_j(const study::Trial& trial) {
  if (const auto* total = find_phase(trial, "total")) return total->uncertainty_j;
  double sum_squares = 0.0;
  for (const study::PhaseMeasurement& p : trial.phases)
    sum_squares += p.uncertainty_j * p.uncertainty_j;
  return std::sqrt(sum_squares);
}

std::vector<std::string> parameter_strings(const study::Trial& trial) {
  return parameter_strings(trial.params);
}

std::vector<std::string> parameter_strings(const space::Params& params) {
  std::vector<std::string> out;
  out.reserve(params.size());
  for (const auto& [name, value] : params) {
    if (const double* real = std::get_if<double>(&value)) {
      // 4 significant digits read better in tables; exports keep every digit.
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.4g", *real);
      out.push_back(name + " = " + buffer);
    } else {
      out.push_back(name + " = " + space::to_string(value));
    }
  }
  return out;
}

}  // namespace ecopt::report
