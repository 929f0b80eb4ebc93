#pragma once
// A cpufreq tree as sysfs lays it out (SYSFS/devices/system/cpu/cpuN/cpufreq/), in a temp
// dir, for machines without cpufreq (this VM, CI).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../storage/temp_dir.hpp"

namespace ecopt::testing {

struct FakeCpufreq {
  /// CPUs 0..cpus-1, each capped at its maximum, with the available frequencies listed
  /// (like acpi-cpufreq) unless `list_available` is false (like intel_pstate).
  explicit FakeCpufreq(int cpus, bool list_available = true) {
    for (int cpu = 0; cpu < cpus; ++cpu) {
      const std::filesystem::path folder = cpufreq_dir(cpu);
      std::filesystem::create_directories(folder);
      write(folder / "cpuinfo_min_freq", "800000");
      write(folder / "cpuinfo_max_freq", "3000000");
      write(folder / "scaling_max_freq", "3000000");
      if (list_available)
        write(folder / "scaling_available_frequencies", "3000000 2400000 1600000 800000 ");
    }
  }
  [[nodiscard]] std::filesystem::path cpufreq_dir(int cpu) const {
    return std::filesystem::path(root) / "devices/system/cpu" / ("cpu" + std::to_string(cpu)) /
           "cpufreq";
  }
  [[nodiscard]] std::string max_freq(int cpu) const {
    std::ifstream in(cpufreq_dir(cpu) / "scaling_max_freq");
    std::string text;
    in >> text;
    return text;
  }
  static void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text << "\n";
  }

  TempDir dir;
  std::string root = dir.file("sys");
};

/// CPU `cpu`'s scaling_max_freq as a driver with a frequency table answers it: a written
/// cap resolves to the highest listed frequency at or below it (the kernel resolves
/// policy->max with CPUFREQ_RELATION_H), and reading gives that. The file is a FIFO served
/// by a thread for a fixed script of opens (read, write, read: the original, the cap, the
/// read-back), then a regular file again holding the last value.
class SnappingMaxFreq {
 public:
  SnappingMaxFreq(const FakeCpufreq& tree, int cpu, std::vector<long> table_khz)
      : path_((tree.cpufreq_dir(cpu) / "scaling_max_freq").string()),
        table_khz_(std::move(table_khz)),
        khz_(std::stol(tree.max_freq(cpu))) {
    std::filesystem::remove(path_);
    if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path_);
    server_ = std::thread([this] { serve(); });
  }
  ~SnappingMaxFreq() {
    stop_ = true;
    // Releases a server waiting for a writer that will not come.
    if (const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC); fd >= 0)
      ::close(fd);
    server_.join();
    std::filesystem::remove(path_);
    FakeCpufreq::write(path_, std::to_string(khz_));
  }
  SnappingMaxFreq(const SnappingMaxFreq&) = delete;
  SnappingMaxFreq& operator=(const SnappingMaxFreq&) = delete;

 private:
  void serve() {
    serve_read();
    accept_write();
    serve_read();
  }
  void serve_read() {
    while (!stop_) {  // a non-blocking open for writing succeeds once a reader waits
      const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) {
        std::this_thread::yield();
        continue;
      }
      const std::string text = std::to_string(khz_) + "\n";
      (void)!::write(fd, text.data(), text.size());
      ::close(fd);
      return;
    }
  }
  void accept_write() {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);  // waits for the writer
    std::string text;
    char buffer[64];
    for (ssize_t n; fd >= 0 && (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      text.append(buffer, static_cast<std::size_t>(n));
    if (fd >= 0) ::close(fd);
    if (stop_ || text.empty()) return;
    const long asked_khz = std::stol(text);
    long snapped_khz = table_khz_.front();  // below the lowest: the lowest
    for (long khz : table_khz_)
      if (khz <= asked_khz) snapped_khz = khz;
    khz_ = snapped_khz;
  }

  std::string path_;
  std::vector<long> table_khz_;  ///< ascending
  long khz_;
  std::atomic<bool> stop_{false};
  std::thread server_;
};

}  // namespace ecopt::testing
