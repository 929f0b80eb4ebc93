#pragma once
// The study file (YAML): parsing with precise errors, and its documented schema.
//
// The schema is one table, `study_file_keys()`. The parser accepts exactly the keys it
// lists, and `ecopt study schema` prints it as the reference section of
// docs/study-file.md (a test checks the two match), so docs and parser cannot drift.

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ecopt/study/study_config.hpp"

namespace ecopt::study {

/// A study file that cannot be used. The message names the file, the line, the key and
/// what to do, e.g. "cnn.yaml:7: parameters.width.low: expected a number, got 'abc'".
class StudyFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Reads and validates a study file. Throws StudyFileError.
[[nodiscard]] StudyConfig load_study_file(const std::string& path);

/// Parses study-file text (YAML, or JSON, which is YAML too); `source` names it in
/// errors. Throws StudyFileError.
[[nodiscard]] StudyConfig parse_study_config(std::string_view text, const std::string& source);

/// The config as JSON text that parse_study_config reads back to an equal config (how
/// storages keep a study's definition).
[[nodiscard]] std::string to_json_text(const StudyConfig& config);

/// One documented key. Paths use `NAME` for a user-chosen mapping key and `[]` for list
/// items, e.g. "parameters.NAME.low", "objectives[].goal".
struct StudyFileKey {
  std::string_view path;
  std::string_view type;
  std::string_view required;  ///< "yes", "no", or the condition, e.g. "float, int"
  std::string_view default_value;
  std::string_view description;
};

[[nodiscard]] std::span<const StudyFileKey> study_file_keys();

/// The key table as Markdown (the generated part of docs/study-file.md).
[[nodiscard]] std::string study_file_keys_markdown();

/// The storage used when neither the command line nor the study file names one.
[[nodiscard]] std::string default_storage_url(const std::string& study_name);

}  // namespace ecopt::study
