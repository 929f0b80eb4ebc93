#pragma once
// Shared output conventions for the CLI: numbers at full precision (C's %.15g, as moocore
// prints them), and messages on stderr prefixed with the command, after stdout is
// flushed so the two streams interleave in the order they were written.

#include <cstdio>
#include <string>
#include <string_view>

namespace ecopt::cli {

/// ecopt's own exit statuses (docs/cli.md). `ecopt measure` passes its command's status
/// through instead, and says 127 or 126 when the command could not be started.
inline constexpr int kExitFailure = 1;  ///< the command ran and failed, with a message
inline constexpr int kExitUsage = 2;    ///< the arguments are wrong: nothing was done

inline void print_number(double value, char terminator = '\n') {
  std::printf("%.15g%c", value, terminator);
}

inline void message(std::string_view command, std::string_view kind, const std::string& text) {
  std::fflush(stdout);
  std::fprintf(stderr, "ecopt %.*s: %.*s: %s\n", static_cast<int>(command.size()), command.data(),
               static_cast<int>(kind.size()), kind.data(), text.c_str());
}

inline void warning(std::string_view command, const std::string& text) {
  message(command, "warning", text);
}

/// Prints the error and returns the exit status for a failed command.
inline int error(std::string_view command, const std::string& text) {
  message(command, "error", text);
  return kExitFailure;
}

}  // namespace ecopt::cli
