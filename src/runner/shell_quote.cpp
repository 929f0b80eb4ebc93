#include "ecopt/runner/shell_quote.hpp"

#include <stdexcept>

namespace ecopt::runner {

void require_printable(std::string_view what, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      throw std::invalid_argument(std::string(what) +
                                  " contains a control character (a newline, tab, ESC or NUL); "
                                  "it would change the generated script: remove it");
    }
  }
}

std::string shell_quoted(std::string_view what, std::string_view text) {
  require_printable(what, text);
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace ecopt::runner
