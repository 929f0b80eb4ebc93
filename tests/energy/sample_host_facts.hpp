#pragma once
// A host's facts with every field known, for the energy and report tests.

#include <string>

#include "ecopt/energy/host_facts.hpp"

namespace ecopt::testing {

inline energy::HostFacts sample_host_facts(const std::string& host, const std::string& cpu) {
  energy::HostFacts f;
  f.hostname = host;
  f.cpu_model = cpu;
  f.logical_cpus = 8;
  f.physical_cores = 4;
  f.cpu_sockets = 1;
  f.memory_bytes = 16'000'000'000ULL;
  f.gpus = {{0, "NVIDIA H200", 700.0}, {1, "", std::nullopt}};
  f.gpu_driver = "550.54.15";
  f.os = "Debian GNU/Linux 12 (bookworm)";
  f.kernel = "Linux 6.1.0";
  f.architecture = "x86_64";
  f.ecopt_version = "1.2.3";
  f.program = "worker";
  f.recorded_unix_s = 1.7e9;
  f.meter = "powercap+nvml";
  f.meter_domains = {"cpu-package-0", "gpu-0"};
  f.grid_region = "FRA";
  f.grid_gco2e_per_kwh = 56.0;
  f.pue = 1.1;
  f.grid_source = "Ember";
  return f;
}

}  // namespace ecopt::testing
