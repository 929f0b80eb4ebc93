#pragma once
// ecopt's trial protocol for C++ trials: header-only, no dependencies beyond POSIX.
//
//   #include <ecopt/client.hpp>
//   {
//     ecopt::client::Phase inference("inference", test_set_size);   // begin ... end
//     run_inference();
//   }
//   ecopt::client::metric("accuracy", accuracy);
//   ecopt::client::attrs({{"params", 113000}, {"flops", 2.1e7}});
//   for (int epoch = 1; epoch <= epochs; ++epoch) {
//     train_one_epoch();
//     ecopt::client::report(epoch, {{"accuracy", validate()}});  // waits for its verdict
//     if (ecopt::client::should_prune()) break;                  // ... which this reads
//   }
//
// Outside ecopt ($ECOPT_FD unset) every call does nothing, so the same program runs on
// its own. Non-finite numbers are not sent (the protocol rejects them).

#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <mutex>
#include <string>
#include <utility>

namespace ecopt::client {

namespace detail {

inline int protocol_fd() {
  static const int fd = [] {
    const char* text = std::getenv("ECOPT_FD");
    return text != nullptr && *text != '\0' ? std::atoi(text) : -1;
  }();
  return fd;
}

/// The back channel's fd ($ECOPT_PRUNE_FD), or -1 when it is absent, not a number, or not
/// an open fd: then should_prune() is false and signals alone stop a pruned trial.
inline int prune_fd() {
  static const int fd = [] {
    const char* text = std::getenv("ECOPT_PRUNE_FD");
    if (text == nullptr || *text == '\0') return -1;
    int value = 0;
    for (const char* c = text; *c != '\0'; ++c) {
      if (*c < '0' || *c > '9' || value > 100000) return -1;
      value = value * 10 + (*c - '0');
    }
    return fcntl(value, F_GETFD) == -1 ? -1 : value;
  }();
  return fd;
}

inline std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

inline std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

inline std::string object(std::initializer_list<std::pair<std::string, double>> values) {
  std::string out = "{";
  for (const auto& [name, value] : values) {
    if (!std::isfinite(value)) continue;
    if (out.size() > 1) out += ", ";
    out += quoted(name) + ": " + number(value);
  }
  return out + "}";
}

/// One message per write(2) call, so lines from several threads never interleave.
inline void send(const std::string& json) {
  const int fd = protocol_fd();
  if (fd < 0) return;
  const std::string line = json + "\n";
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd, line.data() + written, line.size() - written);
    if (n <= 0) return;  // ecopt went away: keep running
    written += static_cast<std::size_t>(n);
  }
}

inline long long monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

/// How long report() may wait for its step's verdict ($ECOPT_VERDICT_WAIT_S, at most a
/// minute); 0 when ecopt promises none (no pruner, an older ecopt, not a number).
inline double verdict_wait_s() {
  static const double wait_s = [] {
    const char* text = std::getenv("ECOPT_VERDICT_WAIT_S");
    if (text == nullptr || *text == '\0') return 0.0;
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (*end != '\0' || !(value > 0.0)) return 0.0;
    return value < 60.0 ? value : 60.0;
  }();
  return wait_s;
}

/// What the back channel said so far.
struct Verdicts {
  bool pruned = false;
  long long continued_step = LLONG_MIN;  ///< the latest step the runner let go on
  bool closed = false;                   ///< absent, closed or failed: nothing more will come
  std::string partial;                   ///< the start of a line not yet ended
};

/// One line from the runner: {"prune": true}, or {"step": S, "verdict": "continue"};
/// anything else is ignored.
inline void take_verdict_line(const std::string& line, Verdicts& verdicts) {
  if (line.find("\"prune\"") != std::string::npos) {
    verdicts.pruned = true;
    return;
  }
  const std::size_t step = line.find("\"step\":");
  if (line.find("\"continue\"") == std::string::npos || step == std::string::npos) return;
  const long long value = std::atoll(line.c_str() + step + 7);
  if (value > verdicts.continued_step) verdicts.continued_step = value;
}

/// Reads what the back channel holds, waiting up to `timeout_ms` for something to come,
/// and returns what it said so far. Thread-safe.
inline Verdicts read_back_channel(int timeout_ms) {
  static std::mutex mutex;
  static Verdicts verdicts;
  std::lock_guard<std::mutex> lock(mutex);
  const int fd = prune_fd();
  if (fd < 0) verdicts.closed = true;
  if (verdicts.pruned || verdicts.closed) return verdicts;
  pollfd ready{fd, POLLIN, 0};
  if (::poll(&ready, 1, timeout_ms) <= 0 || (ready.revents & (POLLIN | POLLHUP | POLLERR)) == 0)
    return verdicts;
  char buffer[4096];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  if (n <= 0) {
    if (n == 0 || (errno != EINTR && errno != EAGAIN)) verdicts.closed = true;
    return verdicts;
  }
  verdicts.partial.append(buffer, static_cast<std::size_t>(n));
  for (std::size_t end; (end = verdicts.partial.find('\n')) != std::string::npos;) {
    take_verdict_line(verdicts.partial.substr(0, end), verdicts);
    verdicts.partial.erase(0, end + 1);
  }
  if (verdicts.partial.size() > 65536) verdicts.partial.clear();  // not ecopt's
  return verdicts;
}

/// Waits until the runner answered `step` (a continue for it or a later one, or a prune),
/// the channel closed, or verdict_wait_s() passed.
inline void await_verdict(long long step) {
  const double wait_s = verdict_wait_s();
  if (wait_s <= 0.0 || prune_fd() < 0) return;
  const long long deadline_ns = monotonic_ns() + static_cast<long long>(wait_s * 1e9);
  while (true) {
    const long long left_ns = deadline_ns - monotonic_ns();
    if (left_ns <= 0) return;
    const Verdicts v = read_back_channel(static_cast<int>(left_ns / 1000000 + 1));
    if (v.pruned || v.closed || v.continued_step >= step) return;
  }
}

}  // namespace detail

/// True once ecopt asked this trial to stop early (a pruner judged it unpromising): save
/// what you need and exit soon, or it is stopped by SIGTERM after the pruner's grace. It
/// does not block; false outside ecopt or without a back channel. Call it after report(),
/// which waits (briefly) for the verdict on its step, so the answer is that step's.
inline bool should_prune() {
  return detail::read_back_channel(0).pruned;
}

/// True when the program runs under ecopt.
inline bool active() {
  return detail::protocol_fd() >= 0;
}

inline void metric(const std::string& name, double value) {
  detail::send("{\"metric\": " + detail::object({{name, value}}) + "}");
}
inline void metrics(std::initializer_list<std::pair<std::string, double>> values) {
  detail::send("{\"metric\": " + detail::object(values) + "}");
}
/// An intermediate value at a training step (for pruning).
/// When ecopt promises a verdict for every report ($ECOPT_VERDICT_WAIT_S, set with a
/// pruner), waits until the verdict on this step arrives, at most that long, so that
/// should_prune() right after answers for this step (docs/protocol.md).
inline void report(long long step, std::initializer_list<std::pair<std::string, double>> values) {
  detail::send("{\"report\": {\"step\": " + std::to_string(step) +
               ", \"values\": " + detail::object(values) + "}}");
  if (detail::protocol_fd() >= 0) detail::await_verdict(step);
}
/// Attributes of the trial, e.g. parameter and FLOP counts.
inline void attrs(std::initializer_list<std::pair<std::string, double>> values) {
  detail::send("{\"attrs\": " + detail::object(values) + "}");
}

/// Marks a phase: begins when constructed, ends when destroyed, with CLOCK_MONOTONIC
/// timestamps so ecopt places the boundaries exactly. `samples`: items processed (images,
/// tokens), for energy per sample; set_samples() if known only at the end.
class Phase {
 public:
  explicit Phase(std::string name, long long samples = 0)
      : name_(std::move(name)), samples_(samples) {
    detail::send("{\"phase\": " + detail::quoted(name_) + ", \"event\": \"begin\", \"t_ns\": " +
                 std::to_string(detail::monotonic_ns()) + "}");
  }
  ~Phase() {
    detail::send("{\"phase\": " + detail::quoted(name_) +
                 ", \"event\": \"end\", \"t_ns\": " + std::to_string(detail::monotonic_ns()) +
                 ", \"samples\": " + std::to_string(samples_) + "}");
  }
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;
  void set_samples(long long samples) { samples_ = samples; }

 private:
  std::string name_;
  long long samples_;
};

}  // namespace ecopt::client
