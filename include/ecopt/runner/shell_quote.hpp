#pragma once
// Quoting for the one shell script ecopt writes (the sbatch script, slurm.hpp). Trials
// never go through a shell; only Slurm needs a script.

#include <string>
#include <string_view>

namespace ecopt::runner {

/// Throws std::invalid_argument naming `what` when `text` holds a control character
/// (newline, ESC, NUL ...): in a script, a newline starts a new command or #SBATCH line.
void require_printable(std::string_view what, std::string_view text);

/// `text` as one bash word that expands to exactly `text`: in single quotes, each
/// single quote written '\''. Nothing inside ($, `, \, ") is special. Throws
/// std::invalid_argument for control characters (require_printable).
[[nodiscard]] std::string shell_quoted(std::string_view what, std::string_view text);

}  // namespace ecopt::runner
