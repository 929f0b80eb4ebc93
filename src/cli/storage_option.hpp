#pragma once
// Which storage a command uses, in this order (docs/cli.md):
//   1. --storage URL
//   2. the study file's `storage:` (commands that read a study file)
//   3. the ECOPT_STORAGE environment variable
//   4. sqlite:///NAME.db for a command that names a study (the study file's default too)

#include <cstdlib>
#include <optional>
#include <string>

#include "ecopt/study/study_file.hpp"

namespace ecopt::cli {

inline std::string resolve_storage(const std::string& flag, const std::string& from_study_file,
                                   const std::string& study_name) {
  if (!flag.empty()) return flag;
  if (!from_study_file.empty()) return from_study_file;
  if (const char* env = std::getenv("ECOPT_STORAGE"); env != nullptr && *env != '\0') return env;
  if (!study_name.empty()) return study::default_storage_url(study_name);
  return {};
}

}  // namespace ecopt::cli
