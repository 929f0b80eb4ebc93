#pragma once
// Text from trials (their messages, names, errors) is untrusted: printed raw, an escape
// sequence (ESC [ ..., OSC ESC ] ... BEL) could retitle, recolour or rewrite the user's
// terminal. Everything ecopt prints for a person goes through terminal_safe.

#include <string>
#include <string_view>

namespace ecopt::runner {

/// `text` with every control character but newline and tab (ESC, BEL, CR, DEL, NUL ...)
/// replaced by '?'.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace ecopt::runner
