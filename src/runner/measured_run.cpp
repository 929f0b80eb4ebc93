#include "ecopt/runner/measured_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "ecopt/runner/protocol.hpp"

extern char** environ;

namespace ecopt::runner {
namespace {

struct OpenPhase {
  double start_s;
};

}  // namespace

MeasuredRun run_measured(const std::vector<std::string>& argv, energy::EnergySampler& sampler,
                         const energy::WindowSettings& settings) {
  if (argv.empty()) throw std::runtime_error("no command given");
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const int read_fd = fds[0];
  // The write end must survive exec in the child: dup it without O_CLOEXEC.
  const int write_fd = fcntl(fds[1], F_DUPFD, 3);
  close(fds[1]);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "ECOPT_FD=", 9) != 0) env_strings.emplace_back(*e);
  }
  env_strings.push_back("ECOPT_FD=" + std::to_string(write_fd));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  sampler.sample_now();
  const double start_s = energy::monotonic_now_s();
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, argp[0], nullptr, nullptr, argp.data(), envp.data());
  close(write_fd);
  if (spawn_error != 0) {
    close(read_fd);
    throw std::runtime_error("cannot run '" + argv[0] + "': " + std::strerror(spawn_error) +
                             " (is it on PATH and executable?)");
  }
  sampler.set_process_root(pid);
  sampler.sample_now();

  MeasuredRun run;
  std::map<std::string, OpenPhase> open_phases;
  struct PendingPhase {
    std::string phase;
    double start_s, end_s;
    std::int64_t samples;
  };
  std::vector<PendingPhase> finished;
  LineSplitter splitter(
      [&](std::string_view line) {
        const double received_s = energy::monotonic_now_s();
        ParsedLine parsed = parse_message(line);
        if (!parsed.message) {
          run.protocol_errors.push_back(parsed.error + ": " + std::string(line.substr(0, 120)));
          return;
        }
        if (auto* metric = std::get_if<MetricMessage>(&*parsed.message)) {
          for (const auto& [k, v] : metric->values) run.metrics[k] = v;
        } else if (auto* attrs = std::get_if<AttrsMessage>(&*parsed.message)) {
          for (const auto& [k, v] : attrs->attrs) run.attrs[k] = v;
        } else if (auto* phase = std::get_if<PhaseMessage>(&*parsed.message)) {
          const double at_s = phase->time_s.value_or(received_s);
          if (phase->begin) {
            open_phases[phase->phase] = {at_s};
          } else if (auto it = open_phases.find(phase->phase); it == open_phases.end()) {
            run.protocol_errors.push_back("phase '" + phase->phase + "' ended without a begin");
          } else {
            finished.push_back(
                {phase->phase, it->second.start_s, at_s, phase->samples.value_or(0)});
            open_phases.erase(it);
          }
        }
      },
      [&](const std::string& error) { run.protocol_errors.push_back(error); });

  char buffer[8192];
  while (true) {
    const ssize_t got = read(read_fd, buffer, sizeof buffer);
    if (got > 0) {
      splitter.feed(std::string_view(buffer, static_cast<std::size_t>(got)));
    } else if (got == 0 || errno != EINTR) {
      break;
    }
  }
  splitter.finish();
  close(read_fd);
  // Wait for the exit without reaping: the zombie keeps its final CPU times (its own and
  // its reaped children's) readable in /proc for the last sample, then reap it.
  siginfo_t info{};
  while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
  }
  const double end_s = energy::monotonic_now_s();
  sampler.sample_now();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  for (const auto& [name, open] : open_phases) {
    run.protocol_errors.push_back("phase '" + name + "' began but never ended");
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
