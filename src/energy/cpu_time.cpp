#include "cpu_time.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "sysfs.hpp"

namespace ecopt::energy::detail {
namespace {

struct ProcStat {
  int pid = 0;
  int ppid = 0;
  double own_cpu_s = 0.0;
  double children_cpu_s = 0.0;
  double resident_gb = 0.0;
};

bool parse_stat(const std::string& text, ProcStat& stat) {
  // "pid (comm) state ppid ..." - comm may hold spaces and parentheses: split at the last ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(text.substr(close + 2));
  std::vector<std::string> f;
  std::string field;
  while (fields >> field) f.push_back(field);
  // After comm: state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17) ... rss(24)
  if (f.size() < 22) return false;
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  static const double page_gb = static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e9;
  stat.pid = std::stoi(text.substr(0, text.find(' ')));
  stat.ppid = std::stoi(f[1]);
  stat.own_cpu_s = (std::stod(f[11]) + std::stod(f[12])) / ticks;
  stat.children_cpu_s = (std::stod(f[13]) + std::stod(f[14])) / ticks;
  stat.resident_gb = std::stod(f[21]) * page_gb;
  return true;
}

}  // namespace

namespace {

/// Child pids of every thread of `pid`, from /proc/PID/task/TID/children (Linux 3.5+,
/// CONFIG_PROC_CHILDREN). nullopt when the kernel does not provide the file.
std::optional<std::vector<int>> children_of(int pid, const std::string& proc_root) {
  const std::string task_dir = proc_root + "/" + std::to_string(pid) + "/task";
  std::error_code error;
  std::vector<int> children;
  bool any_file = false;
  for (const auto& task : std::filesystem::directory_iterator(task_dir, error)) {
    const auto text = read_text(task.path().string() + "/children");
    if (!text) continue;
    any_file = true;
    std::istringstream list(*text);
    for (int child = 0; list >> child;) children.push_back(child);
  }
  if (!any_file) return std::nullopt;
  return children;
}

/// The whole-/proc scan, for kernels without the children files.
std::multimap<int, int> scan_parent_links(const std::string& proc_root) {
  std::multimap<int, int> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(proc_root, error)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    const auto text = read_text(entry.path().string() + "/stat");
    ProcStat stat;
    if (text && parse_stat(*text, stat)) children.emplace(stat.ppid, stat.pid);
  }
  return children;
}

}  // namespace

ProcessTreeUsage process_tree_usage(int root_pid, const std::string& proc_root) {
  // Walk down from the root through the children files: the cost grows with the tree,
  // not with the number of processes on the machine (the sampler does this 10 times a
  // second). Without those files, fall back to one scan of /proc.
  std::optional<std::multimap<int, int>> parent_links;
  ProcessTreeUsage usage;
  std::vector<int> pending{root_pid};
  while (!pending.empty()) {
    const int pid = pending.back();
    pending.pop_back();
    const auto text = read_text(proc_root + "/" + std::to_string(pid) + "/stat");
    ProcStat stat;
    if (!text || !parse_stat(*text, stat)) continue;  // exited meanwhile
    usage.cpu_s += stat.own_cpu_s + stat.children_cpu_s;
    usage.resident_gb += stat.resident_gb;
    ++usage.processes;
    usage.pids.push_back(pid);
    std::optional<std::vector<int>> children =
        parent_links ? std::nullopt : children_of(pid, proc_root);
    if (children) {
      pending.insert(pending.end(), children->begin(), children->end());
      continue;
    }
    if (!parent_links) parent_links = scan_parent_links(proc_root);
    for (auto [begin, end] = parent_links->equal_range(pid); begin != end; ++begin)
      pending.push_back(begin->second);
  }
  return usage;
}

double machine_cpu_s(const std::string& proc_root) {
  ProcFile stat(proc_root + "/stat");
  return machine_cpu_s(stat);
}

double machine_cpu_s(ProcFile& stat) {
  // The first line, "cpu  user nice system idle iowait irq softirq steal ...", parsed in
  // place: read at every window edge, where an ifstream's locale and parsing cost ten
  // times the kernel's read (docs/benchmarks.md).
  char buffer[512];
  const auto head = stat.read_head(buffer);
  if (!head || !head->starts_with("cpu ")) return 0.0;
  const char* at = buffer + 3;
  unsigned long long ticks_by_kind[8] = {};
  for (unsigned long long& ticks : ticks_by_kind) {
    char* end = nullptr;
    ticks = std::strtoull(at, &end, 10);
    if (end == at) return 0.0;
    at = end;
  }
  const unsigned long long* t = ticks_by_kind;  // idle (3) and iowait (4) are not busy
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return static_cast<double>(t[0] + t[1] + t[2] + t[5] + t[6] + t[7]) / ticks;
}

double machine_used_memory_gb(const std::string& proc_root) {
  ProcFile meminfo(proc_root + "/meminfo");
  return machine_used_memory_gb(meminfo);
}

double machine_used_memory_gb(ProcFile& meminfo) {
  // MemTotal and MemAvailable are the first and third lines; the whole file fits in 4 KB.
  char buffer[4096];
  const auto text = meminfo.read_head(buffer);
  if (!text) return 0.0;
  auto kilobytes = [&](std::string_view key) {
    const std::size_t at = text->find(key);
    return at == std::string_view::npos ? 0.0 : std::strtod(buffer + at + key.size(), nullptr);
  };
  const double total_kb = kilobytes("MemTotal:");
  const double available_kb = kilobytes("MemAvailable:");
  return (total_kb - available_kb) * 1024.0 / 1e9;
}

int online_cpus() {
  return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
}

}  // namespace ecopt::energy::detail
