// A stand-in for libnvidia-ml.so with the NVML calls ecopt uses, scripted by environment
// variables, so the NVML backend is tested on machines without NVIDIA hardware.
//
//   FAKE_NVML_MODE    counter (default) | power | unsupported | init_fails
//   FAKE_NVML_GPUS    number of devices (default 1)
//   FAKE_NVML_VALUES  comma-separated values returned by successive calls, per device:
//                     mJ totals in counter mode, mW in power mode (the last one repeats)
//   FAKE_NVML_PIDS    compute processes per device: "pid,pid;pid" (device 0; device 1);
//                     unset: the process query is not supported
// Device i's UUID is GPU-fake-0000-i, its name "Fake GPU i", its enforced power limit
// (300 + 100 i) W; the driver is 999.99.fake.
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

double next_value(int device) {
  static const std::vector<double> scripted = values();
  const std::size_t call = g_calls[device]++;
  return scripted[std::min(call, scripted.size() - 1)];
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
  *millijoules = static_cast<unsigned long long>(next_value(device->index));
  return 0;
}
int nvmlDeviceGetPowerUsage(Device* device, unsigned* milliwatts) {
  if (mode() == "unsupported") return 3;
  if (mode() != "power") {
    *milliwatts = 0;
    return 0;
  }
  *milliwatts = static_cast<unsigned>(next_value(device->index));
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
  *milliwatts = 300000u + 100000u * static_cast<unsigned>(device->index);
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

}  // extern "C"
