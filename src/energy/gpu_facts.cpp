// GPU names, the driver version and power limits through NVML, loaded with dlopen as the
// NVML meter does (nvml_meter.cpp), so that ecopt needs no NVIDIA software. The calls
// are NVML's stable C ABI (nvml.h).
#include "ecopt/energy/host_facts.hpp"
#include "nvml_abi.hpp"

namespace ecopt::energy {
namespace {

using detail::kNvmlSuccess;
using detail::NvmlDevice;
using detail::NvmlReturn;
// nvml.h: NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE 80, NVML_DEVICE_NAME_V2_BUFFER_SIZE 96.
constexpr unsigned kDriverBufferSize = 80;
constexpr unsigned kNameBufferSize = 96;

struct NvmlFactsApi {
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  NvmlReturn (*device_count)(unsigned*) = nullptr;
  NvmlReturn (*device_handle)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*driver_version)(char*, unsigned) = nullptr;             // optional
  NvmlReturn (*name)(NvmlDevice, char*, unsigned) = nullptr;           // optional
  NvmlReturn (*power_limit_mw)(NvmlDevice, unsigned*) = nullptr;       // optional
  NvmlReturn (*management_limit_mw)(NvmlDevice, unsigned*) = nullptr;  // optional
};

GpuFacts gpu_facts(const NvmlFactsApi& api, unsigned index, NvmlDevice device) {
  GpuFacts gpu;
  gpu.index = index;
  char name[kNameBufferSize] = {};
  if (api.name != nullptr && api.name(device, name, kNameBufferSize) == kNvmlSuccess)
    gpu.name = name;
  // The enforced limit is what the board runs under (the lower of the management limit
  // and any other cap); the management limit is the fallback for old drivers.
  unsigned limit_mw = 0;
  if ((api.power_limit_mw != nullptr && api.power_limit_mw(device, &limit_mw) == kNvmlSuccess) ||
      (api.management_limit_mw != nullptr &&
       api.management_limit_mw(device, &limit_mw) == kNvmlSuccess)) {
    gpu.power_limit_w = limit_mw * 1e-3;
  }
  return gpu;
}

void read_devices(const NvmlFactsApi& api, HostFacts& facts) {
  char driver[kDriverBufferSize] = {};
  if (api.driver_version != nullptr &&
      api.driver_version(driver, kDriverBufferSize) == kNvmlSuccess)
    facts.gpu_driver = driver;
  unsigned count = 0;
  if (api.device_count(&count) != kNvmlSuccess) {
    facts.gpu_note = "NVML could not count the GPUs";
    return;
  }
  for (unsigned i = 0; i < count; ++i) {
    NvmlDevice device = nullptr;
    if (api.device_handle(i, &device) != kNvmlSuccess) continue;
    facts.gpus.push_back(gpu_facts(api, i, device));
  }
  if (facts.gpus.empty()) facts.gpu_note = "NVML reports no GPUs";
}

}  // namespace

void collect_gpu_facts(const std::string& nvml_library, HostFacts& facts) {
  const std::string path = detail::nvml_library_path(nvml_library);
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    facts.gpu_note = "none found: no NVIDIA driver (cannot load " + path + ")";
    return;
  }
  NvmlFactsApi api;
  const bool complete = detail::load(library, "nvmlInit_v2", api.init) &&
                        detail::load(library, "nvmlShutdown", api.shutdown) &&
                        detail::load(library, "nvmlDeviceGetCount_v2", api.device_count) &&
                        detail::load(library, "nvmlDeviceGetHandleByIndex_v2", api.device_handle);
  detail::load(library, "nvmlSystemGetDriverVersion", api.driver_version);
  detail::load(library, "nvmlDeviceGetName", api.name);
  detail::load(library, "nvmlDeviceGetEnforcedPowerLimit", api.power_limit_mw);
  detail::load(library, "nvmlDeviceGetPowerManagementLimit", api.management_limit_mw);
  if (!complete) {
    facts.gpu_note = path + " lacks the NVML functions ecopt needs (a very old driver?)";
  } else if (api.init() != kNvmlSuccess) {
    facts.gpu_note = "nvmlInit failed (is the NVIDIA driver loaded?)";
  } else {
    read_devices(api, facts);
    api.shutdown();
  }
  dlclose(library);
}

}  // namespace ecopt::energy
