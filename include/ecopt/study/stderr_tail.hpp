#pragma once
// The last lines of a failed trial's stderr, as ecopt keeps them with the trial. Trial
// output is untrusted: whatever a trial wrote, what is kept is bounded and valid UTF-8,
// so every store (PostgreSQL rejects malformed UTF-8 and NUL in TEXT) and every JSON,
// CSV and HTML output takes it as it is.

#include <cstddef>
#include <string>
#include <string_view>

namespace ecopt::study {

/// The most bytes of stderr kept with a trial: enough for a Python traceback's end.
inline constexpr std::size_t kMaxStderrTailBytes = 4096;

/// `text` as a trial's stderr tail: malformed UTF-8 and NUL bytes each become U+FFFD,
/// then only the last kMaxStderrTailBytes bytes are kept, cut at a character boundary.
[[nodiscard]] std::string bounded_stderr_tail(std::string_view text);

}  // namespace ecopt::study
