#pragma once
// `ecopt dashboard`: a live, read-only view of a storage's studies in the browser
// (docs/dashboard.md). Reads the storage in the background, serves HTTP until SIGINT or
// SIGTERM.

#include <cstdio>
#include <optional>
#include <string>

#include "ecopt/report/study_report.hpp"

namespace ecopt::dashboard {

struct DashboardOptions {
  std::string storage_url;
  std::optional<std::string> study;  ///< serve this study only
  std::string host = "127.0.0.1";
  int port = 8080;          ///< 0: any free port (printed)
  double interval_s = 0.5;  ///< between reads of the storage
  report::ReportOptions report;
};

/// The warning a non-loopback --host prints; empty for a loopback one.
[[nodiscard]] std::string exposure_warning(const std::string& host, int port);

/// Serves until SIGINT or SIGTERM; prints the URL (and any warning) to `out` first.
/// Returns the exit status. Throws std::runtime_error when it cannot listen.
int run_dashboard(const DashboardOptions& options, std::FILE* out);

}  // namespace ecopt::dashboard
