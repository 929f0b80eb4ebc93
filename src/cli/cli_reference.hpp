#pragma once
// The command reference, rendered from the CLI11 definitions themselves: `ecopt help
// COMMAND` prints a command's section and docs/cli.md holds all of them (`ecopt help
// --markdown`), so the help and the doc are one text and cannot drift. A test compares
// the doc with the output (tests/docs/generated_sections.py).

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace ecopt::cli {

/// One exit status of ecopt and what it means; the table docs/cli.md shows.
struct ExitStatus {
  const char* status;
  const char* meaning;
};

/// Every exit status ecopt itself uses, in order.
const std::vector<ExitStatus>& exit_statuses();

/// `app`'s section in Markdown: its description, usage, options (value, default,
/// meaning), footer, and then each of its subcommands' sections. `path` is the command as
/// typed, e.g. "ecopt study create".
std::string command_reference(const CLI::App& app, const std::string& path);

/// The whole reference: the command list, every command's section, the exit statuses.
std::string full_reference(const CLI::App& root);

/// The command list alone: one line per top-level command with its description.
std::string command_list(const CLI::App& root);

/// The subcommand of `root` named by `names` ("study", "create"), or null.
const CLI::App* find_command(const CLI::App& root, const std::vector<std::string>& names);

}  // namespace ecopt::cli
