// A stand-in for libnvidia-ml.so with the NVML calls ecopt uses, scripted by environment
// variables, so the NVML backend is tested on machines without NVIDIA hardware.
//
//   FAKE_NVML_MODE    counter (default) | power | unsupported | init_fails
//   FAKE_NVML_GPUS    number of devices (default 1)
//   FAKE_NVML_VALUES  comma-separated values returned by successive calls, per device:
//                     mJ totals in counter mode, mW in power mode (the last one repeats)
//   FAKE_NVML_PIDS    compute processes per device: "pid,pid;pid" (device 0; device 1);
//                     unset: the process query is not supported
//   FAKE_NVML_UTIL    per-process SM utilisation per device: "pid:percent,pid:percent;..."
//                     (device 0; device 1); unset: the utilisation query is not supported
//   FAKE_NVML_FAIL    comma-separated call numbers (0-based, per device, counting the
//                     energy or power calls) that fail with NVML_ERROR_UNKNOWN, as a
//                     driver hiccup would; each still uses up its scripted value
//   FAKE_NVML_LIMITS_FILE  where the power limits live, one mW value a line per device, so
//                     a limit set by one process (a killed `ecopt tune`) is seen by the
//                     next; unset: in memory. Missing lines are the default limit.
//   FAKE_NVML_SET     ok (default) | denied (NVML_ERROR_NO_PERMISSION, as for a non-root
//                     user) | unsupported: how nvmlDeviceSetPowerManagementLimit answers
//   FAKE_NVML_SET_LOG a file each successful set appends "DEVICE MILLIWATTS" to
// Device i's UUID is GPU-fake-0000-i, its name "Fake GPU i", its power limit (300 + 100 i)
// W by default, within constraints 100 W to (350 + 100 i) W; the driver is 999.99.fake.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Device {
  int index;
};
Device g_devices[8] = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}};
std::map<int, std::size_t> g_calls;

std::string mode() {
  const char* m = std::getenv("FAKE_NVML_MODE");
  return m != nullptr ? m : "counter";
}

std::vector<double> values() {
  std::vector<double> v;
  std::stringstream list(
      std::getenv("FAKE_NVML_VALUES") != nullptr ? std::getenv("FAKE_NVML_VALUES") : "0");
  std::string item;
  while (std::getline(list, item, ',')) v.push_back(std::stod(item));
  return v;
}

std::vector<double> failing_calls() {
  std::vector<double> calls;
  std::stringstream list(std::getenv("FAKE_NVML_FAIL") != nullptr ? std::getenv("FAKE_NVML_FAIL")
                                                                  : "");
  std::string item;
  while (std::getline(list, item, ',')) calls.push_back(std::stod(item));
  return calls;
}

/// The next scripted value of a device, or nothing when this call is scripted to fail.
bool next_value(int device, double* value) {
  static const std::vector<double> scripted = values();
  static const std::vector<double> failing = failing_calls();
  const std::size_t call = g_calls[device]++;
  *value = scripted[std::min(call, scripted.size() - 1)];
  for (double f : failing) {
    if (static_cast<std::size_t>(f) == call) return false;
  }
  return true;
}

constexpr int kNvmlErrorUnknown = 999;

unsigned default_limit_mw(int device) {
  return 300000u + 100000u * static_cast<unsigned>(device);
}

unsigned g_limits_mw[8] = {};  // 0: the default; used without FAKE_NVML_LIMITS_FILE

/// Device `device`'s current limit, from the file when one is named.
unsigned limit_mw(int device) {
  const char* path = std::getenv("FAKE_NVML_LIMITS_FILE");
  unsigned value = g_limits_mw[device];
  if (path != nullptr) {
    value = 0;
    if (std::FILE* in = std::fopen(path, "r")) {
      for (int d = 0; d <= device; ++d)
        if (std::fscanf(in, "%u", &value) != 1) value = 0;
      std::fclose(in);
    }
  }
  return value != 0 ? value : default_limit_mw(device);
}

void store_limit_mw(int device, unsigned milliwatts) {
  const char* path = std::getenv("FAKE_NVML_LIMITS_FILE");
  if (path == nullptr) {
    g_limits_mw[device] = milliwatts;
    return;
  }
  unsigned all[8];
  for (int d = 0; d < 8; ++d) all[d] = d == device ? milliwatts : limit_mw(d);
  if (std::FILE* out = std::fopen(path, "w")) {
    for (unsigned v : all) std::fprintf(out, "%u\n", v);
    std::fclose(out);
  }
}

}  // namespace

extern "C" {

int nvmlInit_v2() {
  return mode() == "init_fails" ? 9 /* NVML_ERROR_DRIVER_NOT_LOADED */ : 0;
}
int nvmlShutdown() {
  return 0;
}
const char* nvmlErrorString(int code) {
  switch (code) {
    case 3:
      return "Not Supported";
    case 9:
      return "Driver Not Loaded";
    case 4:
      return "Insufficient Permissions";
    case 2:
      return "Invalid Argument";
    default:
      return "Unknown Error";
  }
}
int nvmlDeviceGetCount_v2(unsigned* count) {
  const char* gpus = std::getenv("FAKE_NVML_GPUS");
  *count = gpus != nullptr ? static_cast<unsigned>(std::atoi(gpus)) : 1u;
  return 0;
}
int nvmlDeviceGetHandleByIndex_v2(unsigned index, Device** device) {
  if (index >= 8) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *device = &g_devices[index];
  return 0;
}
int nvmlDeviceGetTotalEnergyConsumption(Device* device, unsigned long long* millijoules) {
  if (mode() != "counter") return 3;  // NVML_ERROR_NOT_SUPPORTED
  double value = 0.0;
  if (!next_value(device->index, &value)) return kNvmlErrorUnknown;
  *millijoules = static_cast<unsigned long long>(value);
  return 0;
}
int nvmlDeviceGetPowerUsage(Device* device, unsigned* milliwatts) {
  if (mode() == "unsupported") return 3;
  if (mode() != "power") {
    *milliwatts = 0;
    return 0;
  }
  double value = 0.0;
  if (!next_value(device->index, &value)) return kNvmlErrorUnknown;
  *milliwatts = static_cast<unsigned>(value);
  return 0;
}

int nvmlDeviceGetUUID(Device* device, char* uuid, unsigned length) {
  // snprintf, not std::to_string: that would bring in a unique (STB_GNU_UNIQUE) symbol,
  // which keeps the library loaded across dlclose, and with it the scripted values.
  const int n = std::snprintf(uuid, length, "GPU-fake-0000-%d", device->index);
  return n < 0 || static_cast<unsigned>(n) >= length ? 7 /* NVML_ERROR_INSUFFICIENT_SIZE */ : 0;
}

int nvmlDeviceGetName(Device* device, char* name, unsigned length) {
  const int n = std::snprintf(name, length, "Fake GPU %d", device->index);
  return n < 0 || static_cast<unsigned>(n) >= length ? 7 /* NVML_ERROR_INSUFFICIENT_SIZE */ : 0;
}

int nvmlSystemGetDriverVersion(char* version, unsigned length) {
  const int n = std::snprintf(version, length, "999.99.fake");
  return n < 0 || static_cast<unsigned>(n) >= length ? 7 : 0;
}

int nvmlDeviceGetEnforcedPowerLimit(Device* device, unsigned* milliwatts) {
  *milliwatts = limit_mw(device->index);
  return 0;
}

int nvmlDeviceGetPowerManagementLimit(Device* device, unsigned* milliwatts) {
  *milliwatts = limit_mw(device->index);
  return 0;
}

int nvmlDeviceGetPowerManagementLimitConstraints(Device* device, unsigned* min_mw,
                                                 unsigned* max_mw) {
  *min_mw = 100000u;
  *max_mw = default_limit_mw(device->index) + 50000u;
  return 0;
}

int nvmlDeviceSetPowerManagementLimit(Device* device, unsigned milliwatts) {
  const char* set = std::getenv("FAKE_NVML_SET");
  if (set != nullptr && std::strcmp(set, "denied") == 0) return 4;  // NVML_ERROR_NO_PERMISSION
  if (set != nullptr && std::strcmp(set, "unsupported") == 0) return 3;
  unsigned min_mw = 0, max_mw = 0;
  nvmlDeviceGetPowerManagementLimitConstraints(device, &min_mw, &max_mw);
  if (milliwatts < min_mw || milliwatts > max_mw) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  store_limit_mw(device->index, milliwatts);
  if (const char* log = std::getenv("FAKE_NVML_SET_LOG")) {
    if (std::FILE* out = std::fopen(log, "a")) {
      std::fprintf(out, "%d %u\n", device->index, milliwatts);
      std::fclose(out);
    }
  }
  return 0;
}

struct ProcessInfo {  // nvmlProcessInfo_t
  unsigned pid;
  unsigned long long used_gpu_memory;
  unsigned gpu_instance_id;
  unsigned compute_instance_id;
};

int nvmlDeviceGetComputeRunningProcesses_v3(Device* device, unsigned* count, ProcessInfo* infos) {
  const char* spec = std::getenv("FAKE_NVML_PIDS");
  if (spec == nullptr) return 3;  // NVML_ERROR_NOT_SUPPORTED
  std::stringstream devices(spec);
  std::string list;
  for (int d = 0; d <= device->index; ++d) {
    if (!std::getline(devices, list, ';')) list.clear();
  }
  std::stringstream pids(list);
  std::string pid;
  unsigned n = 0;
  while (std::getline(pids, pid, ',') && n < *count)
    infos[n++] = {static_cast<unsigned>(std::stoul(pid)), 0, 0, 0};
  *count = n;
  return 0;
}

struct UtilisationSample {  // nvmlProcessUtilizationSample_t
  unsigned pid;
  unsigned long long time_stamp_us;
  unsigned sm_util, mem_util, enc_util, dec_util;
};

int nvmlDeviceGetProcessUtilization(Device* device, UtilisationSample* samples, unsigned* count,
                                    unsigned long long last_seen_us) {
  const char* spec = std::getenv("FAKE_NVML_UTIL");
  if (spec == nullptr) return 3;  // NVML_ERROR_NOT_SUPPORTED
  std::stringstream devices(spec);
  std::string list;
  for (int d = 0; d <= device->index; ++d) {
    if (!std::getline(devices, list, ';')) list.clear();
  }
  // Every call is a fresh sample, newer than any seen before.
  static unsigned long long clock_us = 1'000'000;
  clock_us = std::max(clock_us, last_seen_us) + 100'000;
  std::stringstream entries(list);
  std::string entry;
  unsigned n = 0;
  while (std::getline(entries, entry, ',') && n < *count) {
    const std::size_t colon = entry.find(':');
    samples[n++] = {static_cast<unsigned>(std::stoul(entry.substr(0, colon))),
                    clock_us,
                    static_cast<unsigned>(std::stoul(entry.substr(colon + 1))),
                    0,
                    0,
                    0};
  }
  *count = n;
  return n == 0 ? 6 /* NVML_ERROR_NOT_FOUND */ : 0;
}

}  // extern "C"
