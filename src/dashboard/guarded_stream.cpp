#include "dashboard/guarded_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace ecopt::dashboard {
namespace {

constexpr const char* kTooLarge =
    "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\n"
    "Content-Length: 36\r\nConnection: close\r\n\r\nThe request's headers are too large.";
constexpr const char* kTooSlow =
    "HTTP/1.1 408 Request Timeout\r\nContent-Type: text/plain\r\nContent-Length: 31\r\n"
    "Connection: close\r\n\r\nThe request came in too slowly.";

bool wait_for(int fd, short events, double timeout_s) {
  if (timeout_s <= 0) return false;
  pollfd p{fd, events, 0};
  int n;
  do {
    n = ::poll(&p, 1, static_cast<int>(timeout_s * 1000.0) + 1);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

void address_of(const sockaddr_storage& address, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (address.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (address.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

GuardedStream::GuardedStream(int fd, const StreamLimits& limits)
    : fd_(fd), limits_(limits), start_(std::chrono::steady_clock::now()) {}

double GuardedStream::remaining_s() const {
  const double used_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return limits_.deadline_s - used_s;
}

bool GuardedStream::is_readable() const {
  return taken_ < buffered_ || (breach_ == Breach::none && wait_for(fd_, POLLIN, remaining_s()));
}

bool GuardedStream::is_writable() const {
  return wait_for(fd_, POLLOUT, limits_.write_timeout_s);
}

ssize_t GuardedStream::read(char* ptr, size_t size) {
  if (buffered_ == taken_ && !fill()) return -1;
  const size_t n = std::min(size, buffered_ - taken_);
  std::copy_n(buffer_.data() + taken_, n, ptr);
  taken_ += n;
  return static_cast<ssize_t>(n);
}

bool GuardedStream::fill() {
  if (breach_ != Breach::none) return false;
  if (read_bytes_ >= limits_.max_request_bytes) {
    breach_ = Breach::too_large;
    return false;
  }
  if (!wait_for(fd_, POLLIN, remaining_s())) {
    breach_ = Breach::too_slow;
    return false;
  }
  const size_t allowed = std::min(buffer_.size(), limits_.max_request_bytes - read_bytes_);
  ssize_t n;
  do {
    n = ::recv(fd_, buffer_.data(), allowed, 0);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;  // closed by the client, or a socket error
  read_bytes_ += static_cast<size_t>(n);
  buffered_ = static_cast<size_t>(n);
  taken_ = 0;
  return true;
}

void GuardedStream::answer_breach() {
  if (breach_ == Breach::none || replaced_) return;
  replaced_ = true;
  const std::string answer = breach_ == Breach::too_large ? kTooLarge : kTooSlow;
  write_all(answer.data(), answer.size());
}

bool GuardedStream::write_all(const char* ptr, size_t size) {
  while (size > 0) {
    if (!wait_for(fd_, POLLOUT, limits_.write_timeout_s)) return false;
    const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    ptr += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

ssize_t GuardedStream::write(const char* ptr, size_t size) {
  if (breach_ != Breach::none) {
    // httplib answers a failed read with 400; say which limit it was instead, once.
    answer_breach();
    return static_cast<ssize_t>(size);
  }
  return write_all(ptr, size) ? static_cast<ssize_t>(size) : -1;
}

void GuardedStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    address_of(address, ip, port);
}

void GuardedStream::get_local_ip_and_port(std::string& ip, int& port) const {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0)
    address_of(address, ip, port);
}

}  // namespace ecopt::dashboard
