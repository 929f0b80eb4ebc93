#include "guarded_process.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <thread>

namespace ecopt::runner {
namespace {

/// The file execvp would run, searched on PATH in the parent (execvp may allocate, which
/// a child of a multi-threaded process must not). Empty with `error` set when none.
std::string resolve_program(const std::string& name, const std::string& workdir, int& error) {
  error = ENOENT;
  if (name.find('/') != std::string::npos) {
    error = 0;
    return name;  // relative names resolve in the child, after its chdir
  }
  const char* path = std::getenv("PATH");
  const std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t at = 0;
  while (at <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', at), dirs.size());
    std::string dir = dirs.substr(at, end - at);
    if (dir.empty()) dir = workdir.empty() ? "." : workdir;
    const std::string candidate = dir + "/" + name;
    struct stat info {};
    if (stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
      if (access(candidate.c_str(), X_OK) == 0) {
        error = 0;
        return candidate;
      }
      error = EACCES;
    }
    at = end + 1;
  }
  return {};
}

/// In the child: only async-signal-safe calls. Reports errno on `report_fd` and exits.
[[noreturn]] void exec_child(const SpawnRequest& request, const char* program, char* const* argv,
                             char* const* envp, const cpu_set_t* cpus, pid_t parent,
                             int report_fd) {
  auto fail = [report_fd] {
    const int error = errno;
    (void)!write(report_fd, &error, sizeof error);
    _exit(127);
  };
  setpgid(0, 0);  // its own group: a timeout or the end stops the whole tree
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail();
  if (getppid() != parent) _exit(128 + SIGKILL);  // the runner died before the line above
  if (request.stdout_fd >= 0 && dup2(request.stdout_fd, STDOUT_FILENO) < 0) fail();
  if (!request.stderr_path.empty()) {
    const int err = open(request.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err < 0 || dup2(err, STDERR_FILENO) < 0) fail();
    close(err);
  }
  for (const int fd : request.keep_fds) fcntl(fd, F_SETFD, 0);  // clear FD_CLOEXEC
  if (!request.workdir.empty() && chdir(request.workdir.c_str()) != 0) fail();
  // Before exec, so every thread the trial starts inherits it (hardware.cpu_cores).
  if (cpus != nullptr && sched_setaffinity(0, sizeof *cpus, cpus) != 0) fail();
  execve(program, argv, envp);
  fail();
  _exit(127);  // not reached: fail() exits
}

}  // namespace

SpawnResult spawn_guarded(const SpawnRequest& request) {
  SpawnResult result;
  const std::string program =
      resolve_program(request.argv.at(0), request.workdir, result.error_number);
  if (program.empty()) return result;
  std::vector<std::string> args = request.argv, env = request.env;
  std::vector<char*> argp, envp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    result.error_number = errno;
    return result;
  }
  cpu_set_t cpus;  // built here: the child may only make async-signal-safe calls
  CPU_ZERO(&cpus);
  for (const int cpu : request.cpus) CPU_SET(cpu, &cpus);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    exec_child(request, program.c_str(), argp.data(), envp.data(),
               request.cpus.empty() ? nullptr : &cpus, parent, report[1]);
  }
  close(report[1]);
  if (pid < 0) {
    result.error_number = errno;
    close(report[0]);
    return result;
  }
  setpgid(pid, pid);  // also here, so the group exists before anyone signals it
  int child_error = 0;
  ssize_t got = 0;
  while ((got = read(report[0], &child_error, sizeof child_error)) < 0 && errno == EINTR) {
  }
  close(report[0]);
  if (got == static_cast<ssize_t>(sizeof child_error)) {  // exec failed: reap and report
    while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    result.error_number = child_error;
    return result;
  }
  result.pid = pid;
  return result;
}

void become_child_subreaper() {
  static const bool done = [] { return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0; }();
  (void)done;
}

int end_process_group(pid_t group, double grace_s) {
  auto reap = [group] {
    while (waitpid(-group, nullptr, WNOHANG) > 0) {
    }
  };
  reap();
  if (kill(-group, SIGTERM) != 0) return 0;  // nothing left
  int left = 1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(grace_s);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    reap();
    if (kill(-group, 0) != 0) return left;
  }
  kill(-group, SIGKILL);
  for (int i = 0; i < 100 && kill(-group, 0) == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    reap();
  }
  return left;
}

}  // namespace ecopt::runner
