#pragma once
// Which storage a command uses, in this order (docs/cli.md):
//   1. --storage URL
//   2. the study file's `storage:` (commands that read a study file)
//   3. the ECOPT_STORAGE environment variable
//   4. sqlite:///NAME.db for a command that names a study (the study file's default too)

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "ecopt/study/study_file.hpp"

namespace ecopt::cli {

inline std::string resolve_storage(const std::string& flag, const std::string& from_study_file,
                                   const std::string& study_name) {
  return study::resolve_storage_url(flag, from_study_file, study_name);
}

/// --study NAME (required) and --storage URL, for commands that work on one stored study.
inline void add_study_and_storage(CLI::App* cmd, std::string& study, std::string& storage) {
  cmd->add_option("--study", study, "Study name")->required();
  cmd->add_option("--storage", storage,
                  "Storage URL (sqlite:///path.db or postgresql://user@host/db); default: "
                  "$ECOPT_STORAGE, else sqlite:///STUDY.db");
}

}  // namespace ecopt::cli
