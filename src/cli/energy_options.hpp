#pragma once
// Options shared by the energy commands (meters, calibrate, measure).

#include <CLI/CLI.hpp>
#include <string>

#include "ecopt/energy/detection.hpp"
#include "option_checks.hpp"

namespace ecopt::cli {

struct MeterOptions {
  std::string backend = "auto";
  bool no_gpus = false;
  double watts_per_core = 0.0;
  std::string powercap_root = "/sys/class/powercap";
  std::string sysfs_root = "/sys";

  void add_to(CLI::App* cmd) {
    cmd->add_option("--meter", backend, "CPU meter: auto, powercap, perf, estimator or none")
        ->check(CLI::IsMember({"auto", "powercap", "perf", "estimator", "none"}));
    cmd->add_flag("--no-gpus", no_gpus, "Do not measure GPUs through NVML");
    cmd->add_option("--watts-per-core", watts_per_core,
                    "Estimator: active power of one busy core in W (default: from the CPU's TDP)")
        ->check(positive_number("watts per core"));
    cmd->add_option("--powercap-root", powercap_root, "Where the powercap tree is (for tests)");
    cmd->add_option("--sysfs-root", sysfs_root, "Where sysfs is (for tests)");
  }

  [[nodiscard]] energy::DetectionSettings settings() const {
    energy::DetectionSettings s;
    s.cpu_backend = backend;
    s.gpus = !no_gpus;
    s.powercap_root = powercap_root;
    s.sysfs_root = sysfs_root;
    s.estimator.watts_per_core = watts_per_core;
    return s;
  }
};

}  // namespace ecopt::cli
