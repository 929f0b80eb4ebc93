#pragma once
// What a study's numbers were measured on: one host's CPU, memory, GPUs and operating
// system, and the meter and grid intensity a run used there. `ecopt tune` and `ecopt
// worker` record it in the study at every start (one study attribute per host, see
// host_facts_key), and the report and the energy card show it. A field nobody could read
// stays empty (nullopt, "") and is shown as unknown; nothing is guessed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ecopt::energy {

struct GpuFacts {
  unsigned index = 0;                   ///< NVML's index of the device
  std::string name;                     ///< e.g. "NVIDIA H200"; "" when NVML did not say
  std::optional<double> power_limit_w;  ///< the enforced power limit
};

struct HostFacts {
  std::string hostname;
  // /proc/cpuinfo and /proc/meminfo
  std::string cpu_model;
  std::optional<int> logical_cpus;    ///< "processor" entries
  std::optional<int> physical_cores;  ///< distinct (physical id, core id) pairs
  std::optional<int> cpu_sockets;     ///< distinct physical ids
  std::optional<std::uint64_t> memory_bytes;
  // NVML
  std::vector<GpuFacts> gpus;
  std::string gpu_driver;  ///< the NVIDIA driver's version
  std::string gpu_note;    ///< why no GPU is listed (no driver, NVML failed ...)
  // /etc/os-release and /proc/sys/kernel
  std::string os;  ///< PRETTY_NAME, e.g. "Debian GNU/Linux 12 (bookworm)"
  std::string kernel;
  std::string architecture;
  // The run that recorded them (set by the runner, not collected)
  std::string ecopt_version;
  std::string program;  ///< "tune" or "worker"
  double recorded_unix_s = 0.0;
  std::string meter;  ///< e.g. "powercap+nvml"
  std::vector<std::string> meter_domains;
  bool meter_estimated = false;  ///< some domain is a model's estimate
  std::string grid_region;       ///< "" when the intensity was given by hand
  std::optional<double> grid_gco2e_per_kwh;
  std::optional<double> pue;
  std::string grid_source;
};

/// Where the facts are read from.
struct HostFactsSources {
  std::string root = "/";    ///< holds proc/ and etc/; tests pass a fake tree
  std::string nvml_library;  ///< empty: $ECOPT_NVML_LIBRARY or libnvidia-ml.so.1
  bool gpus = true;          ///< false: do not load NVML (gpu_note says so)
};

/// Reads this host's facts. Never throws for a missing or odd file: what cannot be read
/// stays unknown.
[[nodiscard]] HostFacts collect_host_facts(const HostFactsSources& sources = {});

/// The GPUs NVML sees (every device, not only CUDA_VISIBLE_DEVICES), with the driver
/// version, into `facts`; gpu_note says why there are none.
void collect_gpu_facts(const std::string& nvml_library, HostFacts& facts);

/// The study attribute that holds a host's facts: "host.HOSTNAME".
[[nodiscard]] std::string host_facts_key(const std::string& hostname);
inline constexpr const char* kHostFactsKeyPrefix = "host.";

/// JSON text (the study attribute's value); unknown fields are null.
[[nodiscard]] std::string to_json_text(const HostFacts& facts);
/// Reads what to_json_text wrote; missing fields stay unknown. Throws
/// std::invalid_argument when the text is not a JSON object.
[[nodiscard]] HostFacts host_facts_from_json(const std::string& json_text);

}  // namespace ecopt::energy
