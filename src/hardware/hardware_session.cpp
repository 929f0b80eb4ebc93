#include "ecopt/hardware/hardware_session.hpp"

#include <algorithm>
#include <cmath>

#include "detail/devices.hpp"

namespace ecopt::hardware {
namespace {

/// The thread-count variables of the common runtimes (OpenMP, MKL, OpenBLAS, numexpr,
/// Accelerate), so a trial's libraries use the cores it was given, no more.
constexpr const char* kThreadVariables[] = {"OMP_NUM_THREADS", "MKL_NUM_THREADS",
                                            "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                                            "VECLIB_MAXIMUM_THREADS"};

std::string knob_key(HardwareKnob knob) {
  return "hardware." + std::string(study::to_string(knob));
}

/// "hardware.cpu_max_freq_khz of CPU 3", "hardware.gpu_power_limit_w of GPU 0".
std::string setting_name(const DeviceSetting& setting) {
  return knob_key(setting.knob) + " of " +
         (setting.knob == HardwareKnob::gpu_power_limit_w ? "GPU " : "CPU ") +
         std::to_string(setting.device);
}

std::string range_text(HardwareKnob knob, double low, double high) {
  return format_knob_value(knob, low) + " to " + format_knob_value(knob, high);
}

/// Why a study's knobs cannot run `jobs` trials at once, or "".
std::string jobs_problem(const std::vector<KnobRequest>& requests, int jobs, std::size_t cpus) {
  if (jobs <= 1) return "";
  const auto find = [&](HardwareKnob knob) {
    const auto it = std::find_if(requests.begin(), requests.end(),
                                 [&](const KnobRequest& r) { return r.knob == knob; });
    return it == requests.end() ? nullptr : &*it;
  };
  const std::string jobs_text = "--jobs " + std::to_string(jobs);
  if (find(HardwareKnob::gpu_power_limit_w) != nullptr)
    return "hardware.gpu_power_limit_w with " + jobs_text +
           ": trials running at once would share the GPUs' power limit; use --jobs 1";
  const KnobRequest* cores = find(HardwareKnob::cpu_cores);
  if (find(HardwareKnob::cpu_max_freq_khz) != nullptr && cores == nullptr)
    return "hardware.cpu_max_freq_khz with " + jobs_text +
           ": the frequency cap is machine-wide; give each trial CPUs of its own with "
           "hardware.cpu_cores, or use --jobs 1";
  if (cores != nullptr && static_cast<double>(jobs) * cores->high > static_cast<double>(cpus))
    return "hardware.cpu_cores up to " + format_knob_value(HardwareKnob::cpu_cores, cores->high) +
           " with " + jobs_text + " needs " +
           std::to_string(static_cast<long>(jobs * cores->high)) + " CPUs, and ecopt may use " +
           std::to_string(cpus) + "; lower cpu_cores.high or --jobs";
  return "";
}

}  // namespace

namespace {

void restore_journal_at(const std::string& path, detail::Devices& devices, RestoreReport& report) {
  const auto journal = read_journal(path);
  if (!journal) return;
  report.journals.push_back(path);
  const std::size_t problems_before = report.problems.size();
  for (const DeviceSetting& setting : *journal) {
    if (std::string problem = devices.write(setting); !problem.empty()) {
      report.problems.push_back(problem);
    } else {
      report.restored.push_back(setting);
    }
  }
  if (report.problems.size() != problems_before) return;
  if (std::string problem = remove_journal(path); !problem.empty())
    report.problems.push_back(problem);
}

}  // namespace

RestoreReport restore_from_journal(const HardwareSettings& settings) {
  RestoreReport report;
  detail::Devices devices(settings);
  restore_journal_at(settings.journal_file, devices, report);
  if (!settings.legacy_journal_file.empty() &&
      settings.legacy_journal_file != settings.journal_file)
    restore_journal_at(settings.legacy_journal_file, devices, report);
  return report;
}

HardwareSession::HardwareSession(const HardwareSettings& settings,
                                 const std::vector<KnobRequest>& requests, int jobs,
                                 std::FILE* notes)
    : settings_(settings), devices_(std::make_unique<detail::Devices>(settings)) {
  std::string reason;
  lock_ = HostLock::try_acquire(settings_.lock_file, reason);
  if (!lock_) throw HardwareError("hardware: " + reason);
  const RestoreReport pending = restore_from_journal(settings_);
  if (!pending.problems.empty()) {
    throw HardwareError(
        "hardware: a previous ecopt left settings changed and they cannot be "
        "restored (" +
        pending.problems.front() + "); see " + pending.journals.front() +
        " and run `ecopt hardware restore`");
  }
  if (!pending.restored.empty() && notes != nullptr) {
    std::fprintf(notes, "hardware: restored %zu setting(s) a previous ecopt left changed (%s)\n",
                 pending.restored.size(), pending.journals.front().c_str());
  }
  check(requests, jobs);
}

void HardwareSession::check(const std::vector<KnobRequest>& requests, int jobs) {
  const ProbeAccess probe{true, ""};  // this session holds the host lock
  allowed_cpus_ = detect_knob(HardwareKnob::cpu_cores, settings_, probe).devices;
  free_cpus_ = allowed_cpus_;
  for (const KnobRequest& request : requests) {
    const KnobStatus status = detect_knob(request.knob, settings_, probe);
    const std::string key = knob_key(request.knob);
    if (!status.available)
      throw HardwareError(key + ": not available on this machine: " + status.reason + "; " +
                          status.fix + " (`ecopt hardware` lists the knobs)");
    if (request.low < status.low || request.high > status.high)
      throw HardwareError(key + ": " + range_text(request.knob, request.low, request.high) +
                          " is outside this machine's " +
                          range_text(request.knob, status.low, status.high) +
                          "; narrow the range in the study file");
    if (request.knob == HardwareKnob::gpu_power_limit_w) gpus_ = status.devices;
    if (request.knob == HardwareKnob::cpu_max_freq_khz) {
      for (int cpu : status.devices)
        if (std::find(allowed_cpus_.begin(), allowed_cpus_.end(), cpu) != allowed_cpus_.end())
          cpufreq_cpus_.push_back(cpu);
    }
  }
  if (std::string problem = jobs_problem(requests, jobs, allowed_cpus_.size()); !problem.empty())
    throw HardwareError(problem);
}

HardwareSession::~HardwareSession() {
  restore_all();
}

std::string HardwareSession::set(const DeviceSetting& setting) {
  const bool known = std::any_of(originals_.begin(), originals_.end(), [&](const DeviceSetting& o) {
    return o.knob == setting.knob && o.device == setting.device;
  });
  if (!known) {
    const std::optional<double> original = devices_->read(setting.knob, setting.device);
    if (!original)
      return "cannot read " + knob_key(setting.knob) + " of device " +
             std::to_string(setting.device) + " to restore it later";
    std::vector<DeviceSetting> journalled = originals_;
    journalled.push_back({setting.knob, setting.device, *original});
    // Before the change, on disk; it throws when it cannot be written (a full disk), and
    // the original then is not taken as journalled, so the next try journals it again.
    write_journal(settings_.journal_file, journalled);
    originals_ = std::move(journalled);
  }
  return devices_->write(setting);
}

std::vector<int> HardwareSession::frequency_cpus(const TrialPlacement& placement) const {
  if (placement.cpus.empty()) return cpufreq_cpus_;
  std::vector<int> cpus;
  for (int cpu : placement.cpus)
    if (std::find(cpufreq_cpus_.begin(), cpufreq_cpus_.end(), cpu) != cpufreq_cpus_.end())
      cpus.push_back(cpu);
  return cpus;
}

void HardwareSession::take_cpus(const std::map<HardwareKnob, double>& values,
                                TrialPlacement& placement) {
  const auto cores = values.find(HardwareKnob::cpu_cores);
  if (cores == values.end()) return;
  const auto count = static_cast<std::size_t>(std::lround(cores->second));
  if (count < 1 || count > free_cpus_.size())
    throw HardwareError("hardware.cpu_cores: " + std::to_string(count) + " CPUs asked, " +
                        std::to_string(free_cpus_.size()) + " free");
  placement.cpus.assign(free_cpus_.begin(), free_cpus_.begin() + static_cast<long>(count));
  free_cpus_.erase(free_cpus_.begin(), free_cpus_.begin() + static_cast<long>(count));
  for (const char* name : kThreadVariables) placement.env[name] = std::to_string(count);
}

void HardwareSession::free_cpus(const TrialPlacement& placement) {
  free_cpus_.insert(free_cpus_.end(), placement.cpus.begin(), placement.cpus.end());
  std::sort(free_cpus_.begin(), free_cpus_.end());
}

AppliedSettings HardwareSession::apply(const std::map<HardwareKnob, double>& values) {
  std::lock_guard lock(mutex_);
  AppliedSettings applied;
  applied.values = values;
  take_cpus(values, applied.placement);
  std::vector<DeviceSetting> wanted;
  if (const auto freq = values.find(HardwareKnob::cpu_max_freq_khz); freq != values.end())
    for (int cpu : frequency_cpus(applied.placement))
      wanted.push_back({HardwareKnob::cpu_max_freq_khz, cpu, freq->second});
  if (const auto limit = values.find(HardwareKnob::gpu_power_limit_w); limit != values.end())
    for (int gpu : gpus_) wanted.push_back({HardwareKnob::gpu_power_limit_w, gpu, limit->second});
  std::string where;
  try {
    for (const DeviceSetting& setting : wanted) {
      where = setting_name(setting);
      if (std::string problem = set(setting); !problem.empty()) throw HardwareError(problem);
      applied.changed.push_back(setting);
    }
    where = "hardware";
    read_back(applied);
  } catch (const std::exception& e) {
    // Whatever failed (a device, the journal on a full disk), the trial does not run:
    // what it had changed goes back and its CPUs are free again.
    put_back(applied.changed);
    free_cpus(applied.placement);
    throw HardwareError(where + ": " + e.what() +
                        (applied.changed.empty() ? ""
                                                 : "; the settings this trial had changed were "
                                                   "put back"));
  }
  return applied;
}

void HardwareSession::read_back(AppliedSettings& applied) {
  std::map<HardwareKnob, double> took;
  for (const DeviceSetting& setting : applied.changed) {
    const std::optional<double> value = devices_->read(setting.knob, setting.device);
    if (!value) throw HardwareError("cannot read back " + setting_name(setting));
    const auto [first, inserted] = took.emplace(setting.knob, *value);
    if (!inserted && first->second != *value)
      throw HardwareError(setting_name(setting) + " took " +
                          format_knob_value(setting.knob, *value) + " and another device " +
                          format_knob_value(setting.knob, first->second) + " for " +
                          format_knob_value(setting.knob, setting.value) +
                          " asked: the trial would run with mixed settings");
  }
  for (const auto& [knob, value] : took) applied.values[knob] = value;
}

void HardwareSession::put_back(const std::vector<DeviceSetting>& changed) {
  for (const DeviceSetting& setting : changed) {
    const auto original =
        std::find_if(originals_.begin(), originals_.end(), [&](const DeviceSetting& o) {
          return o.knob == setting.knob && o.device == setting.device;
        });
    if (original == originals_.end()) continue;
    if (std::string problem = devices_->write(*original); !problem.empty())
      std::fprintf(stderr, "ecopt: hardware: cannot restore %s: %s (the journal %s keeps it)\n",
                   knob_key(setting.knob).c_str(), problem.c_str(), settings_.journal_file.c_str());
  }
}

void HardwareSession::release(const AppliedSettings& applied) {
  std::lock_guard lock(mutex_);
  put_back(applied.changed);
  free_cpus(applied.placement);
}

void HardwareSession::restore_all() {
  std::lock_guard lock(mutex_);
  bool all_restored = true;
  for (const DeviceSetting& original : originals_) {
    if (std::string problem = devices_->write(original); !problem.empty()) {
      all_restored = false;
      std::fprintf(stderr, "ecopt: hardware: cannot restore %s: %s; run `ecopt hardware restore`\n",
                   knob_key(original.knob).c_str(), problem.c_str());
    }
  }
  if (!all_restored) return;
  if (std::string problem = remove_journal(settings_.journal_file); !problem.empty())
    std::fprintf(stderr, "ecopt: hardware: %s\n", problem.c_str());
}

}  // namespace ecopt::hardware
