#include "dashboard/dashboard.hpp"

#include <pthread.h>
#include <csignal>

#include <thread>

#include "dashboard/server.hpp"
#include "dashboard/study_cache.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::dashboard {
namespace {

/// SIGINT and SIGTERM, blocked in every thread started after this, taken by sigwait.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

std::string url_host(const std::string& host) {
  return host.find(':') != std::string::npos && host.front() != '[' ? "[" + host + "]" : host;
}

}  // namespace

std::string exposure_warning(const std::string& host, int port) {
  if (is_loopback_host(host)) return {};
  return "warning: --host " + host +
         " is not a loopback address: anyone who can reach this "
         "machine on port " +
         std::to_string(port) +
         " can read every study the dashboard shows (it has no login). Use an SSH tunnel to "
         "127.0.0.1 instead where you can.";
}

int run_dashboard(const DashboardOptions& options, std::FILE* out) {
  const sigset_t signals = stop_signals();
  CacheSettings cache_settings;
  cache_settings.url = options.storage_url;
  cache_settings.only_study = options.study;
  cache_settings.interval_s = options.interval_s;
  cache_settings.report = options.report;
  StudyCache cache(cache_settings);
  ServerSettings server_settings;
  server_settings.host = options.host;
  server_settings.port = options.port;
  DashboardServer server(cache, server_settings);
  const int port = server.bind();
  if (const std::string warning = exposure_warning(options.host, port); !warning.empty())
    std::fprintf(stderr, "%s\n", warning.c_str());
  std::fprintf(out, "ecopt dashboard: %s at http://%s:%d/ (Ctrl-C to stop)\n",
               storage::redact_url(options.storage_url).c_str(), url_host(options.host).c_str(),
               port);
  std::fflush(out);
  cache.start();
  std::thread waiter([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    server.stop();
  });
  server.serve();
  cache.stop();
  // serve() returned because a signal came: the waiter has finished.
  waiter.join();
  return 0;
}

}  // namespace ecopt::dashboard
