// `ecopt dashboard`: the live view of a storage's studies in the browser
// (docs/dashboard.md). `ecopt` declares its options and replaces itself with
// `ecopt-dashboard` (same process, so signals and the exit status are the server's).
#include "dashboard_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace ecopt::cli {
namespace {

/// The parsed options as ecopt-dashboard's arguments (a storage URL given on the command
/// line stays there; one from ECOPT_STORAGE stays in the environment).
std::vector<std::string> dashboard_arguments(const DashboardFlags& flags) {
  std::vector<std::string> args = {"dashboard", "--host", flags.host, "--port",
                                   std::to_string(flags.port)};
  if (!flags.storage.empty()) args.insert(args.end(), {"--storage", flags.storage});
  if (!flags.study.empty()) args.insert(args.end(), {"--study", flags.study});
  return args;
}

/// `ecopt-dashboard` in the folder of the running program, where the build and
/// `cmake --install` put it.
std::string dashboard_program() {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) {
    throw std::runtime_error("dashboard: cannot read /proc/self/exe (" + error.message() +
                             ") to find ecopt-dashboard beside ecopt; is /proc mounted?");
  }
  return (self.parent_path() / "ecopt-dashboard").string();
}

int exec_dashboard(const DashboardFlags& flags) {
  const std::string program = dashboard_program();
  std::vector<std::string> args = dashboard_arguments(flags);
  std::vector<char*> argv = {const_cast<char*>(program.c_str())};
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  ::execv(program.c_str(), argv.data());
  throw std::runtime_error("dashboard: cannot run " + program + ": " + std::strerror(errno) +
                           "; `ecopt dashboard` runs the program ecopt-dashboard installed "
                           "beside ecopt: build it (cmake --build) or install both "
                           "(cmake --install)");
}

}  // namespace

void add_dashboard_options(CLI::App& app, Runner& run, int (*action)(const DashboardFlags&)) {
  auto [cmd, flags] = add_command<DashboardFlags>(
      app, run, action, "dashboard",
      "Serve a live, read-only view of a storage's studies in the browser");
  cmd->add_option("--storage", flags->storage,
                  "Storage URL; default: $ECOPT_STORAGE, else sqlite:///STUDY.db");
  cmd->add_option("--study", flags->study, "Show this study only");
  cmd->add_option("--host", flags->host,
                  "Address to listen on (default 127.0.0.1; any other prints a warning)");
  cmd->add_option("--port", flags->port, "Port (default 8080; 0: any free port, printed)")
      ->check(CLI::Range(0, 65535));
}

void add_dashboard_command(CLI::App& app, Runner& run) {
  add_dashboard_options(app, run, exec_dashboard);
}

}  // namespace ecopt::cli
