#pragma once
// CPU time and memory from procfs (internal): of one process tree, and of the machine.

#include <string>
#include <vector>

#include "sysfs.hpp"

namespace ecopt::energy::detail {

struct ProcessTreeUsage {
  double cpu_s = 0.0;        ///< user + system time of the tree, including reaped children
  double resident_gb = 0.0;  ///< resident memory of the live processes
  int processes = 0;         ///< live processes in the tree (0: the root is gone)
  std::vector<int> pids;     ///< the live processes
};

/// The tree rooted at `root_pid`: every live descendant's utime + stime, plus each live
/// process's cutime + cstime (its reaped children), so time never disappears when a
/// child exits.
[[nodiscard]] ProcessTreeUsage process_tree_usage(int root_pid,
                                                  const std::string& proc_root = "/proc");

/// Busy CPU time of the whole machine (user, nice, system, irq, softirq, steal), seconds;
/// 0 when /proc/stat cannot be read.
[[nodiscard]] double machine_cpu_s(const std::string& proc_root = "/proc");
/// The same from PROC_ROOT/stat kept open (the estimator's, read at every sample).
[[nodiscard]] double machine_cpu_s(ProcFile& stat);

/// Memory in use on the machine (MemTotal - MemAvailable), GB.
[[nodiscard]] double machine_used_memory_gb(const std::string& proc_root = "/proc");
/// The same from PROC_ROOT/meminfo kept open.
[[nodiscard]] double machine_used_memory_gb(ProcFile& meminfo);

/// Logical CPUs online.
[[nodiscard]] int online_cpus();

}  // namespace ecopt::energy::detail
