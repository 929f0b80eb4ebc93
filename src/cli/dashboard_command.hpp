#pragma once
// `ecopt dashboard`'s options, declared once for both programs that parse them: `ecopt`,
// which documents them (`ecopt help dashboard`, docs/cli.md) and runs the program
// `ecopt-dashboard` beside it with them, and `ecopt-dashboard`, which serves. Only
// ecopt-dashboard links the HTTP server (cpp-httplib, and through Debian's build of it
// OpenSSL, brotli and zlib), so that no other command loads it at start-up.

#include <string>

#include "command.hpp"

namespace ecopt::cli {

struct DashboardFlags {
  std::string storage;
  std::string study;
  std::string host = "127.0.0.1";
  int port = 8080;
};

/// Adds `dashboard` with its options; once it is chosen, `run` calls `action(flags)`.
void add_dashboard_options(CLI::App& app, Runner& run, int (*action)(const DashboardFlags&));

}  // namespace ecopt::cli
