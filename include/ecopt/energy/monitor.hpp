#pragma once
// Energy windows around any code in this process, trial or not: begin_window("train"),
// end_window("train") -> the window's energy per domain, measured or estimated, with its
// uncertainty and duration. Like Zeus's ZeusMonitor or CodeCarbon's tracker, on ecopt's
// meters (powercap/RAPL, perf, NVML, the estimator) and windows (window.hpp), so a window
// is measured exactly as a trial's protocol phase is.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/baseline.hpp"
#include "ecopt/energy/detection.hpp"
#include "ecopt/energy/sampler.hpp"
#include "ecopt/energy/window.hpp"

namespace ecopt::energy {

struct MonitorSettings {
  DetectionSettings meters;  ///< which backends to try (detect_meters)
  double interval_s = 0.1;   ///< how often the background sampler reads the meters
  /// Samples held at full rate before older ones are thinned (SamplerSettings::capacity);
  /// with the open windows' edges, all the memory a Monitor holds however long it runs.
  std::size_t capacity = SamplerSettings{}.capacity;
  /// system: the whole machine's energy; process: this process's share of it (its CPU
  /// time over the machine's; a GPU whole if this process used it).
  Scope scope = Scope::system;
  std::optional<MachineProfile> baseline;  ///< idle power, for net energy
};

/// Thread-safe: windows of different names may be open at once, from any threads.
class Monitor {
 public:
  /// Detects this machine's meters and starts sampling them.
  explicit Monitor(MonitorSettings settings = {});
  /// Samples `meter` (a test's scripted meter, or one chosen by hand) instead.
  Monitor(std::unique_ptr<Meter> meter, MonitorSettings settings);
  ~Monitor();
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  /// Opens the window `name`. Throws std::invalid_argument when one of that name is open.
  void begin_window(const std::string& name);
  /// Closes the window `name`, which processed `samples` items (for per-sample figures).
  /// Throws std::invalid_argument when none of that name is open.
  measurement::PhaseMeasurement end_window(const std::string& name, std::int64_t samples = 0);
  /// The names of the windows open now, sorted.
  [[nodiscard]] std::vector<std::string> open_windows() const;

  [[nodiscard]] const Meter& meter() const { return *meter_; }
  /// What detection found, backend by backend (empty for a meter given by hand).
  [[nodiscard]] const std::vector<BackendStatus>& backends() const { return backends_; }
  [[nodiscard]] Scope scope() const { return settings_.scope; }
  /// The background sampler and its series (how many samples it holds).
  [[nodiscard]] const EnergySampler& sampler() const { return *sampler_; }

 private:
  void start_sampling();

  MonitorSettings settings_;
  std::vector<BackendStatus> backends_;
  std::unique_ptr<Meter> meter_;
  std::unique_ptr<EnergySampler> sampler_;
  mutable std::mutex mutex_;
  std::unique_ptr<PhaseRecorder> recorder_;  ///< guarded by mutex_
  std::vector<std::string> open_;            ///< guarded by mutex_
};

}  // namespace ecopt::energy
