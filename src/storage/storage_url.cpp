#include <filesystem>
#include <string>

#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/postgres_storage.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

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
