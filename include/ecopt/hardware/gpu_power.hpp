#pragma once
// NVIDIA GPUs' power limits through NVML (nvmlDeviceGet/SetPowerManagementLimit and its
// constraints), loaded with dlopen as the NVML meter is, so ecopt needs no NVIDIA
// software to build or run. Setting a limit needs root (NVML_ERROR_NO_PERMISSION
// otherwise); without persistence mode the driver may drop it when no process holds the
// GPU. Zeus (You et al., NSDI'23) tunes training energy through this same limit.

#include <memory>
#include <optional>
#include <string>

namespace ecopt::hardware {

struct GpuPowerRange {
  double min_w = 0.0;
  double max_w = 0.0;
};

/// The outcome of setting a limit: `problem` is "" on success.
struct GpuPowerWrite {
  std::string problem;
  bool permission_denied = false;
};

class GpuPower {
 public:
  /// NVML from `library` ("" : $ECOPT_NVML_LIBRARY, else libnvidia-ml.so.1), or nullptr
  /// with `reason` set when it cannot be loaded or initialised.
  static std::unique_ptr<GpuPower> open(const std::string& library, std::string& reason);
  ~GpuPower();
  GpuPower(const GpuPower&) = delete;
  GpuPower& operator=(const GpuPower&) = delete;

  [[nodiscard]] unsigned count() const;
  [[nodiscard]] std::optional<GpuPowerRange> range(unsigned gpu) const;
  [[nodiscard]] std::optional<double> limit_w(unsigned gpu) const;
  [[nodiscard]] GpuPowerWrite set_limit_w(unsigned gpu, double limit_w) const;

  struct Api;

 private:
  explicit GpuPower(std::unique_ptr<Api> api);
  std::unique_ptr<Api> api_;
};

}  // namespace ecopt::hardware
