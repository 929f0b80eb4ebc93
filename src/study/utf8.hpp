#pragma once
// UTF-8 validation (internal): study files are stored as JSON, which must be UTF-8, so a
// stray Latin-1 byte is reported where it is instead of failing later inside the JSON
// library.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ecopt::study::detail {

/// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629: no
/// overlong forms, no surrogates, nothing above U+10FFFF); nullopt when all is well.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text);

/// `text` with each byte that does not belong to well-formed UTF-8, and each NUL, replaced
/// by U+FFFD (the replacement character), as for output that is kept but not trusted.
[[nodiscard]] std::string valid_utf8(std::string_view text);

}  // namespace ecopt::study::detail
