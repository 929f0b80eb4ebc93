#include "ecopt/energy/sampler.hpp"

#include <algorithm>
#include <chrono>

#include "cpu_time.hpp"

namespace ecopt::energy {
namespace {

double realtime_now_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

EnergySampler::EnergySampler(Meter& meter, SamplerSettings settings)
    : meter_(meter),
      settings_(std::move(settings)),
      interval_s_(std::min(settings_.interval_s, meter.max_read_interval_s())),
      unix_offset_s_(realtime_now_s() - monotonic_now_s()),
      series_(columns_for(meter.domains().size()), settings_.capacity),
      process_root_pid_(settings_.process_root_pid),
      used_samples_(meter.domains().size(), 0.0),
      known_samples_(meter.domains().size(), 0.0),
      attributed_j_(meter.domains().size(), 0.0),
      last_energy_j_(meter.domains().size(), kReadFailed),
      utilisation_samples_(meter.domains().size(), 0.0) {
  if (settings_.sharing != nullptr) sharing_member_ = settings_.sharing->join();
}

EnergySampler::~EnergySampler() {
  stop();
  if (sharing_member_) settings_.sharing->leave(*sharing_member_);
}

void EnergySampler::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  sample_now();
  thread_ = std::thread([this] { run(); });
}

void EnergySampler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EnergySampler::set_process_root(int pid) {
  process_root_pid_ = pid;
}

double EnergySampler::sample_now() {
  return take_sample(false);
}

double EnergySampler::sample_edge() {
  return take_sample(true);
}

double EnergySampler::take_sample(bool pin) {
  const int pid = process_root_pid_;
  detail::ProcessTreeUsage tree;
  if (pid > 0) tree = detail::process_tree_usage(pid, settings_.proc_root);
  const std::size_t n = meter_.domains().size();
  // Which devices the tree is on (GPUs through NVML); asked outside the series lock.
  std::vector<int> uses(n, 0), knows(n, 0);
  if (pid > 0) {
    for (std::size_t d = 0; d < n; ++d) {
      const auto on_device = meter_.processes_on(d);
      if (!on_device) continue;
      knows[d] = 1;
      for (int p : *on_device) {
        if (std::find(tree.pids.begin(), tree.pids.end(), p) != tree.pids.end()) uses[d] = 1;
      }
    }
  }
  const std::vector<DeviceShare> shares = device_shares(tree.pids, knows, uses);
  std::lock_guard lock(mutex_);  // one reader at a time keeps the series in time order
  MeterReading reading = meter_.read();
  // The estimator reads the machine's CPU time for its own estimate: taken from its
  // reading, /proc/stat is read once per sample (docs/benchmarks.md).
  const double machine_cpu_s = is_reading(reading.machine_cpu_s)
                                   ? reading.machine_cpu_s
                                   : detail::machine_cpu_s(settings_.proc_root);
  reading.energy_j.push_back(tree.cpu_s);
  reading.energy_j.push_back(machine_cpu_s);
  for (std::size_t d = 0; d < n; ++d) {
    used_samples_[d] += uses[d];
    known_samples_[d] += knows[d];
  }
  const double time_s = append_locked(std::move(reading), shares);
  // Pinned under the same lock: no other reading can come between the row and its pin.
  if (pin) series_.pin(time_s);
  return time_s;
}

std::vector<EnergySampler::DeviceShare> EnergySampler::device_shares(
    const std::vector<int>& tree_pids, const std::vector<int>& known,
    const std::vector<int>& used) {
  const auto& domains = meter_.domains();
  std::vector<DeviceShare> shares(domains.size());
  const bool tracking = process_root_pid_ > 0;
  for (std::size_t d = 0; d < domains.size(); ++d) {
    if (domains[d].kind != DomainKind::gpu) continue;
    // Split by the driver's per-process utilisation where it has it (NVML's
    // nvmlDeviceGetProcessUtilization): the tree's share of the device's busy processes.
    if (const auto utilisation = tracking ? meter_.process_utilisation(d) : std::nullopt) {
      double total = 0.0, mine = 0.0;
      for (const auto& [p, percent] : *utilisation) {
        total += percent;
        if (std::find(tree_pids.begin(), tree_pids.end(), p) != tree_pids.end()) mine += percent;
      }
      if (total > 0.0) {
        shares[d] = {mine / total, true};
        if (sharing_member_) (void)settings_.sharing->update(*sharing_member_, d, mine > 0.0);
        continue;
      }
    }
    // Otherwise by time: an equal share among the trials on the device now. Where NVML
    // cannot list the device's processes, every running trial may be on it.
    const bool on_device = tracking && (known[d] == 0 || used[d] != 0);
    const std::size_t trials_on =
        sharing_member_ ? settings_.sharing->update(*sharing_member_, d, on_device) : 1;
    shares[d].fraction = on_device ? 1.0 / static_cast<double>(std::max<std::size_t>(1, trials_on))
                                   : (tracking ? 0.0 : 1.0);
  }
  return shares;
}

double EnergySampler::append_locked(MeterReading reading, const std::vector<DeviceShare>& shares) {
  const std::size_t n = meter_.domains().size();
  std::vector<double>& row = reading.energy_j;
  row.insert(row.end(), used_samples_.begin(), used_samples_.end());
  row.insert(row.end(), known_samples_.begin(), known_samples_.end());
  for (std::size_t d = 0; d < n; ++d) {
    const double energy_j = row[d];
    if (!is_reading(energy_j)) {
      row.push_back(kReadFailed);  // the share of a gap is bridged with the gap
    } else {
      // This interval's energy (since the last successful reading) at the share now.
      if (is_reading(last_energy_j_[d]))
        attributed_j_[d] += shares[d].fraction * (energy_j - last_energy_j_[d]);
      last_energy_j_[d] = energy_j;
      row.push_back(attributed_j_[d]);
    }
    utilisation_samples_[d] += shares[d].by_utilisation ? 1.0 : 0.0;
  }
  row.insert(row.end(), utilisation_samples_.begin(), utilisation_samples_.end());
  const double time_s =
      std::max(reading.timestamp_s, series_.size() ? series_.last_time_s() : reading.timestamp_s);
  series_.append(time_s, row);
  return time_s;
}

void EnergySampler::run() {
  using namespace std::chrono;
  auto next = steady_clock::now();
  while (true) {
    next += duration_cast<steady_clock::duration>(duration<double>(interval_s_));
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    sample_now();
  }
}

void EnergySampler::pin(double time_s) {
  std::lock_guard lock(mutex_);
  series_.pin(time_s);
}

void EnergySampler::unpin(double time_s) {
  std::lock_guard lock(mutex_);
  series_.unpin(time_s);
}

std::optional<SeriesValue> EnergySampler::at(double time_s) const {
  std::lock_guard lock(mutex_);
  return series_.at(time_s);
}

std::size_t EnergySampler::samples() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

std::size_t EnergySampler::pinned_samples() const {
  std::lock_guard lock(mutex_);
  return series_.pinned();
}

}  // namespace ecopt::energy
