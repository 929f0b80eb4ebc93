#pragma once
// The background sampler: reads a meter at a fixed rate (10 Hz by default) into a
// cumulative series, together with the CPU time of the machine and, for process
// attribution, of one process tree. Windows are then cut from the series at any
// monotonic time (see window.hpp).

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "ecopt/energy/device_sharing.hpp"
#include "ecopt/energy/meter.hpp"
#include "ecopt/energy/series.hpp"

namespace ecopt::energy {

struct SamplerSettings {
  double interval_s = 0.1;  ///< 10 Hz; shortened automatically if a counter could wrap
  /// Samples held at full rate before older ones are thinned (one hour at 10 Hz); memory
  /// stays near this however long the sampler runs (see series.hpp).
  std::size_t capacity = 36000;
  int process_root_pid = 0;  ///< the tree whose CPU time is tracked; 0: none
  std::string proc_root = "/proc";
  /// The trials running at once in this process (`ecopt tune --jobs`), to split a GPU
  /// they share by time when the driver cannot split it by utilisation; null: alone.
  /// Must outlive the sampler.
  DeviceSharing* sharing = nullptr;
};

class EnergySampler {
 public:
  /// Columns of the series, n = number of meter domains: [0, n) cumulative energy;
  /// n: process-tree CPU s; n+1: machine CPU s; [n+2, 2n+2): samples in which the tree
  /// had a process on the domain's device; [2n+2, 3n+2): samples in which the meter could
  /// tell (NVML's process list); [3n+2, 4n+2): the tree's share of the domain's energy
  /// (each interval's energy times the share at its end: by utilisation, else by time
  /// among the trials on the device); [4n+2, 5n+2): samples whose share came from the
  /// driver's per-process utilisation. All cumulative, so windows interpolate them alike.
  [[nodiscard]] static std::size_t columns_for(std::size_t domains) { return 5 * domains + 2; }

  EnergySampler(Meter& meter, SamplerSettings settings = {});
  ~EnergySampler();
  EnergySampler(const EnergySampler&) = delete;
  EnergySampler& operator=(const EnergySampler&) = delete;

  void start();
  void stop();
  /// Takes a reading now (also used at window boundaries, so they need no interpolation);
  /// returns its time in the series (monotonic s).
  double sample_now();
  /// Takes a reading now and pins it (pin()) as a window edge; returns its time in the
  /// series (monotonic s). A window between two such edges is cut from one reading of
  /// each meter per edge, exactly, with no interpolation (PhaseRecorder).
  double sample_edge();
  /// Tracks the CPU time of this process tree from now on (e.g. a trial just started).
  void set_process_root(int pid);

  [[nodiscard]] Meter& meter() const { return meter_; }
  [[nodiscard]] double interval_s() const { return interval_s_; }
  /// Keeps the series exact at this monotonic time (a window boundary) however long the
  /// run goes on; a time after the last sample is pinned at the next one.
  void pin(double time_s);
  /// Releases one pin of `time_s` once its window is measured (CumulativeSeries::unpin),
  /// so the samples of ended windows can be thinned and memory stays bounded.
  void unpin(double time_s);
  /// Interpolated columns at a monotonic time, with their bounds, or nullopt outside the
  /// sampled span.
  [[nodiscard]] std::optional<SeriesValue> at(double time_s) const;
  [[nodiscard]] std::size_t samples() const;
  /// Samples held because a window edge pins them.
  [[nodiscard]] std::size_t pinned_samples() const;
  /// CLOCK_REALTIME - CLOCK_MONOTONIC when the sampler was made, to date windows.
  [[nodiscard]] double unix_offset_s() const { return unix_offset_s_; }

 private:
  void run();
  /// Per domain: the tree's share of the device now, and whether the driver's
  /// per-process utilisation said so. Asks the meter, so call it outside mutex_.
  struct DeviceShare {
    double fraction = 1.0;
    bool by_utilisation = false;
  };
  [[nodiscard]] std::vector<DeviceShare> device_shares(const std::vector<int>& tree_pids,
                                                       const std::vector<int>& known,
                                                       const std::vector<int>& used);
  /// Reads the meters and appends the row; pins it when `pin`. Returns its time.
  double take_sample(bool pin);
  /// Returns the time the row was appended at.
  double append_locked(MeterReading reading, const std::vector<DeviceShare>& shares);

  Meter& meter_;
  SamplerSettings settings_;
  double interval_s_;
  double unix_offset_s_;
  mutable std::mutex mutex_;
  CumulativeSeries series_;
  std::atomic<int> process_root_pid_;
  std::vector<double> used_samples_;  ///< per domain, guarded by mutex_
  std::vector<double> known_samples_;
  std::vector<double> attributed_j_;   ///< per domain, the tree's share so far
  std::vector<double> last_energy_j_;  ///< per domain, the last successful reading
  std::vector<double> utilisation_samples_;
  std::optional<std::size_t> sharing_member_;
  std::thread thread_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

}  // namespace ecopt::energy
