#pragma once
// Subcommands of the `ecopt` executable. Each adds itself to the app and sets `run`,
// which main() calls after parsing; the value is the process exit status.

#include <CLI/CLI.hpp>
#include <functional>

namespace ecopt::cli {

using Runner = std::function<int()>;

void add_hv_command(CLI::App& app, Runner& run);
void add_nondominated_command(CLI::App& app, Runner& run);
void add_study_command(CLI::App& app, Runner& run);
void add_trial_commands(CLI::App& app, Runner& run);
void add_energy_commands(CLI::App& app, Runner& run);
void add_tune_command(CLI::App& app, Runner& run);
void add_report_commands(CLI::App& app, Runner& run);
void add_worker_command(CLI::App& app, Runner& run);
void add_storage_command(CLI::App& app, Runner& run);
void add_slurm_command(CLI::App& app, Runner& run);

}  // namespace ecopt::cli
