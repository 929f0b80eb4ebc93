// Taking passwords out of storage URLs and of messages that may quote them. Apart from
// opening storages (storage_url.cpp) so that the redactor builds and is fuzzed alone.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "url_password.hpp"

namespace ecopt::storage {

std::string redact_url(const std::string& url) {
  std::string redacted = url;
  const std::vector<detail::TextSpan> spans = detail::password_spans(url);
  // From the back, so earlier positions stay valid.
  for (auto span = spans.rbegin(); span != spans.rend(); ++span)
    redacted.replace(span->begin, span->length, "***");
  return redacted;
}

std::string redact_secrets(std::string text, const std::string& url) {
  // The raw URL first (libpq quotes it whole in some messages), then every form its
  // password can take, longest first so a shorter one does not split a longer one.
  std::vector<std::pair<std::string, std::string>> replacements;
  const std::string redacted = redact_url(url);
  if (redacted != url) replacements.emplace_back(url, redacted);
  std::vector<std::string> secrets = detail::password_forms(url);
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& secret : secrets) replacements.emplace_back(secret, "***");
  // One pass over the text: what was written in place of a secret is never searched
  // again, so a secret that occurs in its own mask ("*" in "***") cannot multiply.
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    const auto match = std::find_if(replacements.begin(), replacements.end(), [&](const auto& r) {
      return !r.first.empty() && text.compare(at, r.first.size(), r.first) == 0;
    });
    if (match == replacements.end()) {
      out += text[at++];
      continue;
    }
    out += match->second;
    at += match->first.size();
  }
  return out;
}

}  // namespace ecopt::storage
