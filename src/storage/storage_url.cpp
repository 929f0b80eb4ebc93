#include <string>

#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

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
  throw StorageError("unsupported storage URL '" + url +
                     "'; use sqlite:///relative/path.db or sqlite:////absolute/path.db");
}

}  // namespace ecopt::storage
