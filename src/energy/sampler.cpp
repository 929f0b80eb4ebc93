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
      known_samples_(meter.domains().size(), 0.0) {}

EnergySampler::~EnergySampler() {
  stop();
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

void EnergySampler::sample_now() {
  const int pid = process_root_pid_;
  detail::ProcessTreeUsage tree;
  if (pid > 0) tree = detail::process_tree_usage(pid, settings_.proc_root);
  const double machine_cpu_s = detail::machine_cpu_s(settings_.proc_root);
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
  std::lock_guard lock(mutex_);  // one reader at a time keeps the series in time order
  MeterReading reading = meter_.read();
  reading.energy_j.push_back(tree.cpu_s);
  reading.energy_j.push_back(machine_cpu_s);
  for (std::size_t d = 0; d < n; ++d) {
    used_samples_[d] += uses[d];
    known_samples_[d] += knows[d];
  }
  reading.energy_j.insert(reading.energy_j.end(), used_samples_.begin(), used_samples_.end());
  reading.energy_j.insert(reading.energy_j.end(), known_samples_.begin(), known_samples_.end());
  const double time_s =
      std::max(reading.timestamp_s, series_.size() ? series_.last_time_s() : reading.timestamp_s);
  series_.append(time_s, reading.energy_j);
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

std::optional<SeriesValue> EnergySampler::at(double time_s) const {
  std::lock_guard lock(mutex_);
  return series_.at(time_s);
}

std::size_t EnergySampler::samples() const {
  std::lock_guard lock(mutex_);
  return series_.size();
}

}  // namespace ecopt::energy
