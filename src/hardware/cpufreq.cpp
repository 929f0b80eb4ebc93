#include "ecopt/hardware/cpufreq.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sysfs.hpp"

namespace ecopt::hardware {

namespace fs = std::filesystem;
using energy::detail::read_text;
using energy::detail::read_u64;

CpuFreq::CpuFreq(std::string sysfs_root) : root_(std::move(sysfs_root)) {}

std::string CpuFreq::file(int cpu, const char* name) const {
  return root_ + "/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq/" + name;
}

std::vector<int> CpuFreq::cpus() const {
  std::vector<int> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root_ + "/devices/system/cpu", error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 4 || name.compare(0, 3, "cpu") != 0) continue;
    if (!std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    if (fs::exists(entry.path() / "cpufreq" / "scaling_max_freq", error))
      found.push_back(std::stoi(name.substr(3)));
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::optional<CpuFreqRange> CpuFreq::range(int cpu) const {
  const auto min_khz = read_u64(file(cpu, "cpuinfo_min_freq"));
  const auto max_khz = read_u64(file(cpu, "cpuinfo_max_freq"));
  if (!min_khz || !max_khz || *min_khz > *max_khz) return std::nullopt;
  CpuFreqRange range{static_cast<long>(*min_khz), static_cast<long>(*max_khz), {}};
  if (const auto listed = read_text(file(cpu, "scaling_available_frequencies"))) {
    std::istringstream words(*listed);
    long khz = 0;
    while (words >> khz) range.available_khz.push_back(khz);
    std::sort(range.available_khz.begin(), range.available_khz.end());
  }
  return range;
}

std::optional<long> CpuFreq::max_freq_khz(int cpu) const {
  const auto khz = read_u64(file(cpu, "scaling_max_freq"));
  if (!khz) return std::nullopt;
  return static_cast<long>(*khz);
}

std::string CpuFreq::set_max_freq_khz(int cpu, long khz) const {
  const std::string path = file(cpu, "scaling_max_freq");
  // Written in place, never replaced: it is a sysfs attribute, not a file.
  std::ofstream out(path, std::ios::out | std::ios::trunc);
  if (out) out << khz << '\n';
  if (!out || !out.flush()) return "cannot write " + path + ": " + std::strerror(errno);
  return "";
}

std::string CpuFreq::write_problem(int cpu) const {
  const std::string path = file(cpu, "scaling_max_freq");
  if (::access(path.c_str(), W_OK) != 0)
    return path + " is not writable by this user (" + std::strerror(errno) + ")";
  return "";
}

}  // namespace ecopt::hardware
