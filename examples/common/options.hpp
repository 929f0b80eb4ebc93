#pragma once
// A small command-line parser shared by the example trials. One table of options is the
// source for parsing, defaults and --help (STYLE.md, habit 8). Accepts `--name value` and
// `--name=value`, the two forms ecopt's `command:` templates and `pass_params: args`
// produce. Errors name the option and what was expected.

#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ecopt_examples {

struct OptionSpec {
  std::string name;           // without the leading "--"
  std::string default_value;  // "" means no default: the option is then optional text
  std::string help;
};

/// A usage error: the program prints it with a hint to --help and exits with status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Options {
 public:
  Options(std::string program, std::string summary, std::vector<OptionSpec> specs)
      : program_(std::move(program)), summary_(std::move(summary)), specs_(std::move(specs)) {
    for (const auto& spec : specs_) values_[spec.name] = spec.default_value;
  }

  /// Parses argv; returns false when --help was asked for (and printed).
  bool parse(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        print_help(std::cout);
        return false;
      }
      if (arg.rfind("--", 0) != 0) throw UsageError("unexpected argument '" + arg + "'");
      arg = arg.substr(2);
      std::string value;
      if (const auto eq = arg.find('='); eq != std::string::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
      } else {
        if (i + 1 >= argc) throw UsageError("--" + arg + ": missing value");
        value = argv[++i];
      }
      if (!values_.contains(arg)) throw UsageError("unknown option --" + arg);
      values_[arg] = value;
    }
    return true;
  }

  const std::string& text(const std::string& name) const { return values_.at(name); }

  std::int64_t integer(const std::string& name) const {
    const std::string& value = text(name);
    char* end = nullptr;
    const long long parsed = std::strtoll(value.c_str(), &end, 10);  // NOLINT(runtime/int)
    if (value.empty() || *end != '\0')
      throw UsageError("--" + name + ": expected an integer, got '" + value + "'");
    return static_cast<std::int64_t>(parsed);
  }

  /// An integer that must lie in [low, high].
  std::int64_t integer_in(const std::string& name, std::int64_t low, std::int64_t high) const {
    const std::int64_t value = integer(name);
    if (value < low || value > high)
      throw UsageError("--" + name + ": " + std::to_string(value) + " is outside [" +
                       std::to_string(low) + ", " + std::to_string(high) + "]");
    return value;
  }

  double real(const std::string& name) const {
    const std::string& value = text(name);
    char* end = nullptr;
    const double parsed = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0')
      throw UsageError("--" + name + ": expected a number, got '" + value + "'");
    return parsed;
  }

  /// ecopt passes bools as true/false; 1/0, yes/no and on/off are accepted too.
  bool flag(const std::string& name) const {
    const std::string& value = text(name);
    if (value == "true" || value == "1" || value == "yes" || value == "on") return true;
    if (value == "false" || value == "0" || value == "no" || value == "off") return false;
    throw UsageError("--" + name + ": expected true or false, got '" + value + "'");
  }

  /// One of `choices`, or a usage error listing them.
  const std::string& choice(const std::string& name,
                            const std::vector<std::string>& choices) const {
    const std::string& value = text(name);
    std::string listed;
    for (const auto& c : choices) {
      if (c == value) return value;
      listed += (listed.empty() ? "" : ", ") + c;
    }
    throw UsageError("--" + name + ": expected one of " + listed + ", got '" + value + "'");
  }

  void print_help(std::ostream& out) const {
    out << "usage: " << program_ << " [--option value ...]\n" << summary_ << "\n\noptions:\n";
    for (const auto& spec : specs_) {
      out << "  --" << spec.name;
      if (!spec.default_value.empty()) out << " (default " << spec.default_value << ")";
      out << "\n      " << spec.help << "\n";
    }
  }

  const std::string& program() const { return program_; }

 private:
  std::string program_;
  std::string summary_;
  std::vector<OptionSpec> specs_;
  std::map<std::string, std::string> values_;
};

}  // namespace ecopt_examples
