// GPU power limits through NVML's stable C ABI (nvml.h), loaded with dlopen as the NVML
// meter does (src/energy/nvml_meter.cpp).
#include "ecopt/hardware/gpu_power.hpp"

#include <cmath>

#include "nvml_abi.hpp"

namespace ecopt::hardware {

using energy::detail::kNvmlSuccess;
using energy::detail::load;
using energy::detail::NvmlDevice;
using energy::detail::NvmlReturn;
constexpr NvmlReturn kNvmlNoPermission = 4;  // NVML_ERROR_NO_PERMISSION

struct GpuPower::Api {
  void* library = nullptr;
  NvmlReturn (*init)() = nullptr;
  NvmlReturn (*shutdown)() = nullptr;
  NvmlReturn (*device_count)(unsigned*) = nullptr;
  NvmlReturn (*device_handle)(unsigned, NvmlDevice*) = nullptr;
  NvmlReturn (*constraints_mw)(NvmlDevice, unsigned*, unsigned*) = nullptr;
  NvmlReturn (*limit_mw)(NvmlDevice, unsigned*) = nullptr;
  NvmlReturn (*set_limit_mw)(NvmlDevice, unsigned) = nullptr;
  const char* (*error_string)(NvmlReturn) = nullptr;  // optional

  [[nodiscard]] std::string error(NvmlReturn code) const {
    return error_string != nullptr ? error_string(code) : "NVML error " + std::to_string(code);
  }
  [[nodiscard]] NvmlDevice device(unsigned index) const {
    NvmlDevice device = nullptr;
    return device_handle(index, &device) == kNvmlSuccess ? device : nullptr;
  }
};

std::unique_ptr<GpuPower> GpuPower::open(const std::string& library, std::string& reason) {
  const std::string path = energy::detail::nvml_library_path(library);
  auto api = std::make_unique<Api>();
  api->library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (api->library == nullptr) {
    reason = "no NVIDIA driver (cannot load " + path + ")";
    return nullptr;
  }
  void* lib = api->library;
  const bool complete =
      load(lib, "nvmlInit_v2", api->init) && load(lib, "nvmlShutdown", api->shutdown) &&
      load(lib, "nvmlDeviceGetCount_v2", api->device_count) &&
      load(lib, "nvmlDeviceGetHandleByIndex_v2", api->device_handle) &&
      load(lib, "nvmlDeviceGetPowerManagementLimitConstraints", api->constraints_mw) &&
      load(lib, "nvmlDeviceGetPowerManagementLimit", api->limit_mw) &&
      load(lib, "nvmlDeviceSetPowerManagementLimit", api->set_limit_mw);
  load(lib, "nvmlErrorString", api->error_string);
  if (!complete) {
    reason = path + " lacks the NVML power-limit functions (a very old driver?)";
  } else if (const NvmlReturn code = api->init(); code != kNvmlSuccess) {
    reason = "nvmlInit failed: " + api->error(code) + " (is the NVIDIA driver loaded?)";
  } else {
    return std::unique_ptr<GpuPower>(new GpuPower(std::move(api)));
  }
  dlclose(lib);
  return nullptr;
}

GpuPower::GpuPower(std::unique_ptr<Api> api) : api_(std::move(api)) {}

GpuPower::~GpuPower() {
  api_->shutdown();
  dlclose(api_->library);
}

unsigned GpuPower::count() const {
  unsigned count = 0;
  return api_->device_count(&count) == kNvmlSuccess ? count : 0u;
}

std::optional<GpuPowerRange> GpuPower::range(unsigned gpu) const {
  NvmlDevice device = api_->device(gpu);
  unsigned min_mw = 0;
  unsigned max_mw = 0;
  if (device == nullptr || api_->constraints_mw(device, &min_mw, &max_mw) != kNvmlSuccess ||
      max_mw == 0)
    return std::nullopt;
  return GpuPowerRange{min_mw * 1e-3, max_mw * 1e-3};
}

std::optional<double> GpuPower::limit_w(unsigned gpu) const {
  NvmlDevice device = api_->device(gpu);
  unsigned limit_mw = 0;
  if (device == nullptr || api_->limit_mw(device, &limit_mw) != kNvmlSuccess) return std::nullopt;
  return limit_mw * 1e-3;
}

GpuPowerWrite GpuPower::set_limit_w(unsigned gpu, double limit_w) const {
  NvmlDevice device = api_->device(gpu);
  if (device == nullptr) return {"NVML has no GPU " + std::to_string(gpu), false};
  const auto limit_mw = static_cast<unsigned>(std::lround(limit_w * 1e3));
  const NvmlReturn code = api_->set_limit_mw(device, limit_mw);
  if (code == kNvmlSuccess) return {};
  return {"nvmlDeviceSetPowerManagementLimit(GPU " + std::to_string(gpu) + ", " +
              std::to_string(limit_mw) + " mW): " + api_->error(code),
          code == kNvmlNoPermission};
}

}  // namespace ecopt::hardware
