#include "ecopt/study/stderr_tail.hpp"

#include "utf8.hpp"

namespace ecopt::study {

std::string bounded_stderr_tail(std::string_view text) {
  std::string valid = detail::valid_utf8(text);
  if (valid.size() <= kMaxStderrTailBytes) return valid;
  std::size_t start = valid.size() - kMaxStderrTailBytes;
  // Continuation bytes (10xxxxxx) are inside a character: start at the next one.
  while (start < valid.size() && (static_cast<unsigned char>(valid[start]) & 0xC0) == 0x80) ++start;
  return valid.substr(start);
}

}  // namespace ecopt::study
