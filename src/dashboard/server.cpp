#include "dashboard/server.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "dashboard/routes.hpp"

namespace ecopt::dashboard {

/// httplib's server with its request processing opened to connections accepted here.
class DashboardServer::Http : public httplib::Server {
 public:
  Http(StudyCache& cache, HostPolicy hosts) { add_routes(*this, cache, std::move(hosts)); }
  void serve(GuardedStream& stream) {
    bool closed = false;
    process_request(stream, true, closed, [](httplib::Request&) {});
    stream.answer_breach();
  }
};

namespace {

int listen_on(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string where = host + ":" + std::to_string(port);
  if (const int e = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found))
    throw std::runtime_error("dashboard: cannot resolve " + where + ": " + ::gai_strerror(e));
  std::string reason = "no address";
  int fd = -1;
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) break;
    reason = std::strerror(errno);
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    throw std::runtime_error("dashboard: cannot listen on " + where + ": " + reason +
                             " (choose another --port, or --port 0 for any free one)");
  }
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

}  // namespace

DashboardServer::DashboardServer(StudyCache& cache, ServerSettings settings)
    : settings_(std::move(settings)), cache_(cache) {}

DashboardServer::~DashboardServer() {
  stop();
  for (std::thread& t : workers_)
    if (t.joinable()) t.join();
  for (const int fd : pending_) ::close(fd);
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

int DashboardServer::bind() {
  listen_fd_ = listen_on(settings_.host, settings_.port);
  const int port = bound_port(listen_fd_);
  // The names it answers include the port, known only now (--port 0).
  http_ = std::make_unique<Http>(cache_, host_policy(settings_.host, port));
  return port;
}

void DashboardServer::stop() {
  stopping_ = true;
  pending_changed_.notify_all();
}

void DashboardServer::serve() {
  for (std::size_t i = 0; i < settings_.threads; ++i) workers_.emplace_back([this] { work(); });
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    if (pending_.size() >= settings_.max_pending) {
      ::close(fd);  // overloaded: refuse at once rather than queue without bound
      continue;
    }
    pending_.push_back(fd);
    pending_changed_.notify_one();
  }
  pending_changed_.notify_all();
  for (std::thread& t : workers_) t.join();
  workers_.clear();
}

void DashboardServer::work() {
  for (;;) {
    int fd;
    {
      std::unique_lock lock(mutex_);
      pending_changed_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;
      fd = pending_.front();
      pending_.pop_front();
    }
    serve_connection(fd);
  }
}

void DashboardServer::serve_connection(int fd) {
  {
    GuardedStream stream(fd, settings_.limits);
    http_->serve(stream);
  }
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace ecopt::dashboard
