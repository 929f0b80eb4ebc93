#include "ecopt/runner/measured_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include "detail/report_steps.hpp"
#include "ecopt/optim/pruner.hpp"
#include "ecopt/runner/exec_limits.hpp"
#include "ecopt/runner/protocol.hpp"
#include "guarded_process.hpp"

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
  int write_fd = -1;
};

/// Both ends close on exec; spawn_guarded keeps only the fds the child is given open, so
/// one trial's pipes never leak into another started at the same time.
Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  Pipe p{fds[0], fcntl(fds[1], F_DUPFD_CLOEXEC, 3)};  // never 0-2, whatever ecopt has closed
  close(fds[1]);
  return p;
}

/// The back channel (runner -> trial): a socket pair rather than a pipe, so that a trial
/// that closed its end costs the runner an EPIPE from send(MSG_NOSIGNAL), never a SIGPIPE.
/// `read_fd` is the trial's end, `write_fd` the runner's.
Pipe make_back_channel() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  Pipe p{fcntl(fds[0], F_DUPFD_CLOEXEC, 3), fds[1]};
  close(fds[0]);
  shutdown(p.write_fd, SHUT_RD);  // the runner never reads what a trial writes there
  return p;
}

/// ecopt's environment with `extra` on top, ECOPT_FD and ECOPT_PRUNE_FD, as "NAME=value"
/// strings.
std::vector<std::string> trial_environment(const std::map<std::string, std::string>& extra,
                                           int protocol_fd, int prune_fd) {
  std::map<std::string, std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    const std::size_t equals = entry.find('=');
    if (equals != std::string::npos && !is_credential(entry.substr(0, equals)))
      environment[entry.substr(0, equals)] = entry.substr(equals + 1);
  }
  for (const auto& [k, v] : extra) environment[k] = v;
  environment["ECOPT_FD"] = std::to_string(protocol_fd);
  environment[kPruneFdVariable] = std::to_string(prune_fd);
  std::vector<std::string> strings;
  for (const auto& [k, v] : environment) strings.push_back(k + "=" + v);
  return strings;
}

/// A phase the trial ended, waiting for its window to be cut after the run.
struct PendingPhase {
  std::string phase;
  double start_s, end_s;
  std::int64_t samples;
};

/// Why a phase's times cannot be right (they are clamped to the run), or "". A second of
/// slack covers messages sent just before the process was seen to start or end.
std::string phase_time_problem(const PendingPhase& p, double run_start_s, double run_end_s) {
  constexpr double kSlack_s = 1.0;
  if (p.end_s < p.start_s)
    return "phase '" + p.phase + "' ended before it began (check its t_ns); measured as empty";
  if (p.start_s < run_start_s - kSlack_s || p.end_s > run_end_s + kSlack_s) {
    return "phase '" + p.phase +
           "' lies outside the run (t_ns must be CLOCK_MONOTONIC nanoseconds, e.g. "
           "time.monotonic_ns()); clamped to the run";
  }
  return {};
}

/// Turns protocol messages into the run's metrics, reports, attributes and phases.
class MessageCollector {
 public:
  /// `start_s` and `settings` cut the energy-so-far window added to each report.
  MessageCollector(MeasuredRun& run, energy::EnergySampler& sampler, const ProcessOptions& options,
                   double start_s, const energy::WindowSettings& settings)
      : run_(run), sampler_(sampler), options_(options), start_s_(start_s), settings_(settings) {}

  void error(const std::string& text) {
    if (run_.protocol_errors.size() < 100) run_.protocol_errors.push_back(text);
  }

  void handle(std::string_view line) {
    const double received_s = energy::monotonic_now_s();
    ParsedLine parsed = parse_message(line);
    if (!parsed.message) return error(parsed.error + ": " + std::string(line.substr(0, 120)));
    if (auto* metric = std::get_if<MetricMessage>(&*parsed.message)) {
      for (const auto& [k, v] : metric->values) run_.metrics[k] = v;
    } else if (auto* attrs = std::get_if<AttrsMessage>(&*parsed.message)) {
      for (const auto& [k, v] : attrs->attrs) run_.attrs[k] = v;
    } else if (auto* report = std::get_if<ReportMessage>(&*parsed.message)) {
      add_report(*report);
    } else if (auto* phase = std::get_if<PhaseMessage>(&*parsed.message)) {
      add_phase(*phase, received_s);
    }
  }

  /// The steps dropped by the cap since the last call, to answer "continue" at once. At
  /// most one read's worth of reports, as the limits take them after every read.
  std::vector<std::int64_t> take_unjudged_steps() { return std::exchange(unjudged_steps_, {}); }

  /// Phases begun and never ended are protocol errors; the ended ones wait for windows.
  std::vector<PendingPhase> finish() {
    for (const auto& [name, began] : open_phases_) {
      run_.protocol_errors.push_back("phase '" + name + "' began but never ended");
    }
    detail::note_dropped_steps(run_, dropped_steps_);
    return std::move(finished_);
  }

 private:
  void add_report(const ReportMessage& report) {
    // The energy so far makes a completed trial's step comparable with a pruned one's, and
    // lets a pruner weigh what a trial costs (docs/pruning.md).
    const std::optional<double> energy_j =
        detail::needs_energy_so_far(run_, report.step, report.values) ? energy_so_far_j()
                                                                      : std::nullopt;
    const auto kept =
        detail::record_step(run_, report.step, report.values, energy_j, dropped_steps_);
    if (kept && options_.on_report) options_.on_report(report.step, *kept);
    // A step past the cap is never judged; its client, promised a verdict on every
    // report, is answered at once rather than after its whole wait.
    if (!kept && options_.on_report) unjudged_steps_.push_back(report.step);
  }

  std::optional<double> energy_so_far_j() {
    const double now_s = energy::monotonic_now_s();
    sampler_.sample_now();
    try {
      return energy::measure_window(sampler_, "running", start_s_, now_s, 0, settings_)
          .total_energy_j();
    } catch (const std::exception&) {
      return std::nullopt;  // the series cannot give this window yet: no value, never a guess
    }
  }

  void add_phase(const PhaseMessage& phase, double received_s) {
    const double at_s = phase.time_s.value_or(received_s);
    sampler_.pin(at_s);  // the windows' edges stay exact however long the run lasts
    if (phase.begin) {
      if (open_phases_.contains(phase.phase)) {
        run_.protocol_errors.push_back("phase '" + phase.phase +
                                       "' began again before it ended; the later begin counts");
      }
      open_phases_[phase.phase] = at_s;
    } else if (auto it = open_phases_.find(phase.phase); it == open_phases_.end()) {
      run_.protocol_errors.push_back("phase '" + phase.phase + "' ended without a begin");
    } else {
      finished_.push_back({phase.phase, it->second, at_s, phase.samples.value_or(0)});
      open_phases_.erase(it);
    }
  }

  MeasuredRun& run_;
  energy::EnergySampler& sampler_;
  const ProcessOptions& options_;
  double start_s_;
  const energy::WindowSettings& settings_;
  std::map<std::string, double> open_phases_;
  std::vector<PendingPhase> finished_;
  std::size_t dropped_steps_ = 0;             ///< reports the per-trial cap dropped
  std::vector<std::int64_t> unjudged_steps_;  ///< dropped with a pruner: not yet answered
};

/// Timeout, interrupt or prune: SIGTERM to the whole process group (for a prune, after
/// the trial was told on its back channel and had its grace), SIGKILL after the grace.
class Limits {
 public:
  Limits(const ProcessOptions& options, pid_t pid, double start_s, int back_channel_fd,
         MeasuredRun& run, MessageCollector& messages)
      : options_(options),
        messages_(messages),
        pid_(pid),
        terminate_at_s_(options.timeout_s > 0 ? start_s + options.timeout_s : 0.0),
        back_channel_fd_(back_channel_fd),
        run_(run) {}
  ~Limits() { close(back_channel_fd_); }
  Limits(const Limits&) = delete;
  Limits& operator=(const Limits&) = delete;

  [[nodiscard]] bool terminated() const { return terminated_; }

  void enforce(double now_s) {
    // The continues first: a prune judged after them reaches the trial after them.
    if (!run_.pruned && options_.take_continued_steps) {
      for (const std::int64_t step : options_.take_continued_steps()) tell(continue_message(step));
      for (const std::int64_t step : messages_.take_unjudged_steps()) tell(continue_message(step));
    }
    if (!run_.pruned && options_.prune != nullptr && options_.prune->load()) ask_to_stop(now_s);
    flush();
    const bool interrupt = (options_.interrupt != nullptr && options_.interrupt->load()) ||
                           (options_.interrupt_all != nullptr && options_.interrupt_all->load());
    const bool timed_out = terminate_at_s_ > 0 && now_s >= terminate_at_s_;
    const bool prune_due = run_.pruned && now_s >= prune_at_s_;
    if (!terminated_ && (timed_out || interrupt || prune_due)) {
      run_.timed_out = timed_out && !interrupt && !prune_due;
      run_.interrupted = interrupt;
      kill(-pid_, SIGTERM);
      terminated_ = true;
      kill_at_s_ = now_s + options_.kill_grace_s;
    } else if (terminated_ && now_s >= kill_at_s_) {
      kill(-pid_, SIGKILL);
      kill_at_s_ = now_s + 3600.0;
    }
  }

 private:
  /// Pruned: the message on the back channel (a trial that does not read it, or closed
  /// it, is stopped by signals alone), and the end of its grace.
  void ask_to_stop(double now_s) {
    run_.pruned = true;
    prune_at_s_ = now_s + options_.prune_grace_s;
    outbox_ += kPruneMessage;  // past the bound too: the one line that must arrive
  }

  /// Queues a line for the back channel. Lines go out together in flush(): one small write
  /// per line costs the socket a buffer each, and a burst of verdicts (a trial that
  /// reports many steps without waiting) filled it after a few hundred lines, losing the
  /// rest. A trial that never reads loses what passes the bound, never stalls the runner.
  void tell(const std::string& line) {
    if (outbox_.size() + line.size() <= kMaxUnsentBytes) outbox_ += line;
  }

  /// Sends what the socket takes now and keeps the rest, in order, for the next call.
  void flush() {
    while (!outbox_.empty()) {
      const ssize_t sent =
          send(back_channel_fd_, outbox_.data(), outbox_.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (sent > 0) {
        outbox_.erase(0, static_cast<std::size_t>(sent));
      } else if (sent < 0 && errno == EINTR) {
        continue;
      } else {
        // Full (EAGAIN): later. Closed, or no back channel: nobody will read it.
        if (!(sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) outbox_.clear();
        return;
      }
    }
  }

  static constexpr std::size_t kMaxUnsentBytes = 1 << 20;

  const ProcessOptions& options_;
  MessageCollector& messages_;  ///< its steps past the cap are answered here
  pid_t pid_;
  double terminate_at_s_;
  int back_channel_fd_;
  double prune_at_s_ = 0.0;
  double kill_at_s_ = 0.0;
  bool terminated_ = false;
  MeasuredRun& run_;
  std::string outbox_;  ///< back-channel lines the socket has not taken yet
};

/// Reads the protocol pipe (and the stdout pipe, copied to `stdout_file`) until they
/// close, enforcing the limits; stops a second after the trial exited when something it
/// started still holds them.
void read_pipes(pid_t pid, int protocol_fd, int stdout_fd, std::ofstream& stdout_file,
                LineSplitter& protocol_lines, LineSplitter& stdout_lines, Limits& limits) {
  std::vector<pollfd> fds{{protocol_fd, POLLIN, 0}};
  if (stdout_fd >= 0) fds.push_back({stdout_fd, POLLIN, 0});
  double child_exited_s = 0.0;
  char buffer[16384];
  while (fds[0].fd >= 0 || (fds.size() > 1 && fds[1].fd >= 0)) {
    const int ready = poll(fds.data(), fds.size(), 100);
    const double now_s = energy::monotonic_now_s();
    limits.enforce(now_s);
    if (ready <= 0) {
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
}

/// Waits for the exit without reaping: the zombie keeps its final CPU times (its own and
/// its reaped children's) readable in /proc for the last sample. Returns when it exited.
double wait_for_exit(pid_t pid, Limits& limits) {
  while (true) {
    siginfo_t info{};
    const int rc = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT | WNOHANG);
    if (rc == 0 && info.si_pid == pid) break;
    if (rc < 0 && errno != EINTR) break;
    limits.enforce(energy::monotonic_now_s());
    usleep(20000);
  }
  return energy::monotonic_now_s();
}

/// Starts `argv` with the protocol pipe as $ECOPT_FD; throws StartError when it cannot.
pid_t start_command(const std::vector<std::string>& argv, const ProcessOptions& options,
                    int protocol_fd, int prune_fd, int stdout_fd, const std::string& stderr_path) {
  SpawnRequest request;
  request.argv = argv;
  request.env = trial_environment(options.extra_env, protocol_fd, prune_fd);
  request.workdir = options.workdir;
  request.stdout_fd = stdout_fd;
  request.stderr_path = stderr_path;
  request.keep_fds = {protocol_fd, prune_fd};
  request.cpus = options.cpus;
  if (const std::string problem = exec_size_problem(request.argv, request.env); !problem.empty())
    throw StartError("cannot run '" + argv[0] + "': " + problem, E2BIG);
  const SpawnResult spawned = spawn_guarded(request);
  if (spawned.pid < 0) {
    throw StartError("cannot run '" + argv[0] + "': " + std::strerror(spawned.error_number) +
                         (options.workdir.empty() ? "" : " (in " + options.workdir + ")") +
                         " (is it on PATH and executable?)",
                     spawned.error_number);
  }
  return spawned.pid;
}

/// The trial's ends of the protocol pipe, the back channel and the stdout pipe (`out`,
/// when captured).
struct TrialPipes {
  Pipe protocol = make_pipe();
  Pipe back = make_back_channel();
  Pipe out{-1, -1};
};

/// Starts the command and closes the trial's ends here; on failure closes every end.
pid_t start_with_pipes(const std::vector<std::string>& argv, const ProcessOptions& options,
                       TrialPipes& pipes, const std::string& stderr_path) {
  pid_t pid = -1;
  try {
    pid = start_command(argv, options, pipes.protocol.write_fd, pipes.back.read_fd,
                        pipes.out.write_fd, stderr_path);
  } catch (...) {
    for (const Pipe& p : {pipes.protocol, pipes.back, pipes.out}) {
      for (const int fd : {p.read_fd, p.write_fd}) {
        if (fd >= 0) close(fd);
      }
    }
    throw;
  }
  close(pipes.protocol.write_fd);
  close(pipes.back.read_fd);
  if (pipes.out.write_fd >= 0) close(pipes.out.write_fd);
  return pid;
}

/// The whole run's window and each ended phase's (clamped to the run, with a note).
void cut_windows(MeasuredRun& run, energy::EnergySampler& sampler,
                 const std::vector<PendingPhase>& finished, double start_s, double end_s,
                 const energy::WindowSettings& settings) {
  run.total = energy::measure_window(sampler, "total", start_s, end_s, 0, settings);
  for (const PendingPhase& p : finished) {
    if (const std::string problem = phase_time_problem(p, start_s, end_s); !problem.empty())
      run.protocol_errors.push_back(problem);
    const double clamped_start = std::max(p.start_s, start_s);
    const double clamped_end = std::min(std::max(p.end_s, clamped_start), end_s);
    run.phases.push_back(
        energy::measure_window(sampler, p.phase, clamped_start, clamped_end, p.samples, settings));
  }
}

}  // namespace

std::string continue_message(std::int64_t step) {
  return "{\"step\": " + std::to_string(step) + ", \"verdict\": \"continue\"}\n";
}

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
  TrialPipes pipes;
  const bool capture = !options.output_dir.empty();
  std::ofstream stdout_file;
  std::filesystem::path stderr_path, stdout_path;
  if (capture) {
    std::filesystem::create_directories(options.output_dir);
    stdout_path = std::filesystem::path(options.output_dir) / "stdout.log";
    stderr_path = std::filesystem::path(options.output_dir) / "stderr.log";
    stdout_file.open(stdout_path, std::ios::binary | std::ios::trunc);
    pipes.out = make_pipe();
  }
  sampler.sample_now();
  const double start_s = energy::monotonic_now_s();
  sampler.pin(start_s);  // the windows' edges stay exact however long the run lasts
  const pid_t pid = start_with_pipes(argv, options, pipes, stderr_path.string());
  sampler.set_process_root(pid);
  sampler.sample_now();

  MeasuredRun run;
  MessageCollector messages(run, sampler, options, start_s, settings);
  auto protocol_error = [&](const std::string& error) { messages.error(error); };
  LineSplitter protocol_lines([&](std::string_view line) { messages.handle(line); },
                              protocol_error);
  LineSplitter stdout_lines(
      [&](std::string_view line) {
        if (options.stdout_protocol) {
          if (auto payload = stdout_payload(line)) messages.handle(*payload);
        }
        if (options.stdout_metrics) parse_metric_line(line, run.metrics);
      },
      protocol_error);
  Limits limits(options, pid, start_s, pipes.back.write_fd, run, messages);
  read_pipes(pid, pipes.protocol.read_fd, pipes.out.read_fd, stdout_file, protocol_lines,
             stdout_lines, limits);
  protocol_lines.finish();
  stdout_lines.finish();
  const double end_s = wait_for_exit(pid, limits);
  sampler.pin(end_s);
  sampler.sample_now();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  // What the trial left in its group (a server, a stray worker) ends with it: SIGTERM and
  // the grace, or SIGKILL at once when the trial was already being stopped.
  end_process_group(pid, limits.terminated() ? 0.0 : options.kill_grace_s);
  stdout_file.close();
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  const std::vector<PendingPhase> finished = messages.finish();
  if (capture) {
    run.stdout_tail = file_tail(stdout_path.string());
    run.stderr_tail = file_tail(stderr_path.string());
  }
  cut_windows(run, sampler, finished, start_s, end_s, settings);
  return run;
}

}  // namespace ecopt::runner
