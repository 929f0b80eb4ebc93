#pragma once
// Property checks shared by the fuzz harnesses. A broken property aborts with a message,
// so libFuzzer (or the corpus driver in ordinary builds) reports the input as a crash.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace ecopt::fuzz {

[[noreturn]] inline void property_failed(std::string_view property, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(property.size()),
               property.data());
  if (!detail.empty())
    std::fprintf(stderr, "  detail: %.*s\n", static_cast<int>(detail.size()), detail.data());
  std::abort();
}

inline void check(bool holds, std::string_view property, std::string_view detail = {}) {
  if (!holds) property_failed(property, detail);
}

/// A double as round-trip text (17 significant digits), for harnesses that format a value
/// they generated and parse it back.
inline std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

}  // namespace ecopt::fuzz
