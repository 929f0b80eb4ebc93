#include "ecopt/runner/terminal_text.hpp"

namespace ecopt::runner {

std::string terminal_safe(std::string_view text) {
  std::string safe(text);
  for (char& c : safe) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f) c = '?';
  }
  return safe;
}

}  // namespace ecopt::runner
