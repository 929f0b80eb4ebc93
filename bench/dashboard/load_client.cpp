// Load on the dashboard: N clients on loopback, each asking for one URL again and again
// for a while (a new connection per request, as the dashboard serves one request per
// connection), then the latency percentiles and throughput. bench/dashboard/run.sh starts
// the dashboard and records its memory; docs/benchmarks.md has the numbers.
//
// Usage: ecopt_bench_dashboard_load PORT PATH [CLIENTS] [SECONDS]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Answer {
  bool ok = false;
  std::size_t bytes = 0;
};

/// One GET: connect, send, read to the end; ok for a 200.
Answer get(int port, const std::string& path) {
  Answer answer;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request =
        "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      std::string head;
      ssize_t n;
      while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
        if (head.size() < 16)
          head.append(buffer, static_cast<std::size_t>(std::min<ssize_t>(n, 16)));
        answer.bytes += static_cast<std::size_t>(n);
      }
      answer.ok = head.rfind("HTTP/1.1 200", 0) == 0;
    }
  }
  ::close(fd);
  return answer;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const std::size_t i =
      std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s PORT PATH [CLIENTS] [SECONDS]\n", argv[0]);
    return 2;
  }
  const int port = std::atoi(argv[1]);
  const std::string path = argv[2];
  const int clients = argc > 3 ? std::atoi(argv[3]) : 50;
  const double seconds = argc > 4 ? std::atof(argv[4]) : 30.0;
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::atomic<long> failures{0};
  std::atomic<long long> bytes{0};
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      std::vector<double> mine;
      while (std::chrono::steady_clock::now() < end) {
        const auto start = std::chrono::steady_clock::now();
        const Answer a = get(port, path);
        mine.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        if (!a.ok) ++failures;
        bytes += static_cast<long long>(a.bytes);
      }
      std::lock_guard lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (std::thread& t : threads) t.join();
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double n = static_cast<double>(latencies_ms.size());
  std::printf(
      "clients %d, %.0f s, path %s: %.0f requests (%.0f/s), %ld not 200, %.1f KiB each\n"
      "latency ms: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f\n",
      clients, seconds, path.c_str(), n, n / seconds, failures.load(),
      n > 0 ? static_cast<double>(bytes.load()) / n / 1024.0 : 0.0, percentile(latencies_ms, 0.50),
      percentile(latencies_ms, 0.95), percentile(latencies_ms, 0.99),
      latencies_ms.empty() ? 0.0 : latencies_ms.back());
  return failures.load() == 0 ? 0 : 1;
}
