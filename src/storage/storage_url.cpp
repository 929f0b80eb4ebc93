#include <string>

#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

std::string redact_url(const std::string& url) {
  std::string redacted = url;
  const std::size_t scheme_end = redacted.find("://");
  if (scheme_end != std::string::npos) {
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = redacted.find_first_of("/?", authority);
    const std::size_t at = redacted.rfind(
        '@', authority_end == std::string::npos ? std::string::npos : authority_end - 1);
    if (at != std::string::npos && at >= authority) {
      const std::size_t colon = redacted.find(':', authority);
      if (colon != std::string::npos && colon < at)
        redacted.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // libpq also takes the password as a query parameter.
  for (std::size_t key = redacted.find("password="); key != std::string::npos;
       key = redacted.find("password=", key + 1)) {
    if (key > 0 && redacted[key - 1] != '?' && redacted[key - 1] != '&') continue;
    const std::size_t value = key + std::string("password=").size();
    const std::size_t end = redacted.find('&', value);
    redacted.replace(value, (end == std::string::npos ? redacted.size() : end) - value, "***");
  }
  return redacted;
}

std::unique_ptr<Storage> open_storage(const std::string& url) {
  // As in Optuna/SQLAlchemy: sqlite:///relative.db (three slashes) and
  // sqlite:////absolute/path.db (four: the path itself starts with '/').
  constexpr std::string_view kSqlite = "sqlite:///";
  if (url.rfind(kSqlite, 0) == 0) {
    const std::string path = url.substr(kSqlite.size());
    if (path.empty()) {
      throw StorageError("storage URL '" + url +
                         "' has no file name; write sqlite:///study.db or sqlite:////abs/path.db");
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
