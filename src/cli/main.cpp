// The `ecopt` command: a thin layer that parses arguments and calls the library.
#include <cstdio>

#include "command.hpp"
#include "ecopt/version.hpp"
#include "run_app.hpp"

int main(int argc, char** argv) {
  // Output can be millions of lines (contributions, ranks); a large buffer keeps it fast.
  static char stdout_buffer[1 << 16];
  std::setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);

  CLI::App app{"ecopt: energy-aware multi-objective hyperparameter tuning", "ecopt"};
  app.set_version_flag("--version", std::string(ecopt::kVersion));
  app.require_subcommand(1);
  // Every option's default is shown by --help, `ecopt help` and docs/cli.md.
  app.option_defaults()->always_capture_default();
  ecopt::cli::Runner run;
  ecopt::cli::add_hv_command(app, run);
  ecopt::cli::add_nondominated_command(app, run);
  ecopt::cli::add_study_command(app, run);
  ecopt::cli::add_trial_commands(app, run);
  ecopt::cli::add_energy_commands(app, run);
  ecopt::cli::add_tune_command(app, run);
  ecopt::cli::add_report_commands(app, run);
  ecopt::cli::add_worker_command(app, run);
  ecopt::cli::add_storage_command(app, run);
  ecopt::cli::add_slurm_command(app, run);
  ecopt::cli::add_dashboard_command(app, run);
  ecopt::cli::add_hardware_commands(app, run);
  ecopt::cli::add_help_command(app, run);
  return ecopt::cli::run_app(app, run, argc, argv);
}
