#include "ecopt/hardware/knob_status.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "ecopt/hardware/cpufreq.hpp"
#include "ecopt/hardware/gpu_power.hpp"
#include "ecopt/hardware/host_lock.hpp"

namespace ecopt::hardware {
namespace {

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

std::string state_folder() {
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0')
    return std::string(state) + "/ecopt";
  return env_or("HOME", ".") + "/.local/state/ecopt";
}

KnobStatus gpu_status(const HardwareSettings& settings, const ProbeAccess& probe) {
  KnobStatus status;
  status.knob = HardwareKnob::gpu_power_limit_w;
  std::string reason;
  const std::unique_ptr<GpuPower> gpus = GpuPower::open(settings.nvml_library, reason);
  status.fix = "run on a machine with an NVIDIA GPU and its driver";
  if (gpus == nullptr || gpus->count() == 0) {
    status.reason = gpus == nullptr ? reason : "NVML reports no GPUs";
    return status;
  }
  for (unsigned gpu = 0; gpu < gpus->count(); ++gpu) {
    const auto range = gpus->range(gpu);
    const auto limit_w = gpus->limit_w(gpu);
    if (!range || !limit_w) {
      status.reason = "GPU " + std::to_string(gpu) + " does not report its power-limit range";
      status.fix = "use a GPU whose driver supports power management (nvidia-smi -q -d POWER)";
      return status;
    }
    // Setting the limit to itself changes nothing and says whether NVML allows it; only
    // under the host lock, or it could write a running study's trial limit back after
    // that study restored the original.
    const GpuPowerWrite write =
        probe.may_write ? gpus->set_limit_w(gpu, *limit_w) : GpuPowerWrite{};
    if (!write.problem.empty()) {
      status.reason = write.problem;
      status.fix = write.permission_denied
                       ? "run ecopt as root (sudo): NVML lets only root set power limits; "
                         "enable persistence mode (nvidia-smi -pm 1) so a limit holds"
                       : "check the GPU with nvidia-smi -q -d POWER";
      return status;
    }
    status.low = gpu == 0 ? range->min_w : std::max(status.low, range->min_w);
    status.high = gpu == 0 ? range->max_w : std::min(status.high, range->max_w);
    status.devices.push_back(static_cast<int>(gpu));
    status.current.push_back(*limit_w);
  }
  status.available = true;
  status.fix.clear();
  if (!probe.may_write) status.permission_unprobed = probe.why_not;
  return status;
}

KnobStatus cpufreq_status(const HardwareSettings& settings) {
  KnobStatus status;
  status.knob = HardwareKnob::cpu_max_freq_khz;
  const CpuFreq cpufreq(settings.sysfs_root);
  const std::vector<int> cpus = cpufreq.cpus();
  if (cpus.empty()) {
    status.reason = "no cpufreq under " + settings.sysfs_root +
                    "/devices/system/cpu (a virtual machine, or no cpufreq driver loaded)";
    status.fix = "run on bare metal with a cpufreq driver (acpi-cpufreq, intel_pstate)";
    return status;
  }
  for (int cpu : cpus) {
    const auto range = cpufreq.range(cpu);
    const auto now_khz = cpufreq.max_freq_khz(cpu);
    if (!range || !now_khz) {
      status.reason = "cpu" + std::to_string(cpu) + " lacks cpuinfo_min_freq/cpuinfo_max_freq";
      status.fix = "check the cpufreq driver (cpupower frequency-info)";
      return status;
    }
    if (std::string problem = cpufreq.write_problem(cpu); !problem.empty()) {
      status.reason = problem;
      status.fix =
          "run ecopt as root (sudo), or let your group write scaling_max_freq with a udev "
          "rule (docs/hardware.md)";
      return status;
    }
    status.low =
        cpu == cpus.front() ? range->min_khz : std::max<double>(status.low, range->min_khz);
    status.high =
        cpu == cpus.front() ? range->max_khz : std::min<double>(status.high, range->max_khz);
    if (cpu == cpus.front())
      status.allowed.assign(range->available_khz.begin(), range->available_khz.end());
    status.devices.push_back(cpu);
    status.current.push_back(static_cast<double>(*now_khz));
  }
  status.available = true;
  return status;
}

KnobStatus cores_status() {
  KnobStatus status;
  status.knob = HardwareKnob::cpu_cores;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    status.reason = "sched_getaffinity failed";
    status.fix = "run on Linux";
    return status;
  }
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) status.devices.push_back(cpu);
  status.available = !status.devices.empty();
  status.low = 1;
  status.high = static_cast<double>(status.devices.size());
  status.current = {status.high};
  return status;
}

}  // namespace

std::string journal_beside_lock(const std::string& lock_file) {
  return std::filesystem::path(lock_file).replace_extension().string() + "-journal.json";
}

HardwareSettings hardware_settings_from_env() {
  HardwareSettings settings;
  settings.sysfs_root = env_or("ECOPT_SYSFS_ROOT", "/sys");
  settings.lock_file = env_or("ECOPT_HARDWARE_LOCK", "/run/lock/ecopt-hardware.lock");
  settings.journal_file = journal_beside_lock(settings.lock_file);
  settings.legacy_journal_file = state_folder() + "/hardware-journal.json";
  return settings;
}

KnobStatus detect_knob(HardwareKnob knob, const HardwareSettings& settings,
                       const ProbeAccess& probe) {
  switch (knob) {
    case HardwareKnob::gpu_power_limit_w:
      return gpu_status(settings, probe);
    case HardwareKnob::cpu_max_freq_khz:
      return cpufreq_status(settings);
    case HardwareKnob::cpu_cores:
      break;
  }
  return cores_status();
}

std::vector<KnobStatus> detect_knobs(const HardwareSettings& settings) {
  const LockAttempt lock = HostLock::attempt(settings.lock_file);
  ProbeAccess probe{lock.lock.has_value(), ""};
  if (lock.refusal == LockRefusal::held)
    probe.why_not = "pid " + lock.holder_pid + " holds the hardware lock " + settings.lock_file +
                    " (a study is running; list again when it ends)";
  else if (lock.refusal == LockRefusal::cannot_open)
    probe.why_not = lock.reason;
  std::vector<KnobStatus> all;
  for (const auto& entry : study::enum_names(HardwareKnob{}))
    all.push_back(detect_knob(entry.value, settings, probe));
  return all;
}

std::string knob_unit(HardwareKnob knob) {
  switch (knob) {
    case HardwareKnob::gpu_power_limit_w:
      return "W";
    case HardwareKnob::cpu_max_freq_khz:
      return "kHz";
    case HardwareKnob::cpu_cores:
      break;
  }
  return "cores";
}

std::string format_knob_value(HardwareKnob knob, double value) {
  char text[64];
  if (knob == HardwareKnob::cpu_max_freq_khz && value >= 1e6) {
    std::snprintf(text, sizeof text, "%.3g GHz", value / 1e6);
  } else if (knob == HardwareKnob::cpu_max_freq_khz && value >= 1e3) {
    std::snprintf(text, sizeof text, "%.4g MHz", value / 1e3);
  } else if (knob == HardwareKnob::cpu_cores) {
    std::snprintf(text, sizeof text, "%g %s", value, value == 1.0 ? "core" : "cores");
  } else {
    std::snprintf(text, sizeof text, "%g %s", value, knob_unit(knob).c_str());
  }
  return text;
}

}  // namespace ecopt::hardware
