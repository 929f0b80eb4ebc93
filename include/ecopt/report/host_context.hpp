#pragma once
// The hosts' context as the study recorded it (energy::HostFacts, written by `ecopt tune`
// and `ecopt worker` at every start as the study attribute "host.HOSTNAME"), turned into
// the report's and the card's facts, and into text for `ecopt study show`.

#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/host_facts.hpp"
#include "ecopt/report/measurement.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

/// The recorded facts of the hosts that ran `trials`, by host name; every recorded host
/// when no trial names one. Attributes that are not facts ecopt wrote are skipped.
[[nodiscard]] std::vector<energy::HostFacts> recorded_hosts(
    const storage::StudyRecord& record, const std::vector<study::Trial>& trials);

/// How the report and the card show them: CPU, memory, GPUs, OS and kernel, ecopt, the
/// meter and the grid. Text is "" when the facts do not say.
struct HostFactText {
  std::string cpu_model;
  std::string cpu_cores;  ///< "2 logical CPUs (2 physical cores, 1 socket)"
  std::string memory_gb;  ///< "25.3"
  std::string gpus;       ///< "NVIDIA H200 (power limit 700 W), driver 550.54", or why none
  std::string os;
  std::string kernel;  ///< "Linux 6.1.0-18-amd64 (x86_64)"
  std::string ecopt_version;
  std::string meter;     ///< "powercap: cpu-package-0, dram-0 (measured)"
  std::string grid;      ///< "WORLD: 472.94 gCO2e/kWh, PUE 1 (Ember ...)"
  std::string recorded;  ///< "by ecopt tune at 2026-11-30T21:00:00Z"
};
[[nodiscard]] HostFactText host_fact_text(const energy::HostFacts& facts);

/// One line for `ecopt study show`: CPU, cores, memory, GPUs, OS, when recorded.
[[nodiscard]] std::string host_summary(const energy::HostFacts& facts);

/// One fact over several hosts: their shared value, or "HOST: value; ..." when they differ;
/// nullopt when no host knows it.
[[nodiscard]] std::optional<Fact> host_fact(const std::vector<energy::HostFacts>& hosts,
                                            const std::string& label,
                                            std::string HostFactText::*field);

}  // namespace ecopt::report
