#pragma once
// Where a storage URL keeps its password (internal). One parser serves redaction
// (redact_url, redact_secrets) and the connection (the password goes to libpq as its own
// keyword, never inside the URL it parses, so libpq's messages cannot quote it).
//
// A password sits in the userinfo (`scheme://user:PASSWORD@host`) or in a `password=`
// query parameter (libpq's). The userinfo ends at the URL's LAST '@', so a raw '/', '?',
// ':' or '@' in a password is still taken as part of it; the price is that an '@' in a
// query value must be written %40. Any number of slashes after the scheme is accepted,
// so the mistyped `postgresql:/user:PW@host` is redacted too.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace ecopt::storage::detail {

struct TextSpan {
  std::size_t begin = 0;
  std::size_t length = 0;
};

/// The raw passwords' positions in `url`, sorted and not overlapping. sqlite: URLs have none.
[[nodiscard]] std::vector<TextSpan> password_spans(const std::string& url);

/// Every form a password of `url` may take in a message: raw, and percent-decoded.
[[nodiscard]] std::vector<std::string> password_forms(const std::string& url);

/// `text` with %XX escapes decoded; nullopt for a '%' not followed by two hex digits or
/// for %00, which libpq also refuses.
[[nodiscard]] std::optional<std::string> percent_decoded(const std::string& text);

/// A PostgreSQL URL split for libpq: the URL without any password, and the password.
struct LibpqTarget {
  std::string url;                      ///< no password in it
  std::optional<std::string> password;  ///< decoded
};

/// Splits `url`. Throws StorageError (naming the redacted URL, never the password) for a
/// password with a bad percent-escape.
[[nodiscard]] LibpqTarget split_password(const std::string& url);

}  // namespace ecopt::storage::detail
