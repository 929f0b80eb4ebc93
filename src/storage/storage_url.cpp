#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
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
  for (const auto& [secret, replacement] : replacements) {
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + replacement.size())) {
      text.replace(at, secret.size(), replacement);
    }
  }
  return text;
}

std::unique_ptr<Storage> open_storage(const std::string& url) {
  return open_storage(url, OpenMode::create);
}

std::unique_ptr<Storage> open_storage(const std::string& url, OpenMode mode) {
  // As in Optuna/SQLAlchemy: sqlite:///relative.db (three slashes) and
  // sqlite:////absolute/path.db (four: the path itself starts with '/').
  constexpr std::string_view kSqlite = "sqlite:///";
  if (url.rfind(kSqlite, 0) == 0) {
    const std::string path = url.substr(kSqlite.size());
    if (path.empty()) {
      throw StorageError("storage URL '" + url +
                         "' has no file name; write sqlite:///study.db or sqlite:////abs/path.db");
    }
    if (mode == OpenMode::existing && !std::filesystem::exists(path)) {
      throw StorageError("no such study file: " + path +
                         " (create it with ecopt tune / ecopt study create)");
    }
    return open_sqlite_storage(path);
  }
  // libpq's URI forms.
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return open_postgres_storage(url);
  }
  throw StorageError("unsupported storage URL '" + redact_url(url) +
                     "'; use sqlite:///relative/path.db, sqlite:////absolute/path.db or "
                     "postgresql://user:password@host:port/database");
}

}  // namespace ecopt::storage
