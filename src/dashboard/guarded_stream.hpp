#pragma once
// One connection's socket as cpp-httplib's Stream, with the limits httplib 0.11 does not
// keep itself: it reads a header line to its end before checking its length and keeps
// any number of header lines, and it waits read_timeout per read, so a client that
// trickles bytes holds a thread for ever. Here a request may read at most
// `max_request_bytes` (the request line and headers; GET has no body) and must arrive
// within `deadline_s` of the connection; past either limit reads fail, and the answer
// httplib then writes is replaced by 431 or 408. Memory per connection is so bounded.

#include "dashboard/http.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

namespace ecopt::dashboard {

struct StreamLimits {
  std::size_t max_request_bytes = 16 * 1024;
  double deadline_s = 10.0;       ///< for the whole request to arrive
  double write_timeout_s = 10.0;  ///< for each write to make progress
};

class GuardedStream : public httplib::Stream {
 public:
  GuardedStream(int fd, const StreamLimits& limits);

  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return fd_; }

  /// Why reads stopped: none, the request was too large, or too slow.
  enum class Breach { none, too_large, too_slow };
  [[nodiscard]] Breach breach() const { return breach_; }
  /// Writes the breach's answer (431 or 408) unless it is written already: httplib gives
  /// none when the request line itself breaks a limit.
  void answer_breach();

 private:
  [[nodiscard]] double remaining_s() const;
  bool write_all(const char* ptr, size_t size);
  bool fill();  ///< the next bytes from the socket, within the limits

  int fd_;
  StreamLimits limits_;
  std::chrono::steady_clock::time_point start_;
  std::array<char, 4096> buffer_{};
  std::size_t buffered_ = 0;  ///< bytes in buffer_
  std::size_t taken_ = 0;     ///< of them, already read
  std::size_t read_bytes_ = 0;
  Breach breach_ = Breach::none;
  bool replaced_ = false;  ///< the breach's answer is written; httplib's is dropped
};

}  // namespace ecopt::dashboard
