// The estimator, for machines without energy counters (virtual machines): CPU energy from
// CPU time, DRAM energy from resident memory. Every domain is flagged estimated.
#include <cstdio>

#include "cpu_tdp_table.hpp"
#include "cpu_time.hpp"
#include "ecopt/energy/backends.hpp"

namespace ecopt::energy {
namespace {

class EstimatorMeter final : public Meter {
 public:
  EstimatorMeter(const EstimatorSettings& settings, double watts_per_core)
      : settings_(settings), watts_per_core_(watts_per_core) {
    domains_.push_back({"cpu-estimate", DomainKind::cpu_estimate, 0.0, 0.0, true,
                        settings.relative_uncertainty, true});
    domains_.push_back({"dram-estimate", DomainKind::dram_estimate, 0.0, 0.0, true,
                        settings.relative_uncertainty, true});
    start_cpu_s_ = cpu_seconds();
    last_time_s_ = monotonic_now_s();
  }

  std::string name() const override { return "estimator"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }

  MeterReading read() override {
    MeterReading reading;
    reading.timestamp_s = monotonic_now_s();
    const double memory_gb =
        settings_.root_pid > 0
            ? detail::process_tree_usage(settings_.root_pid, settings_.proc_root).resident_gb
            : detail::machine_used_memory_gb(meminfo_);
    dram_j_ += memory_gb * settings_.dram_watts_per_gb * (reading.timestamp_s - last_time_s_);
    last_time_s_ = reading.timestamp_s;
    const double cpu_s = cpu_seconds();
    reading.energy_j = {(cpu_s - start_cpu_s_) * watts_per_core_, dram_j_};
    // The machine's CPU time is the one the sampler also records: handed over, /proc/stat
    // is read once per sample, not twice (a Monitor window's cost, docs/benchmarks.md).
    if (settings_.root_pid <= 0) reading.machine_cpu_s = cpu_s;
    return reading;
  }

 private:
  double cpu_seconds() {
    return settings_.root_pid > 0
               ? detail::process_tree_usage(settings_.root_pid, settings_.proc_root).cpu_s
               : detail::machine_cpu_s(stat_);
  }

  EstimatorSettings settings_;
  double watts_per_core_;
  // Kept open: read at every sample, and so at each window edge (detail::ProcFile).
  detail::ProcFile stat_{settings_.proc_root + "/stat"};
  detail::ProcFile meminfo_{settings_.proc_root + "/meminfo"};
  std::vector<DomainInfo> domains_;
  double start_cpu_s_ = 0.0;
  double last_time_s_ = 0.0;
  double dram_j_ = 0.0;
};

}  // namespace

MeterProbe open_estimator_meter(const EstimatorSettings& settings) {
  double watts_per_core = settings.watts_per_core;
  const std::string model = detail::cpu_model_name(settings.proc_root);
  std::string source = "set by the user";
  if (watts_per_core <= 0.0) {
    const auto cpu = detail::lookup_cpu_power(model);
    watts_per_core = cpu ? cpu->tdp_w / cpu->cores : kDefaultWattsPerCore;
    source = cpu ? "TDP " + std::to_string(static_cast<int>(cpu->tdp_w)) + " W / " +
                       std::to_string(cpu->cores) + " cores of " + cpu->model_substring
                 : "default for an unknown CPU model '" + model + "'; set it with --watts-per-core";
  }
  MeterProbe probe{"estimator", std::make_unique<EstimatorMeter>(settings, watts_per_core), {}, {}};
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3g W per busy core", watts_per_core);
  probe.description = std::string("ESTIMATED, not measured: ") + buffer + " (" + source + "), " +
                      std::to_string(settings.dram_watts_per_gb).substr(0, 5) +
                      " W per GB of memory, ±" +
                      std::to_string(static_cast<int>(settings.relative_uncertainty * 100)) + " %";
  return probe;
}

}  // namespace ecopt::energy
