#pragma once
// Trial processes that cannot outlive their runner (internal to run_measured):
//   - each trial starts in its own process group with PR_SET_PDEATHSIG, so the kernel
//     kills it when the thread that started it dies, which includes SIGKILL of `ecopt`;
//   - `ecopt` is a child subreaper (PR_SET_CHILD_SUBREAPER), so what a trial leaves behind
//     is re-parented to it, can be killed with the group and is reaped, not left to init;
//   - when a trial ends, what is left of its group gets SIGTERM and, after the grace,
//     SIGKILL.
// fork + execve instead of posix_spawn, because posix_spawn cannot set the death signal;
// between them the child makes only async-signal-safe calls (the program is looked up on
// PATH before the fork).

#include <sys/types.h>

#include <string>
#include <vector>

namespace ecopt::runner {

struct SpawnRequest {
  std::vector<std::string> argv;
  std::vector<std::string> env;  ///< "NAME=value"
  std::string workdir;           ///< empty: the current one
  int stdout_fd = -1;            ///< -1: inherit
  std::string stderr_path;       ///< empty: inherit; else created/truncated
  std::vector<int> keep_fds;     ///< left open in the child (e.g. $ECOPT_FD)
  std::vector<int> cpus;         ///< the child's CPU affinity; empty: ecopt's
};

/// Starts the process in a new process group (its id is the returned pid). Returns the
/// errno that stopped it (program not found, not executable, workdir missing) as
/// `error_number` with pid -1.
struct SpawnResult {
  pid_t pid = -1;
  int error_number = 0;
};
[[nodiscard]] SpawnResult spawn_guarded(const SpawnRequest& request);

/// Makes this process the reaper of its descendants' orphans (once; idempotent).
void become_child_subreaper();

/// Ends what is left of process group `group` after its leader was reaped: SIGTERM, then
/// SIGKILL after `grace_s` if anything still runs; reaps the members re-parented to us.
/// Returns how many processes were still there.
int end_process_group(pid_t group, double grace_s);

}  // namespace ecopt::runner
