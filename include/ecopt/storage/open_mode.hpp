#pragma once
// Opening a storage only if it exists, for commands that only read or need a study.

#include <memory>
#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

/// Whether opening a storage may create it.
enum class OpenMode {
  create,    ///< create a missing SQLite file (ecopt tune, ecopt study create)
  existing,  ///< a missing SQLite file is an error, not a new empty database
};

/// open_storage(url), but with OpenMode::existing a missing SQLite file throws
/// StorageError "no such study file: PATH (create it with ecopt tune / ecopt study
/// create)" and creates nothing. A PostgreSQL database is never created by ecopt.
[[nodiscard]] std::unique_ptr<Storage> open_storage(const std::string& url, OpenMode mode);

}  // namespace ecopt::storage
