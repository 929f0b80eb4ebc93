// NVIDIA GPUs through NVML, loaded at run time with dlopen so that ecopt needs no NVIDIA
// software to build or run. Only the handful of NVML calls below are used; their
// signatures are NVML's stable C ABI (nvml.h, "v2" entry points).
#include <dlfcn.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string_view>

#include "ecopt/energy/backends.hpp"
#include "nvml_abi.hpp"

namespace ecopt::energy {
namespace {

using detail::kNvmlNotSupported;
using detail::kNvmlSuccess;
using detail::load;
using detail::NvmlDevice;
using detail::NvmlReturn;
constexpr NvmlReturn kNvmlNotFound = 6;  ///< e.g. no utilisation sample since the last look

struct NvmlApi {
  void* library = nullptr;
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  NvmlReturn (*device_count)(unsigned*) = nullptr;
  NvmlReturn (*device_handle)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*total_energy_mj)(NvmlDevice, unsigned long long*) = nullptr;
  NvmlReturn (*power_mw)(NvmlDevice, unsigned*) = nullptr;
  const char* (*error_string)(NvmlReturn) = nullptr;
  /// nvmlDeviceGetComputeRunningProcesses_v3 (CUDA 11+ drivers): entries are
  /// nvmlProcessInfo_t {pid, usedGpuMemory, gpuInstanceId, computeInstanceId}.
  NvmlReturn (*running_processes)(NvmlDevice, unsigned*, void*) = nullptr;
  NvmlReturn (*uuid)(NvmlDevice, char*, unsigned) = nullptr;  ///< nvmlDeviceGetUUID
  /// nvmlDeviceGetProcessUtilization (Maxwell and newer): per-process samples newer than
  /// a CPU timestamp in microseconds, as nvmlProcessUtilizationSample_t.
  NvmlReturn (*process_utilisation)(NvmlDevice, void*, unsigned*, unsigned long long) = nullptr;

  std::string describe(NvmlReturn code) const {
    return error_string != nullptr ? error_string(code) : "NVML error " + std::to_string(code);
  }
};

/// A process's latest utilisation sample on one GPU.
struct ProcessUtilisation {
  double sm_percent = 0.0;
  unsigned long long time_us = 0;
};

struct Gpu {
  NvmlDevice handle = nullptr;
  /// The latest utilisation sample per pid, kept because every trial's sampler asks and
  /// NVML hands each sample out once.
  std::map<int, ProcessUtilisation> utilisation;
  unsigned long long utilisation_seen_us = 0;
  bool has_energy_counter = false;
  unsigned long long first_mj = 0;
  double integrated_j = 0.0;  ///< power integration, when there is no energy counter
  double last_power_w = 0.0;
  double last_time_s = 0.0;
};

class NvmlMeter final : public Meter {
 public:
  NvmlMeter(NvmlApi api, std::vector<Gpu> gpus, std::vector<DomainInfo> domains, Clock clock)
      : api_(api), gpus_(std::move(gpus)), domains_(std::move(domains)), clock_(std::move(clock)) {}
  ~NvmlMeter() override {
    api_.shutdown();
    dlclose(api_.library);
  }
  NvmlMeter(const NvmlMeter&) = delete;
  NvmlMeter& operator=(const NvmlMeter&) = delete;

  std::string name() const override { return "nvml"; }

  std::optional<std::vector<int>> processes_on(std::size_t domain) override {
    struct ProcessInfo {  // nvmlProcessInfo_t (v2 layout)
      unsigned pid;
      unsigned long long used_gpu_memory;
      unsigned gpu_instance_id;
      unsigned compute_instance_id;
    };
    if (api_.running_processes == nullptr || domain >= gpus_.size()) return std::nullopt;
    std::lock_guard lock(mutex_);
    ProcessInfo infos[64];
    unsigned count = 64;
    if (api_.running_processes(gpus_[domain].handle, &count, infos) != kNvmlSuccess)
      return std::nullopt;
    std::vector<int> pids;
    for (unsigned i = 0; i < count && i < 64; ++i) pids.push_back(static_cast<int>(infos[i].pid));
    return pids;
  }
  const std::vector<DomainInfo>& domains() const override { return domains_; }

  std::optional<std::map<int, double>> process_utilisation(std::size_t domain) override {
    struct Sample {  // nvmlProcessUtilizationSample_t
      unsigned pid;
      unsigned long long time_us;
      unsigned sm_percent, memory_percent, encoder_percent, decoder_percent;
    };
    if (api_.process_utilisation == nullptr || domain >= gpus_.size()) return std::nullopt;
    std::lock_guard lock(mutex_);
    Gpu& gpu = gpus_[domain];
    Sample samples[256];
    unsigned count = 256;
    const NvmlReturn code =
        api_.process_utilisation(gpu.handle, samples, &count, gpu.utilisation_seen_us);
    if (code != kNvmlSuccess && code != kNvmlNotFound) return std::nullopt;
    for (unsigned i = 0; code == kNvmlSuccess && i < count && i < 256; ++i) {
      ProcessUtilisation& latest = gpu.utilisation[static_cast<int>(samples[i].pid)];
      if (samples[i].time_us < latest.time_us) continue;
      latest = {static_cast<double>(samples[i].sm_percent), samples[i].time_us};
      gpu.utilisation_seen_us = std::max(gpu.utilisation_seen_us, samples[i].time_us);
    }
    // A process without a sample for two seconds is no longer busy on the device.
    std::map<int, double> percent;
    for (auto it = gpu.utilisation.begin(); it != gpu.utilisation.end();) {
      if (it->second.time_us + 2'000'000 < gpu.utilisation_seen_us) {
        it = gpu.utilisation.erase(it);
      } else {
        percent[it->first] = it->second.sm_percent;
        ++it;
      }
    }
    return percent;
  }

  MeterReading read() override {
    std::lock_guard lock(mutex_);
    MeterReading reading;
    reading.timestamp_s = clock_();
    for (Gpu& gpu : gpus_) {
      reading.energy_j.push_back(
          gpu.has_energy_counter ? read_counter(gpu) : integrate_power(gpu, reading.timestamp_s));
    }
    return reading;
  }

 private:
  /// The energy counter since the meter opened, or a gap. A failed read is never
  /// counted as the opening value (a reset to 0 would make later windows over-count), and
  /// the counter is 64-bit, so a smaller value than at the start is a failure too.
  double read_counter(const Gpu& gpu) const {
    unsigned long long mj = 0;
    if (api_.total_energy_mj(gpu.handle, &mj) != kNvmlSuccess || mj < gpu.first_mj)
      return kReadFailed;
    return static_cast<double>(mj - gpu.first_mj) * 1e-3;
  }

  /// Trapezoid rule between consecutive successful readings of the (averaged) power. A
  /// failed read is a gap; the next success bridges it with the trapezoid across it.
  double integrate_power(Gpu& gpu, double now_s) const {
    unsigned mw = 0;
    if (api_.power_mw(gpu.handle, &mw) != kNvmlSuccess) return kReadFailed;
    const double power_w = mw * 1e-3;
    gpu.integrated_j += 0.5 * (gpu.last_power_w + power_w) * (now_s - gpu.last_time_s);
    gpu.last_power_w = power_w;
    gpu.last_time_s = now_s;
    return gpu.integrated_j;
  }

  NvmlApi api_;
  std::vector<Gpu> gpus_;
  std::vector<DomainInfo> domains_;
  Clock clock_;
  std::mutex mutex_;
};

/// The NVML indices of the GPUs this process may use. CUDA_VISIBLE_DEVICES (which Slurm
/// sets to a job's GPUs) lists indices or UUIDs (GPU-..., a unique prefix is enough);
/// as in CUDA, an entry that is neither ends the list. Unset: every GPU. Problems go to
/// `problems`.
std::vector<unsigned> visible_gpus(const NvmlApi& api, unsigned count,
                                   std::vector<std::string>& problems) {
  std::vector<unsigned> all;
  for (unsigned i = 0; i < count; ++i) all.push_back(i);
  const char* visible = std::getenv("CUDA_VISIBLE_DEVICES");
  if (visible == nullptr) return all;
  std::vector<unsigned> selected;
  std::stringstream list(visible);
  std::string entry;
  while (std::getline(list, entry, ',')) {
    entry.erase(0, entry.find_first_not_of(" \t"));
    entry.erase(entry.find_last_not_of(" \t") + 1);
    if (!entry.empty() && entry.find_first_not_of("0123456789") == std::string::npos) {
      const unsigned long index = std::stoul(entry);
      if (index >= count) {
        problems.push_back("CUDA_VISIBLE_DEVICES names GPU " + entry + ", but NVML sees " +
                           std::to_string(count));
        break;
      }
      selected.push_back(static_cast<unsigned>(index));
    } else if (entry.rfind("GPU-", 0) == 0 && api.uuid != nullptr) {
      std::optional<unsigned> match;
      for (unsigned i = 0; i < count && !match; ++i) {
        NvmlDevice device = nullptr;
        char uuid[96] = {};
        if (api.device_handle(i, &device) == kNvmlSuccess &&
            api.uuid(device, uuid, sizeof uuid) == kNvmlSuccess &&
            std::string_view(uuid).rfind(entry, 0) == 0) {
          match = i;
        }
      }
      if (!match) {
        problems.push_back("CUDA_VISIBLE_DEVICES names " + entry + ", which NVML does not know");
        break;
      }
      selected.push_back(*match);
    } else if (entry.rfind("MIG-", 0) == 0) {
      // NVML meters physical boards; a MIG slice shares its board's counter.
      problems.push_back(entry + ": a MIG instance, whose energy NVML cannot tell apart");
    } else {
      if (!entry.empty() && entry != "-1" && entry != "NoDevFiles") {
        problems.push_back("CUDA_VISIBLE_DEVICES entry '" + entry +
                           "' is not a GPU index or UUID; CUDA ignores it and what follows");
      }
      break;
    }
  }
  std::sort(selected.begin(), selected.end());
  selected.erase(std::unique(selected.begin(), selected.end()), selected.end());
  return selected;
}

/// Loads the NVML functions ecopt uses from `path` and initialises NVML; the reason when
/// that fails (the library is then closed).
std::optional<std::string> load_nvml(const std::string& path, NvmlApi& api) {
  api.library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (api.library == nullptr) {
    return "cannot load " + path + " (" + dlerror() +
           "): no NVIDIA driver here; install it, or set ECOPT_NVML_LIBRARY to the library's path";
  }
  const bool complete = load(api.library, "nvmlInit_v2", api.init) &&
                        load(api.library, "nvmlShutdown", api.shutdown) &&
                        load(api.library, "nvmlDeviceGetCount_v2", api.device_count) &&
                        load(api.library, "nvmlDeviceGetHandleByIndex_v2", api.device_handle) &&
                        load(api.library, "nvmlDeviceGetPowerUsage", api.power_mw) &&
                        load(api.library, "nvmlErrorString", api.error_string);
  load(api.library, "nvmlDeviceGetTotalEnergyConsumption", api.total_energy_mj);  // Volta+
  load(api.library, "nvmlDeviceGetComputeRunningProcesses_v3", api.running_processes);
  load(api.library, "nvmlDeviceGetUUID", api.uuid);
  load(api.library, "nvmlDeviceGetProcessUtilization", api.process_utilisation);
  if (!complete) {
    dlclose(api.library);
    return path + " lacks the NVML functions ecopt needs (a very old driver?)";
  }
  if (const NvmlReturn code = api.init(); code != kNvmlSuccess) {
    // describe() calls into the library: word the reason before closing it.
    std::string reason =
        "nvmlInit failed: " + api.describe(code) + " (is the NVIDIA driver loaded?)";
    dlclose(api.library);
    return reason;
  }
  return std::nullopt;
}

/// GPU i with its domain: read through its energy counter where it has one, else by
/// integrating power; nothing (and a problem noted) when it offers neither.
std::optional<std::pair<Gpu, DomainInfo>> open_gpu(const NvmlApi& api, unsigned i,
                                                   const Clock& clock,
                                                   std::vector<std::string>& problems) {
  Gpu gpu;
  if (const NvmlReturn code = api.device_handle(i, &gpu.handle); code != kNvmlSuccess) {
    problems.push_back("gpu-" + std::to_string(i) + ": " + api.describe(code));
    return std::nullopt;
  }
  DomainInfo info{"gpu-" + std::to_string(i), DomainKind::gpu, 1e-3, 0.1, false, 0.0, true};
  unsigned long long mj = 0;
  const NvmlReturn energy_code =
      api.total_energy_mj != nullptr ? api.total_energy_mj(gpu.handle, &mj) : kNvmlNotSupported;
  if (energy_code == kNvmlSuccess) {
    gpu.has_energy_counter = true;
    gpu.first_mj = mj;
    return std::make_pair(gpu, info);
  }
  unsigned mw = 0;
  if (const NvmlReturn power_code = api.power_mw(gpu.handle, &mw); power_code != kNvmlSuccess) {
    // MIG instances and some older boards expose neither: unavailable, not an error.
    problems.push_back("gpu-" + std::to_string(i) +
                       ": neither an energy counter nor power readings (" +
                       api.describe(power_code) + ", e.g. a MIG instance)");
    return std::nullopt;
  }
  gpu.last_power_w = mw * 1e-3;
  gpu.last_time_s = clock();
  // NVML power is an average over up to a second: a boundary can be off by that long.
  info.update_period_s = 1.0;
  info.resolution_j = 0.0;
  return std::make_pair(gpu, info);
}

std::string no_gpu_reason(unsigned count, const std::vector<std::string>& problems) {
  if (count == 0) return "NVML reports no GPUs";
  if (!problems.empty()) return "no GPU can be measured: " + problems.front();
  return "CUDA_VISIBLE_DEVICES leaves this process no GPU (it is '" +
         std::string(std::getenv("CUDA_VISIBLE_DEVICES")) + "')";
}

}  // namespace

MeterProbe open_nvml_meter(const std::string& library, Clock clock) {
  MeterProbe probe{"nvml", nullptr, {}, {}};
  const std::string path = detail::nvml_library_path(library);
  NvmlApi api;
  if (auto reason = load_nvml(path, api)) {
    probe.reason = std::move(*reason);
    return probe;
  }
  unsigned count = 0;
  api.device_count(&count);
  std::vector<Gpu> gpus;
  std::vector<DomainInfo> domains;
  std::vector<std::string> problems;
  // Only the GPUs this process may use (a Slurm job's, say): the others belong to someone
  // else, whose energy is not this trial's.
  for (unsigned i : visible_gpus(api, count, problems)) {
    if (auto opened = open_gpu(api, i, clock, problems)) {
      gpus.push_back(opened->first);
      domains.push_back(opened->second);
    }
  }
  if (gpus.empty()) {
    api.shutdown();
    dlclose(api.library);
    probe.reason = no_gpu_reason(count, problems);
    return probe;
  }
  std::string description = std::to_string(gpus.size()) + " GPU(s) via " + path;
  if (const char* cuda_visible = std::getenv("CUDA_VISIBLE_DEVICES"); cuda_visible != nullptr) {
    description += " (CUDA_VISIBLE_DEVICES=" + std::string(cuda_visible) + ")";
  }
  for (const std::string& problem : problems) description += "; skipped " + problem;
  probe.description = description;
  probe.meter =
      std::make_unique<NvmlMeter>(api, std::move(gpus), std::move(domains), std::move(clock));
  return probe;
}

}  // namespace ecopt::energy
