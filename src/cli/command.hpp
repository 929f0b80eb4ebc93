#pragma once
// Subcommands of the `ecopt` executable. Each adds itself to the app and sets `run`,
// which main() calls after parsing; the value is the process exit status.

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace ecopt::cli {

using Runner = std::function<int()>;

/// Once `cmd` is chosen, `run` calls `action(*options)`. The options are shared with the
/// lambdas because CLI11 fills them during parsing, after the command is added.
template <class Options>
void run_with(CLI::App* cmd, Runner& run, std::shared_ptr<Options> options,
              int (*action)(const Options&)) {
  cmd->callback([&run, options, action] { run = [options, action] { return action(*options); }; });
}

/// Adds the subcommand `name` to `parent`; once it is chosen, `run` calls
/// `action(*options)`. For commands that share one options object.
template <class Options>
CLI::App* add_command(CLI::App& parent, Runner& run, std::shared_ptr<Options> options,
                      int (*action)(const Options&), const std::string& name,
                      const std::string& description) {
  CLI::App* cmd = parent.add_subcommand(name, description);
  run_with(cmd, run, std::move(options), action);
  return cmd;
}

/// As above, with options of its own: returns the subcommand and its options, for the
/// caller to declare each option into.
template <class Options>
std::pair<CLI::App*, std::shared_ptr<Options>> add_command(CLI::App& parent, Runner& run,
                                                           int (*action)(const Options&),
                                                           const std::string& name,
                                                           const std::string& description) {
  auto options = std::make_shared<Options>();
  return {add_command(parent, run, options, action, name, description), options};
}

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
void add_dashboard_command(CLI::App& app, Runner& run);
void add_hardware_commands(CLI::App& app, Runner& run);
/// `ecopt help`: add it last, so that it lists every command before it.
void add_help_command(CLI::App& app, Runner& run);

}  // namespace ecopt::cli
