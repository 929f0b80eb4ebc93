// The `ecopt` command: a thin layer that parses arguments and calls the library.
#include <array>
#include <cstdio>
#include <string_view>

#include "command.hpp"
#include "ecopt/version.hpp"
#include "run_app.hpp"

namespace ecopt::cli {
namespace {

using AddCommands = void (*)(CLI::App&, Runner&);

struct CommandGroup {
  AddCommands add;
  std::array<std::string_view, 5> names;  ///< the top-level commands `add` defines
};

/// Every command but `help`, in `ecopt help`'s order.
constexpr std::array<CommandGroup, 12> kCommandGroups = {{
    {add_hv_command, {"hv"}},
    {add_nondominated_command, {"nondominated"}},
    {add_study_command, {"study"}},
    {add_trial_commands, {"trials", "pareto", "ask", "tell", "enqueue"}},
    {add_energy_commands, {"meters", "calibrate", "measure"}},
    {add_tune_command, {"tune"}},
    {add_report_commands, {"report", "card", "compare", "export"}},
    {add_worker_command, {"worker"}},
    {add_storage_command, {"storage"}},
    {add_slurm_command, {"slurm"}},
    {add_dashboard_command, {"dashboard"}},
    {add_hardware_commands, {"hardware"}},
}};

/// Declares the commands. Building every command's options is half of ecopt's start-up
/// (about 3 M instructions, as much as loading its libraries; docs/benchmarks.md), so
/// when the first argument names a command only its group is declared: parsing and
/// errors are that command's either way. Anything else (help, --help, --version, a typo)
/// gets them all. tests/cli/command_groups_test.sh runs each command declared alone.
void add_commands(CLI::App& app, Runner& run, std::string_view first_argument) {
  for (const CommandGroup& group : kCommandGroups) {
    for (std::string_view name : group.names) {
      if (!name.empty() && name == first_argument) return group.add(app, run);
    }
  }
  for (const CommandGroup& group : kCommandGroups) group.add(app, run);
  add_help_command(app, run);  // last, so that it lists every command before it
}

}  // namespace
}  // namespace ecopt::cli

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
  ecopt::cli::add_commands(app, run, argc > 1 ? argv[1] : "");
  return ecopt::cli::run_app(app, run, argc, argv);
}
