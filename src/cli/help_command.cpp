// `ecopt help [COMMAND...]`: a command's section of the reference, the same text
// docs/cli.md holds (`ecopt help --markdown` prints all of it).
#include <cstdio>
#include <string>
#include <vector>

#include "cli_reference.hpp"
#include "command.hpp"
#include "output.hpp"

namespace ecopt::cli {
namespace {

struct HelpOptions {
  std::vector<std::string> command;
  bool markdown = false;
  const CLI::App* root = nullptr;
};

int run_help(const HelpOptions& options) {
  if (options.markdown) {
    std::fputs(full_reference(*options.root).c_str(), stdout);
    return 0;
  }
  if (options.command.empty()) {
    std::printf("Usage: ecopt COMMAND [OPTIONS]; `ecopt help COMMAND` for one command.\n\n%s",
                command_list(*options.root).c_str());
    return 0;
  }
  std::string path = "ecopt";
  for (const std::string& name : options.command) path += " " + name;
  const CLI::App* app = find_command(*options.root, options.command);
  if (app == nullptr) {
    message("help", "error", "no command `" + path + "`; `ecopt help` lists the commands");
    return kExitUsage;
  }
  std::fputs(command_reference(*app, path).c_str(), stdout);
  return 0;
}

}  // namespace

void add_help_command(CLI::App& app, Runner& run) {
  auto [help, options] = add_command(
      app, run, run_help, "help",
      "Print a command's usage, options, defaults and meaning: its section of docs/cli.md.");
  options->root = &app;
  help->add_option("command", options->command, "The command, e.g. `tune` or `study create`");
  help->add_flag("--markdown", options->markdown,
                 "Print the whole reference, as docs/cli.md holds it");
}

}  // namespace ecopt::cli
