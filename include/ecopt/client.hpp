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
//   for (int epoch = 1; epoch <= epochs && !ecopt::client::should_prune(); ++epoch) {
//     train_one_epoch();
//     ecopt::client::report(epoch, {{"accuracy", validate()}});
//   }
//
// Outside ecopt ($ECOPT_FD unset) every call does nothing, so the same program runs on
// its own. Non-finite numbers are not sent (the protocol rejects them).

#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
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

}  // namespace detail

/// True once ecopt asked this trial to stop early (a pruner judged it unpromising): save
/// what you need and exit soon, or it is stopped by SIGTERM after the pruner's grace. It
/// does not block; false outside ecopt or without a back channel. Call it between
/// epochs, after report().
inline bool should_prune() {
  static std::atomic<bool> pruned{false};
  if (pruned) return true;
  const int fd = detail::prune_fd();
  if (fd < 0) return false;
  pollfd ready{fd, POLLIN, 0};
  if (::poll(&ready, 1, 0) <= 0 || (ready.revents & POLLIN) == 0) return false;
  char buffer[256];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  // The runner writes one line, {"prune": true}; anything else on the channel is ignored.
  if (n > 0 &&
      std::string(buffer, static_cast<std::size_t>(n)).find("\"prune\"") != std::string::npos) {
    pruned = true;
  }
  return pruned;
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
inline void report(long long step, std::initializer_list<std::pair<std::string, double>> values) {
  detail::send("{\"report\": {\"step\": " + std::to_string(step) +
               ", \"values\": " + detail::object(values) + "}}");
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
