// Test helper: writes trials into a study as fast as it can, forever, so that a test can
// SIGKILL it at random moments (tests/storage/crash_safety_test.cpp).
//
// Usage: ecopt_test_trial_writer DB_PATH STUDY_NAME
// Each trial: ask -> record metrics -> record a phase -> tell, each its own transaction.
#include <cstdio>
#include <exception>

#include "ecopt/storage/sqlite_storage.hpp"
#include "ecopt/study/study.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DB_PATH STUDY_NAME\n", argv[0]);
    return 2;
  }
  try {
    auto storage = ecopt::storage::open_sqlite_storage(argv[1]);
    ecopt::study::Study study = ecopt::study::Study::open(*storage, argv[2]);
    for (long i = 0;; ++i) {
      const ecopt::study::Trial trial = study.ask();
      storage->record_metrics(trial.id, {{"step", static_cast<double>(i)}}, {});
      ecopt::study::PhaseMeasurement phase;
      phase.phase = "inference";
      phase.duration_s = 1.0;
      phase.energy_j = {{"cpu-package-0", 2.0}};
      phase.meter = "test";
      phase.samples = 10;
      storage->record_phase(trial.id, phase);
      const auto told = study.tell(trial, {0.5 + 1e-6 * static_cast<double>(i % 1000), 2.0});
      if (!told.recorded) throw std::runtime_error(told.why_not);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "trial_writer: %s\n", e.what());
    return 1;
  }
}
