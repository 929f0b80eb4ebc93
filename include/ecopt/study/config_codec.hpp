#pragma once
// How storages keep a study's config: versioned JSON.
//
// to_json_text writes {"format": N, ...} in the study file's vocabulary. from_json_text
// reads every format ecopt ever wrote: it migrates older formats forward and ignores keys
// it does not know, so a database written by another ecopt version still opens after a
// key is renamed or removed. Study files, which people write, go through the strict
// parser instead (study_file.hpp), which rejects unknown keys.

#include <string>
#include <string_view>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/study_file_error.hpp"

namespace ecopt::study {

/// The format to_json_text writes. 1: no "format" key (before the key table drove the
/// codec); 2: "format" first, values as the key table formats them, defaults left out;
/// 3: a pruner's parameters stored whole, defaults included, so that a later change of
/// a default never changes how a stored study prunes.
inline constexpr int kConfigFormat = 3;

/// The config as versioned JSON text that from_json_text reads back to an equal config.
[[nodiscard]] std::string to_json_text(const StudyConfig& config);

/// The keys whose stored values differ, "pruner.eta: 3 stored, 2 in the file", for a
/// study file that does not define the stored study (a default the file relies on
/// counts as the value it gives).
[[nodiscard]] std::vector<std::string> config_differences(const StudyConfig& stored,
                                                          const StudyConfig& file);

/// Decodes stored config JSON of any format up to kConfigFormat, ignoring unknown keys;
/// `source` names it in errors. Throws StudyFileError for text that is not a config
/// (broken JSON, a format newer than this ecopt, a value no rule accepts).
[[nodiscard]] StudyConfig from_json_text(std::string_view text, const std::string& source);

}  // namespace ecopt::study
