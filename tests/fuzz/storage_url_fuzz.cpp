// Fuzzes the storage-URL password parser and the redactor (redact_url, redact_secrets,
// and split_password, which hands libpq the password apart from the URL).
// The input is "SHAPE USER \n PASSWORD \n REST \n TEXT": the harness builds a URL of one
// of the shapes people write, so it knows the password, then checks that
// - no redacted URL, redacted message or split-off URL contains the password (raw or
//   percent-decoded), and no error message does;
// - for unambiguous URLs, redaction gives exactly the URL with "***" for the password,
//   and split_password gives the decoded password, or StorageError for a bad escape;
// - any bytes at all are handled without a crash.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ecopt/storage/storage.hpp"
#include "fuzz_check.hpp"
#include "storage/url_password.hpp"

namespace {

using namespace ecopt;

struct Parts {
  unsigned shape = 0;
  std::string user, password, rest, text;
};

Parts split_input(std::string_view bytes) {
  Parts parts;
  if (!bytes.empty()) {
    parts.shape = static_cast<unsigned char>(bytes.front()) % 4;
    bytes.remove_prefix(1);
  }
  std::string* fields[] = {&parts.user, &parts.password, &parts.rest, &parts.text};
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t newline = i < 3 ? bytes.find('\n') : std::string_view::npos;
    *fields[i] = std::string(bytes.substr(0, newline));
    if (newline == std::string_view::npos) break;
    bytes.remove_prefix(newline + 1);
  }
  return parts;
}

/// The URL of `shape` with `password` in its place.
std::string url_with(const Parts& p, const std::string& password) {
  switch (p.shape) {
    case 0:
      return "postgresql://" + p.user + ":" + password + "@" + p.rest;
    case 1:  // the mistyped single-slash form
      return "postgres:/" + p.user + ":" + password + "@" + p.rest;
    case 2:
      return "postgresql://" + p.user + "@" + p.rest + "?password=" + password;
    default:  // a libpq keyword string
      return "host=" + p.rest + " user=" + p.user + " password=" + password;
  }
}

/// The URL of `shape` with its password item cut out, as split_password hands it to libpq.
std::string without_password(const Parts& p) {
  switch (p.shape) {
    case 0:
    case 2:
      return "postgresql://" + p.user + "@" + p.rest;
    case 1:
      return "postgres:/" + p.user + "@" + p.rest;
    default:
      return "host=" + p.rest + " user=" + p.user;
  }
}

bool has_any(const std::string& text, std::string_view chars) {
  return text.find_first_of(chars) != std::string::npos;
}

/// Whether the whole field is a password by the shape's grammar: a query value ends at
/// '&' (and an '@' in it must be written %40), a keyword value at a space.
bool coverable(const Parts& p) {
  if (p.shape == 2) return !has_any(p.password, "&@");
  if (p.shape == 3) return !has_any(p.password, " ");
  return true;
}

/// Whether the shape's fields leave no doubt where the password is.
bool unambiguous(const Parts& p) {
  if (has_any(p.user, std::string_view(":@ ?&=\0", 7))) return false;
  switch (p.shape) {
    case 0:
    case 1:
      return !has_any(p.rest, "@=");
    case 2:
      return !has_any(p.rest, "@=?& ") && !has_any(p.password, "@?& ");
    default:
      return !has_any(p.rest, "@:= ?&") && !has_any(p.password, "@: ?&") && !has_any(p.user, "=?&");
  }
}

/// libpq's percent-decoding: nullopt for a '%' without two hex digits, and for %00.
std::optional<std::string> decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    auto hex = [&](std::size_t at) {
      return at < text.size() && std::isxdigit(static_cast<unsigned char>(text[at]));
    };
    if (!hex(i + 1) || !hex(i + 2)) return std::nullopt;
    const int byte = std::stoi(text.substr(i + 1, 2), nullptr, 16);
    if (byte == 0) return std::nullopt;
    out += static_cast<char>(byte);
    i += 2;
  }
  return out;
}

/// Checks that `secret` is absent from `output`, unless the harness cannot tell: the
/// secret is empty, holds the mask's '*', or occurs in `context` anyway.
void check_absent(const std::string& secret, const std::string& output, const std::string& context,
                  std::string_view property) {
  if (secret.empty() || secret.find('*') != std::string::npos) return;
  if (context.find(secret) != std::string::npos) return;
  fuzz::check(output.find(secret) == std::string::npos, property, output);
}

void check_split(const Parts& p, const std::string& url, const std::string& masked) {
  const std::optional<std::string> password = decoded(p.password);
  try {
    const storage::detail::LibpqTarget target = storage::detail::split_password(url);
    fuzz::check(password.has_value(), "a bad percent-escape in a password is refused", url);
    fuzz::check(target.password == password, "split_password gives the decoded password", url);
    fuzz::check(target.url == without_password(p), "the URL for libpq is the URL less its password",
                target.url);
  } catch (const storage::StorageError& e) {
    fuzz::check(!password.has_value(), "a well-formed password is split off", e.what());
    // The message quotes the redacted URL (checked above), then fixed advice.
    const std::string quoted = ("storage URL " + masked + ":").c_str();  // what() ends at NUL
    fuzz::check(std::string_view(e.what()).starts_with(quoted),
                "a URL error quotes only the redacted URL", e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Any bytes at all as a URL: no crash. (Not checked yet: that redacting twice changes
  // nothing more. A query item and a keyword item overlapping in one URL break it.)
  const std::string raw(bytes);
  (void)storage::redact_url(raw);
  (void)storage::redact_secrets(raw, raw);

  const Parts p = split_input(bytes);
  const std::string url = url_with(p, p.password);
  const std::string masked = url_with(p, "***");
  const std::string redacted = storage::redact_url(url);
  if (!coverable(p)) return 0;
  check_absent(p.password, redacted, masked, "redact_url removes the password");
  // An ambiguous URL's password, as the redactor reads it, is longer than the field the
  // harness filled in (the userinfo runs to the last '@'): covered above, not equal.
  if (!unambiguous(p)) return 0;
  const std::string message =
      p.text + url + p.text + p.password + p.text + decoded(p.password).value_or("") + p.text;
  const std::string clean = storage::redact_secrets(message, url);
  // What a correct redaction writes: the password may still appear in it by chance
  // (across the edge of the text and the masked URL), and then cannot be told apart.
  const std::string context = p.text + masked + p.text + "***" + p.text + "***" + p.text;
  check_absent(p.password, clean, context, "redact_secrets removes the raw password");
  if (const auto plain = decoded(p.password))
    check_absent(*plain, clean, context + p.password,
                 "redact_secrets removes the decoded password");
  fuzz::check(redacted == masked, "an unambiguous URL redacts to exactly the masked URL",
              redacted + " vs " + masked);
  check_split(p, url, masked);
  return 0;
}
