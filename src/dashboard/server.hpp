#pragma once
// The dashboard's HTTP server: cpp-httplib parses requests and routes them, over
// connections this server accepts itself, each read through a GuardedStream (bounded
// size and time), served by a fixed pool of threads, one request per connection. Only
// GET and HEAD are answered, and only for the host names it is reached by (host_check.hpp);
// every answer comes from the cache's snapshot.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dashboard/guarded_stream.hpp"
#include "dashboard/host_check.hpp"
#include "dashboard/study_cache.hpp"

namespace ecopt::dashboard {

struct ServerSettings {
  std::string host = "127.0.0.1";
  int port = 8080;                ///< 0: any free port (bind() says which)
  std::size_t threads = 16;       ///< connections served at once
  std::size_t max_pending = 256;  ///< accepted connections waiting; more are closed at once
  StreamLimits limits;
};

class DashboardServer {
 public:
  DashboardServer(StudyCache& cache, ServerSettings settings);
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;

  /// Binds and listens; returns the port. Throws std::runtime_error naming the address,
  /// the reason and the fix (another --port, or --port 0).
  int bind();
  /// Serves until stop(); call after bind().
  void serve();
  /// Stops serve() (from another thread): no new connections, the running ones finish.
  void stop();

 private:
  class Http;
  void serve_connection(int fd);
  void work();

  ServerSettings settings_;
  StudyCache& cache_;
  std::unique_ptr<Http> http_;  ///< made by bind()
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable pending_changed_;
  std::deque<int> pending_;
  std::vector<std::thread> workers_;
};

}  // namespace ecopt::dashboard
