#pragma once
// The study a study file defines, for the commands that run it (tune, slurm submit).

#include <optional>
#include <string>

#include "ecopt/storage/storage.hpp"
#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::cli {

/// Opens the study `config` names in `storage`, or creates it there. A study created from
/// a different definition is refused, since one name would then mix two searches: the
/// returned message names the study, the storage and the file, and ends with `fix`.
/// Nothing is returned when `study` holds the study.
inline std::optional<std::string> open_or_create_study(storage::Storage& storage,
                                                       const study::StudyConfig& config,
                                                       const std::string& file,
                                                       const std::string& fix,
                                                       std::optional<study::Study>& study) {
  if (!storage.find_study(config.name)) {
    study.emplace(study::Study::create(storage, config));
    return std::nullopt;
  }
  study.emplace(study::Study::open(storage, config.name));
  if (study->defined_by(config)) return std::nullopt;
  std::string differences;
  for (const std::string& d : study::config_differences(study->config(), config))
    differences += (differences.empty() ? " (" : "; ") + d;
  return "study '" + config.name + "' in " + storage.url() +
         " was created from a different definition than " + file +
         (differences.empty() ? "" : differences + ")") + "; " + fix;
}

}  // namespace ecopt::cli
