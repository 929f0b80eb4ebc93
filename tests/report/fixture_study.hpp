#pragma once
// The fixture study (study_fixture.hpp) in a SQLite file of its own, read back as the
// report reads it: its record and its trials.

#include <memory>
#include <vector>

#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report::testing {

/// A fixture study made with `options`, read back.
struct FixtureStudy {
  explicit FixtureStudy(const FixtureOptions& options = {})
      : storage(storage::open_sqlite_storage(dir.file("s.db"))) {
    make_fixture_study(*storage, options);
    record = *storage->find_study(options.name);
    trials = storage->trials(record.id);
  }
  ecopt::testing::TempDir dir;
  std::unique_ptr<storage::Storage> storage;
  storage::StudyRecord record;
  std::vector<study::Trial> trials;
};

}  // namespace ecopt::report::testing
