// Writes the report tests' fixture study into an SQLite file, for the CLI and browser
// test: make_study FILE.db [--three] [--factor F] [--noise-seed N] [--no-hardware]
//                  [--trials N] [--name NAME]
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "ecopt/storage/sqlite_storage.hpp"
#include "study_fixture.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: %s FILE.db [--three] [--factor F] [--noise-seed N] [--no-hardware] "
                 "[--trials N] [--name NAME]\n",
                 argv[0]);
    return 2;
  }
  ecopt::report::testing::FixtureOptions options;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--three") {
      options.three_objectives = true;
      options.name = "fashion-cnn-3";
    } else if (arg == "--factor" && i + 1 < argc) {
      options.machine_factor = std::atof(argv[++i]);
    } else if (arg == "--noise-seed" && i + 1 < argc) {
      options.noise_seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--trials" && i + 1 < argc) {
      options.trials = std::atoi(argv[++i]);
    } else if (arg == "--name" && i + 1 < argc) {
      options.name = argv[++i];
    } else if (arg == "--no-hardware") {
      options.hardware_attrs = false;
    } else {
      std::fprintf(stderr, "make_study: unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  try {
    auto storage = ecopt::storage::open_sqlite_storage(argv[1]);
    ecopt::report::testing::make_fixture_study(*storage, options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_study: %s\n", e.what());
    return 1;
  }
  return 0;
}
