#pragma once
// What the NVML meter (nvml_meter.cpp) and the GPU facts (gpu_facts.cpp) share to load
// NVML at run time with dlopen (internal): its C ABI's types (nvml.h) and the library's
// path.

#include <dlfcn.h>

#include <cstdlib>
#include <string>

namespace ecopt::energy::detail {

using NvmlReturn = int;  // nvmlReturn_t
using NvmlDevice = struct NvmlDeviceOpaque*;
constexpr NvmlReturn kNvmlSuccess = 0;
constexpr NvmlReturn kNvmlNotSupported = 3;

/// Points `target` at `symbol` of the loaded library; false when it lacks it.
template <class Function>
bool load(void* library, const char* symbol, Function& target) {
  target = reinterpret_cast<Function>(dlsym(library, symbol));
  return target != nullptr;
}

/// `library`, else $ECOPT_NVML_LIBRARY, else libnvidia-ml.so.1 (the driver's soname).
inline std::string nvml_library_path(const std::string& library) {
  if (!library.empty()) return library;
  const char* env = std::getenv("ECOPT_NVML_LIBRARY");
  return env != nullptr && *env != '\0' ? env : "libnvidia-ml.so.1";
}

}  // namespace ecopt::energy::detail
