#pragma once
// Where a run's files go: RUNS_DIR/STUDY/KEY/TRIAL/ for each trial's stdout, stderr and
// protocol warnings. KEY is a short hash of the storage (URL, password redacted), the
// study's id and its creation time, so the same study name in another storage, or a study
// deleted and created again, gets a folder of its own and no earlier log is overwritten.

#include <cstdint>
#include <filesystem>
#include <string>

#include "ecopt/storage/storage.hpp"

namespace ecopt::runner {

/// 10 hex digits of FNV-1a over the redacted storage URL, the study id and its creation
/// time (microseconds): stable for one study, different for another study of that name.
[[nodiscard]] std::string run_key(const std::string& storage_url, std::int64_t study_id,
                                  double created_unix_s);

class RunLayout {
 public:
  /// `runs_dir` as the study file gives it (relative to the current directory).
  RunLayout(std::filesystem::path runs_dir, const std::string& study_name, std::string key);
  /// The layout of `study` in `storage_url`.
  static RunLayout of(const storage::StudyRecord& study, const std::string& storage_url);

  /// RUNS_DIR/STUDY/KEY: every trial folder of this study is under it.
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  /// RUNS_DIR/STUDY/KEY/NUMBER: the trial's stdout.log, stderr.log, protocol-warnings.log.
  [[nodiscard]] std::filesystem::path trial_dir(std::int64_t number) const;
  /// RUNS_DIR/STUDY/unrecorded-results.jsonl: results the storage could not take (appended
  /// to, never overwritten, so one file per study name serves every storage).
  [[nodiscard]] std::filesystem::path unrecorded_file() const;

  /// Creates root() and writes a file in it, so an unusable runs_dir stops `tune` before
  /// any trial starts instead of failing every trial in turn. Throws std::runtime_error
  /// naming the folder, why, and the run.runs_dir key to change.
  void ensure_writable() const;

 private:
  std::filesystem::path study_dir_;
  std::filesystem::path root_;
};

}  // namespace ecopt::runner
