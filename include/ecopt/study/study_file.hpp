#pragma once
// The study file (YAML): parsing with precise errors, and its documented schema.
//
// The schema is one table, `study_file_keys()` (key_table.hpp). The parser accepts
// exactly the keys it lists and reads scalar keys through its bindings; stored configs
// decode through the lenient, versioned codec in config_codec.hpp instead.

#include <string>
#include <string_view>

#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/key_table.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/study_file_error.hpp"

namespace ecopt::study {

/// Reads and validates a study file. Throws StudyFileError.
[[nodiscard]] StudyConfig load_study_file(const std::string& path);

/// Parses study-file text (YAML, or JSON, which is YAML too); `source` names it in
/// errors. Throws StudyFileError.
[[nodiscard]] StudyConfig parse_study_config(std::string_view text, const std::string& source);

/// The storage used when neither the command line nor the study file names one.
[[nodiscard]] std::string default_storage_url(const std::string& study_name);

/// Which storage a study uses, in this order: `given` (--storage, or the Python module's
/// storage=), the study file's `storage:`, $ECOPT_STORAGE, default_storage_url(study_name)
/// when a study is named; "" when none applies.
[[nodiscard]] std::string resolve_storage_url(const std::string& given,
                                              const std::string& from_study_file,
                                              const std::string& study_name);

}  // namespace ecopt::study
