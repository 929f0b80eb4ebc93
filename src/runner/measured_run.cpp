#include "ecopt/runner/measured_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ecopt/runner/protocol.hpp"

extern char** environ;

namespace ecopt::runner {
namespace {

/// Credentials ecopt itself uses, which a trial never inherits (docs/security.md): the
/// storage URL may carry the database password, and libpq reads PGPASSWORD.
bool is_credential(const std::string& name) {
  return name == "ECOPT_STORAGE" || name == "PGPASSWORD";
}

/// Reads "name=value name2=value2" (Katib's default metrics format) into `metrics`.
void parse_metric_line(std::string_view line, std::map<std::string, double>& metrics) {
  std::size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == ',')) ++at;
    const std::size_t end = line.find_first_of(" \t,", at);
    const std::string_view token =
        line.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    const std::size_t equals = token.find('=');
    if (equals != std::string_view::npos && equals > 0 && equals < 200) {
      try {
        std::size_t used = 0;
        const std::string value(token.substr(equals + 1));
        const double number = std::stod(value, &used);
        if (used == value.size() && std::isfinite(number))
          metrics[std::string(token.substr(0, equals))] = number;
      } catch (const std::exception&) {
      }
    }
    if (end == std::string_view::npos) break;
    at = end;
  }
}

struct Pipe {
  int read_fd = -1;
  int write_fd = -1;  // without O_CLOEXEC: inherited by the child
};

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  Pipe p{fds[0], fcntl(fds[1], F_DUPFD, 3)};
  close(fds[1]);
  return p;
}

}  // namespace

std::string file_tail(const std::string& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff start = size > static_cast<std::streamoff>(max_bytes)
                                   ? size - static_cast<std::streamoff>(max_bytes)
                                   : 0;
  in.seekg(start);
  std::string tail((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (start > 0) {
    const std::size_t newline = tail.find('\n');
    if (newline != std::string::npos) tail.erase(0, newline + 1);
  }
  return tail;
}

MeasuredRun run_measured(const std::vector<std::string>& argv, energy::EnergySampler& sampler,
                         const energy::WindowSettings& settings, const ProcessOptions& options) {
  if (argv.empty()) throw std::runtime_error("no command given");
  Pipe protocol = make_pipe();
  const bool capture = !options.output_dir.empty();
  Pipe out{-1, -1};
  std::ofstream stdout_file;
  std::string stderr_path, stdout_path;
  if (capture) {
    std::filesystem::create_directories(options.output_dir);
    stdout_path = options.output_dir + "/stdout.log";
    stderr_path = options.output_dir + "/stderr.log";
    stdout_file.open(stdout_path, std::ios::binary | std::ios::trunc);
    out = make_pipe();
  }

  std::map<std::string, std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::size_t equals = entry.find('=');
    if (equals != std::string::npos && !is_credential(entry.substr(0, equals)))
      environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  for (const auto& [k, v] : options.extra_env) environment[k] = v;
  environment["ECOPT_FD"] = std::to_string(protocol.write_fd);
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : environment) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (capture) {
    posix_spawn_file_actions_adddup2(&actions, out.write_fd, STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addclose(&actions, out.write_fd);
  }
  if (!options.workdir.empty())
    posix_spawn_file_actions_addchdir_np(&actions, options.workdir.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setpgroup(&attributes, 0);  // its own group: a timeout stops the whole tree
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);

  sampler.sample_now();
  const double start_s = energy::monotonic_now_s();
  sampler.pin(start_s);  // the windows' edges stay exact however long the run lasts
  pid_t pid = 0;
  const int spawn_error =
      posix_spawnp(&pid, argp[0], &actions, &attributes, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(protocol.write_fd);
  if (capture) close(out.write_fd);
  if (spawn_error != 0) {
    close(protocol.read_fd);
    if (capture) close(out.read_fd);
    throw StartError("cannot run '" + argv[0] + "': " + std::strerror(spawn_error) +
                         (options.workdir.empty() ? "" : " (in " + options.workdir + ")") +
                         " (is it on PATH and executable?)",
                     spawn_error);
  }
  sampler.set_process_root(pid);
  sampler.sample_now();

  MeasuredRun run;
  std::map<std::string, double> open_phases;
  struct PendingPhase {
    std::string phase;
    double start_s, end_s;
    std::int64_t samples;
  };
  std::vector<PendingPhase> finished;
  auto handle_message = [&](std::string_view line) {
    const double received_s = energy::monotonic_now_s();
    ParsedLine parsed = parse_message(line);
    if (!parsed.message) {
      if (run.protocol_errors.size() < 100)
        run.protocol_errors.push_back(parsed.error + ": " + std::string(line.substr(0, 120)));
      return;
    }
    if (auto* metric = std::get_if<MetricMessage>(&*parsed.message)) {
      for (const auto& [k, v] : metric->values) run.metrics[k] = v;
    } else if (auto* attrs = std::get_if<AttrsMessage>(&*parsed.message)) {
      for (const auto& [k, v] : attrs->attrs) run.attrs[k] = v;
    } else if (auto* report = std::get_if<ReportMessage>(&*parsed.message)) {
      for (const auto& [k, v] : report->values) run.reports[report->step][k] = v;
    } else if (auto* phase = std::get_if<PhaseMessage>(&*parsed.message)) {
      const double at_s = phase->time_s.value_or(received_s);
      sampler.pin(at_s);
      if (phase->begin) {
        open_phases[phase->phase] = at_s;
      } else if (auto it = open_phases.find(phase->phase); it == open_phases.end()) {
        run.protocol_errors.push_back("phase '" + phase->phase + "' ended without a begin");
      } else {
        finished.push_back({phase->phase, it->second, at_s, phase->samples.value_or(0)});
        open_phases.erase(it);
      }
    }
  };
  auto protocol_error = [&](const std::string& error) { run.protocol_errors.push_back(error); };
  LineSplitter protocol_lines(handle_message, protocol_error);
  LineSplitter stdout_lines(
      [&](std::string_view line) {
        if (options.stdout_protocol) {
          if (auto payload = stdout_payload(line)) handle_message(*payload);
        }
        if (options.stdout_metrics) parse_metric_line(line, run.metrics);
      },
      protocol_error);

  // Read both pipes until they close, enforcing the timeout and the interrupt flag.
  std::vector<pollfd> fds{{protocol.read_fd, POLLIN, 0}};
  if (capture) fds.push_back({out.read_fd, POLLIN, 0});
  double terminate_at_s = options.timeout_s > 0 ? start_s + options.timeout_s : 0.0;
  double kill_at_s = 0.0;
  bool terminated = false;
  double child_exited_s = 0.0;
  // Timeout or interrupt: SIGTERM to the whole process group, SIGKILL after the grace.
  auto enforce_limits = [&](double now_s) {
    const bool interrupt = options.interrupt != nullptr && options.interrupt->load();
    if (!terminated && ((terminate_at_s > 0 && now_s >= terminate_at_s) || interrupt)) {
      run.timed_out = !interrupt;
      run.interrupted = interrupt;
      kill(-pid, SIGTERM);
      terminated = true;
      kill_at_s = now_s + options.kill_grace_s;
    } else if (terminated && now_s >= kill_at_s) {
      kill(-pid, SIGKILL);
      kill_at_s = now_s + 3600.0;
    }
  };
  char buffer[16384];
  while (fds[0].fd >= 0 || (fds.size() > 1 && fds[1].fd >= 0)) {
    const int ready = poll(fds.data(), fds.size(), 100);
    const double now_s = energy::monotonic_now_s();
    enforce_limits(now_s);
    if (ready <= 0) {
      // The trial exited but something it started still holds the pipes: stop reading
      // after a second rather than wait for a stray background process.
      siginfo_t exited{};
      if (waitid(P_PID, static_cast<id_t>(pid), &exited, WEXITED | WNOWAIT | WNOHANG) == 0 &&
          exited.si_pid == pid) {
        if (child_exited_s == 0.0) child_exited_s = now_s;
        if (now_s - child_exited_s > 1.0) break;
      }
      continue;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t got = read(fds[i].fd, buffer, sizeof buffer);
      if (got > 0) {
        const std::string_view bytes(buffer, static_cast<std::size_t>(got));
        if (i == 0) {
          protocol_lines.feed(bytes);
        } else {
          stdout_file.write(buffer, got);
          stdout_lines.feed(bytes);
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
  }
  for (const pollfd& fd : fds) {
    if (fd.fd >= 0) close(fd.fd);
  }
  protocol_lines.finish();
  stdout_lines.finish();
  // Wait for the exit without reaping: the zombie keeps its final CPU times (its own and
  // its reaped children's) readable in /proc for the last sample, then reap it.
  siginfo_t info{};
  while (true) {
    info = siginfo_t{};
    const int rc = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | WNOHANG);
    if (rc == 0 && info.si_pid == pid) break;
    if (rc < 0 && errno != EINTR) break;
    enforce_limits(energy::monotonic_now_s());
    usleep(20000);
  }
  const double end_s = energy::monotonic_now_s();
  sampler.pin(end_s);
  sampler.sample_now();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (terminated) kill(-pid, SIGKILL);  // leftovers of the group, if any
  stdout_file.close();
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  for (const auto& [name, began] : open_phases) {
    run.protocol_errors.push_back("phase '" + name + "' began but never ended");
  }
  if (capture) {
    run.stdout_tail = file_tail(stdout_path);
    run.stderr_tail = file_tail(stderr_path);
  }
  run.total = energy::measure_window(sampler, "total", start_s, end_s, 0, settings);
  for (const PendingPhase& p : finished) {
    const double clamped_start = std::max(p.start_s, start_s);
    const double clamped_end = std::min(std::max(p.end_s, clamped_start), end_s);
    run.phases.push_back(
        energy::measure_window(sampler, p.phase, clamped_start, clamped_end, p.samples, settings));
  }
  return run;
}

}  // namespace ecopt::runner
