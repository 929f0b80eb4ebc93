#include "cli_reference.hpp"

#include <cctype>
#include <sstream>

namespace ecopt::cli {
namespace {

/// Keeps a cell on one table row: a '|' would end the cell, a newline the row.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<const CLI::App*> subcommands_of(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

bool is_positional(const CLI::Option& option) {
  return option.get_positional() && !option.nonpositional();
}

std::string option_names(const CLI::Option& option) {
  if (is_positional(option)) {
    return "`" + option.get_name(true, false) + "`";
  }
  std::string names;
  for (const std::string& name : option.get_snames())
    names += (names.empty() ? "`-" : ", `-") + name + "`";
  for (const std::string& name : option.get_lnames())
    names += (names.empty() ? "`--" : ", `--") + name + "`";
  return names;
}

std::string option_value(const CLI::Option& option) {
  if (option.get_expected_max() == 0) return "flag";
  std::string value = option.get_type_name();
  if (option.get_expected_max() > 1) value += " ...";
  return value;
}

std::string option_default(const CLI::Option& option) {
  if (option.get_required()) return "required";
  if (option.get_expected_max() == 0) return "";
  const std::string value = option.get_default_str();
  return value.empty() || value == "[]" ? "" : "`" + value + "`";
}

/// `PATH --required VALUE [OPTIONS] positional [optional]... COMMAND`: the required
/// options spelled out, as in the tables below.
std::string usage(const CLI::App& app, const std::string& path) {
  std::string line = path;
  for (const CLI::Option* option : app.get_options()) {
    if (is_positional(*option) || !option->get_required()) continue;
    std::string value = option->get_lnames().empty() ? "VALUE" : option->get_lnames().front();
    for (char& c : value) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
    line += " " + option->get_name() + (option->get_expected_max() == 0 ? "" : " " + value);
  }
  line += " [OPTIONS]";
  for (const CLI::Option* option : app.get_options()) {
    if (!is_positional(*option)) continue;
    const std::string name = option->get_name(true, false);
    line += option->get_required() ? " " + name : " [" + name + "]";
    if (option->get_expected_max() > 1) line += "...";
  }
  if (!subcommands_of(app).empty()) line += " COMMAND";
  return line;
}

void write_options(std::ostream& out, const CLI::App& app) {
  bool header = false;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_lnames() == std::vector<std::string>{"help"}) continue;
    if (!header) {
      out << "| option | value | default | meaning |\n|---|---|---|---|\n";
      header = true;
    }
    out << "| " << option_names(*option) << " | " << cell(option_value(*option)) << " | "
        << cell(option_default(*option)) << " | " << cell(option->get_description()) << " |\n";
  }
  if (header) out << '\n';
}

}  // namespace

const std::vector<ExitStatus>& exit_statuses() {
  static const std::vector<ExitStatus> statuses = {
      {"0", "success (also `--help` and `--version`)"},
      {"1",
       "the command ran and failed: a storage, study file or measurement error, a trial number "
       "that does not exist ... (a message on stderr names the problem and the fix)"},
      {"2",
       "the arguments are wrong, and nothing was done: an unknown option or subcommand, a "
       "missing required one, or a value out of range (a sampling interval under 1 ms; a "
       "non-finite or non-positive `--watts-per-core`, `--grid-intensity` or `--seconds`; a PUE "
       "below 1 or not finite; an unreadable energy or duration such as `--energy-budget "
       "lots`). The message names the option and what it must be"},
      {"130",
       "`ecopt tune` or `ecopt worker` interrupted by Ctrl-C (SIGINT/SIGTERM); the study "
       "resumes when run again"},
      {"other",
       "`ecopt measure` exits with its command's own status (128 + the signal's number when a "
       "signal killed it); 127 when the command was not found, 126 when it was found but "
       "could not be run"},
  };
  return statuses;
}

std::string command_reference(const CLI::App& app, const std::string& path) {
  std::ostringstream out;
  out << "### `" << path << "`\n\n";
  if (!app.get_description().empty()) out << app.get_description() << "\n\n";
  out << "Usage: `" << usage(app, path) << "`\n\n";
  write_options(out, app);
  if (!app.get_footer().empty()) out << app.get_footer() << "\n\n";
  const auto subcommands = subcommands_of(app);
  if (!subcommands.empty()) {
    out << "Commands:";
    for (const CLI::App* sub : subcommands) out << " `" << sub->get_name() << "`";
    out << ".\n\n";
  }
  for (const CLI::App* sub : subcommands)
    out << command_reference(*sub, path + " " + sub->get_name());
  return out.str();
}

std::string command_list(const CLI::App& root) {
  std::ostringstream out;
  out << "| command | what it does |\n|---|---|\n";
  for (const CLI::App* sub : subcommands_of(root)) {
    out << "| `ecopt " << sub->get_name() << "` | " << cell(sub->get_description()) << " |\n";
  }
  return out.str();
}

std::string full_reference(const CLI::App& root) {
  std::ostringstream out;
  out << "## Commands\n\n" << command_list(root) << '\n';
  for (const CLI::App* sub : subcommands_of(root)) {
    out << command_reference(*sub, "ecopt " + sub->get_name());
  }
  out << "## Exit status\n\n| status | meaning |\n|---|---|\n";
  for (const ExitStatus& status : exit_statuses()) {
    out << "| " << status.status << " | " << cell(status.meaning) << " |\n";
  }
  return out.str();
}

const CLI::App* find_command(const CLI::App& root, const std::vector<std::string>& names) {
  const CLI::App* app = &root;
  for (const std::string& name : names) {
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : subcommands_of(*app))
      if (sub->get_name() == name) next = sub;
    if (next == nullptr) return nullptr;
    app = next;
  }
  return app;
}

}  // namespace ecopt::cli
