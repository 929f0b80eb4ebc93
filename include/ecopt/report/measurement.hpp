#pragma once
// How the study's numbers were measured and on what (docs/report.md, section 7). Only
// what the study recorded: what it did not record is stated as unknown, never guessed.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

struct MeterUse {
  std::string meter;  ///< as recorded per phase, e.g. "powercap+nvml"
  std::string scope;  ///< system or process
  bool estimated = false;
  std::size_t phases = 0;
  std::vector<std::string> domains;  ///< cpu-package-0, dram-0, gpu-0 ...
};

/// One line of the hardware or software description.
struct Fact {
  std::string name;    ///< e.g. "CPU model"
  std::string value;   ///< "unknown" when nothing recorded it
  std::string source;  ///< where it came from, e.g. "study attribute cpu_model"
};

struct Measurement {
  std::vector<MeterUse> meters;
  std::size_t measured_phases = 0;
  std::size_t estimated_phases = 0;
  /// Median over phases of uncertainty / energy (phases with energy > 0).
  std::optional<double> median_relative_uncertainty;
  std::size_t phases_with_net_energy = 0;  ///< an idle profile was in use for these
  /// Mean over those phases of (gross - net) / duration: the idle power subtracted.
  std::optional<double> idle_power_w;
  std::vector<std::string> hosts;
  std::vector<Fact> hardware;
  std::vector<Fact> software;
  /// What tune and worker recorded at start besides the machine: the meter and its
  /// domains, the grid region and intensity, when and by what (report/host_context.hpp).
  std::vector<Fact> context;
  /// The study's other attributes (`ecopt study set-attr`), values as JSON.
  std::vector<Fact> attributes;
};

/// Hardware and software facts come from study attributes (or, failing that, the same
/// keys on trials): cpu_model, cpu_cores, memory_gb, gpus (or gpu_model), os, and any key
/// ending in _version (torch_version ...); else from the facts tune and worker recorded on
/// the trials' hosts (host.HOSTNAME); plus what the phases' domains show (CPU packages,
/// DRAM, GPU count). `ecopt_version` is the version writing the report.
[[nodiscard]] Measurement analyse_measurement(const storage::StudyRecord& record,
                                              const std::vector<study::Trial>& trials,
                                              const std::string& ecopt_version);

}  // namespace ecopt::report
