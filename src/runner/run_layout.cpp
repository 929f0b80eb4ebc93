#include "ecopt/runner/run_layout.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace ecopt::runner {

std::string run_key(const std::string& storage_url, std::int64_t study_id, double created_unix_s) {
  char created[64];
  std::snprintf(created, sizeof created, "%.0f", created_unix_s * 1e6);
  const std::string text =
      storage::redact_url(storage_url) + "\n" + std::to_string(study_id) + "\n" + created;
  // FNV-1a, 64 bits: a stable name, not a secret; collisions only matter between the few
  // studies of one name, and 40 bits make them vanishingly rare there.
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char key[32];
  std::snprintf(key, sizeof key, "%010llx",
                static_cast<unsigned long long>(hash >> 24));  // the top 40 bits
  return key;
}

RunLayout::RunLayout(std::filesystem::path runs_dir, const std::string& study_name, std::string key)
    : study_dir_(std::move(runs_dir) / study_name), root_(study_dir_ / key) {}

RunLayout RunLayout::of(const storage::StudyRecord& study, const std::string& storage_url) {
  return RunLayout(study.config.run.runs_dir, study.config.name,
                   run_key(storage_url, study.id, study.created_unix_s));
}

std::filesystem::path RunLayout::trial_dir(std::int64_t number) const {
  return root_ / std::to_string(number);
}

std::filesystem::path RunLayout::unrecorded_file() const {
  return study_dir_ / "unrecorded-results.jsonl";
}

void RunLayout::ensure_writable() const {
  const std::string fix = "; set run.runs_dir in the study file to a folder you can write";
  std::error_code error;
  std::filesystem::create_directories(root_, error);
  if (error) {
    throw std::runtime_error("cannot create the trial output folder " + root_.string() + ": " +
                             error.message() + fix);
  }
  const std::filesystem::path probe = root_ / (".ecopt-write-check-" + std::to_string(getpid()));
  {
    std::ofstream out(probe);
    out << "ok\n";
    out.flush();
    if (!out) {
      throw std::runtime_error("cannot write in the trial output folder " + root_.string() + ": " +
                               std::strerror(errno) + fix);
    }
  }
  std::filesystem::remove(probe, error);
}

}  // namespace ecopt::runner
