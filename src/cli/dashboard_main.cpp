// `ecopt-dashboard`: the server behind `ecopt dashboard` (docs/dashboard.md), a program of
// its own so that only it links the HTTP stack. `ecopt dashboard ARGS` runs it as
// `ecopt-dashboard dashboard ARGS`; the options are the ones `ecopt help dashboard` shows.
#include <cstdio>
#include <stdexcept>

#include "dashboard/dashboard.hpp"
#include "dashboard_command.hpp"
#include "ecopt/version.hpp"
#include "run_app.hpp"
#include "storage_option.hpp"

namespace ecopt::cli {
namespace {

int serve_dashboard(const DashboardFlags& flags) {
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
}  // namespace ecopt::cli

int main(int argc, char** argv) {
  CLI::App app{"ecopt-dashboard: the server behind `ecopt dashboard`", "ecopt"};
  app.set_version_flag("--version", std::string(ecopt::kVersion));
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  ecopt::cli::Runner run;
  ecopt::cli::add_dashboard_options(app, run, ecopt::cli::serve_dashboard);
  return ecopt::cli::run_app(app, run, argc, argv);
}
