#pragma once
// What `ecopt` and `ecopt-dashboard` do once their commands are added: parse, run the
// chosen command, and turn errors into ecopt's exit statuses (docs/cli.md).

#include "command.hpp"

namespace ecopt::cli {

/// Parses `argv` with `app` and runs the command chosen; returns the exit status.
int run_app(CLI::App& app, Runner& run, int argc, char** argv);

}  // namespace ecopt::cli
