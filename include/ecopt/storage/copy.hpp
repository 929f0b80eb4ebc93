#pragma once
// Moving studies between storages: a laptop's SQLite file to the cluster's PostgreSQL
// and back (`ecopt storage copy`).

#include <cstdint>
#include <string>
#include <vector>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage {

struct CopiedStudy {
  std::string name;
  std::int64_t trials = 0;
};

/// Copies the studies named in `names` (every study when empty) from `from` into `to`,
/// each in one transaction, with all their trials as they are: numbers, states, values,
/// phases, hosts and times. Throws StorageError before copying anything when a study is
/// missing in `from` or already present in `to`.
std::vector<CopiedStudy> copy_studies(Storage& from, Storage& to,
                                      const std::vector<std::string>& names = {});

}  // namespace ecopt::storage
