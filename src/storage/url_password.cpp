#include "url_password.hpp"

#include <algorithm>
#include <cctype>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage::detail {
namespace {

/// A password in a URL: its value, and what to cut to take it out of the URL.
struct PasswordField {
  TextSpan value;
  TextSpan cut;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Decodes the valid %XX escapes, keeps the rest as it is (for comparing and redacting).
std::string leniently_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

/// Where the authority (userinfo@host...) starts: after a PostgreSQL scheme and any
/// number of slashes; 0 for anything that is not a known URL, so a bare `u:PW@host` is
/// redacted too; nullopt for SQLite URLs, whose paths hold no password.
std::optional<std::size_t> authority_start(const std::string& url) {
  const std::size_t colon = url.find(':');
  if (colon == std::string::npos) return 0;
  const std::string scheme = lower(url.substr(0, colon));
  if (scheme == "sqlite") return std::nullopt;
  if (scheme != "postgresql" && scheme != "postgres") return 0;
  std::size_t start = colon + 1;
  while (start < url.size() && url[start] == '/') ++start;
  return start;
}

/// The userinfo password: between the first ':' of the authority and the URL's last '@'.
std::optional<PasswordField> userinfo_password(const std::string& url, std::size_t authority) {
  const std::size_t at = url.rfind('@');
  if (at == std::string::npos || at < authority) return std::nullopt;
  const std::size_t colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return std::nullopt;
  return PasswordField{{colon + 1, at - colon - 1}, {colon, at - colon}};
}

/// `password=` items: in a query (after '?' or '&', up to the next '&') or in a libpq
/// keyword string (at the start or after a space, up to the next space).
std::vector<PasswordField> keyword_passwords(const std::string& url, std::size_t from) {
  std::vector<PasswordField> fields;
  for (std::size_t key = from; key < url.size(); ++key) {
    const bool in_query = key > 0 && (url[key - 1] == '?' || url[key - 1] == '&');
    const bool in_keywords = key == 0 || url[key - 1] == ' ';
    if (!in_query && !in_keywords) continue;
    const std::size_t equals = url.find('=', key);
    if (equals == std::string::npos) break;
    const std::string name = url.substr(key, equals - key);
    if (name.find_first_of(in_query ? "&?" : " ") != std::string::npos) continue;
    if (lower(leniently_decoded(name)) != "password") continue;
    const std::size_t value = equals + 1;
    std::size_t end = url.find(in_query ? '&' : ' ', value);
    if (end == std::string::npos) end = url.size();
    // Cut the item with the '&' after it, or, the last item, with the delimiter before it.
    const TextSpan cut = end < url.size() ? TextSpan{key, end + 1 - key}
                                          : TextSpan{key - (key > 0 ? 1 : 0), end - key + 1};
    fields.push_back({{value, end - value}, cut});
  }
  return fields;
}

std::vector<PasswordField> password_fields(const std::string& url) {
  const std::optional<std::size_t> authority = authority_start(url);
  if (!authority) return {};
  std::vector<PasswordField> fields;
  const std::optional<PasswordField> userinfo = userinfo_password(url, *authority);
  if (userinfo) fields.push_back(*userinfo);
  // Query items after the userinfo (a '?' inside the password is not a query).
  const std::size_t after = userinfo ? userinfo->cut.begin + userinfo->cut.length : *authority;
  for (const PasswordField& f : keyword_passwords(url, after)) fields.push_back(f);
  // Text that is not a URL may be a keyword string: its `password=` items count even
  // where a ':' and an '@' elsewhere make a userinfo that starts before them
  // ("hostaddr=::1 password=p@ss"); overlapping spans are merged by password_spans.
  if (*authority == 0) {
    for (const PasswordField& f : keyword_passwords(url, 0)) {
      if (f.value.begin <= after) fields.push_back(f);  // its key starts before `after`
    }
  }
  std::sort(fields.begin(), fields.end(), [](const PasswordField& a, const PasswordField& b) {
    return a.value.begin < b.value.begin;
  });
  return fields;
}

}  // namespace

std::vector<TextSpan> password_spans(const std::string& url) {
  std::vector<TextSpan> spans;
  for (const PasswordField& f : password_fields(url)) {
    if (!spans.empty() && f.value.begin <= spans.back().begin + spans.back().length) {
      const std::size_t end =
          std::max(spans.back().begin + spans.back().length, f.value.begin + f.value.length);
      spans.back().length = end - spans.back().begin;
    } else {
      spans.push_back(f.value);
    }
  }
  return spans;
}

std::vector<std::string> password_forms(const std::string& url) {
  std::vector<std::string> forms;
  for (const TextSpan& span : password_spans(url)) {
    const std::string raw = url.substr(span.begin, span.length);
    forms.push_back(raw);
    forms.push_back(leniently_decoded(raw));
  }
  return forms;
}

std::optional<std::string> percent_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0 || high + low == 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

LibpqTarget split_password(const std::string& url) {
  LibpqTarget target{url, std::nullopt};
  const std::vector<PasswordField> fields = password_fields(url);
  for (auto field = fields.rbegin(); field != fields.rend(); ++field) {
    const std::optional<std::string> decoded =
        percent_decoded(url.substr(field->value.begin, field->value.length));
    if (!decoded) {
      throw StorageError("storage URL " + redact_url(url) +
                         ": the password has a '%' that is not a %XX escape (or is %00); "
                         "write a literal '%' as %25");
    }
    if (!target.password) target.password = *decoded;  // the last one, as libpq takes it
    target.url.erase(field->cut.begin, field->cut.length);
  }
  return target;
}

}  // namespace ecopt::storage::detail
