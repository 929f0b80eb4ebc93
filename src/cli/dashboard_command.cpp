// `ecopt dashboard`: the live view of a storage's studies in the browser
// (docs/dashboard.md). Thin: options in, the dashboard module serves.
#include <cstdio>
#include <stdexcept>

#include "command.hpp"
#include "dashboard/dashboard.hpp"
#include "storage_option.hpp"

namespace ecopt::cli {
namespace {

struct DashboardFlags {
  std::string storage;
  std::string study;
  std::string host = "127.0.0.1";
  int port = 8080;
};

int run_dashboard(const DashboardFlags& flags) {
  dashboard::DashboardOptions options;
  options.storage_url = resolve_storage(flags.storage, "", flags.study);
  if (options.storage_url.empty()) {
    throw std::invalid_argument(
        "dashboard: which storage? Give --storage URL, set ECOPT_STORAGE, or name a study "
        "with --study NAME (its storage is then sqlite:///NAME.db)");
  }
  if (!flags.study.empty()) options.study = flags.study;
  options.host = flags.host;
  options.port = flags.port;
  return dashboard::run_dashboard(options, stdout);
}

}  // namespace

void add_dashboard_command(CLI::App& app, Runner& run) {
  auto [cmd, flags] = add_command<DashboardFlags>(
      app, run, run_dashboard, "dashboard",
      "Serve a live, read-only view of a storage's studies in the browser");
  cmd->add_option("--storage", flags->storage,
                  "Storage URL; default: $ECOPT_STORAGE, else sqlite:///STUDY.db");
  cmd->add_option("--study", flags->study, "Show this study only");
  cmd->add_option("--host", flags->host,
                  "Address to listen on (default 127.0.0.1; any other prints a warning)");
  cmd->add_option("--port", flags->port, "Port (default 8080; 0: any free port, printed)")
      ->check(CLI::Range(0, 65535));
}

}  // namespace ecopt::cli
