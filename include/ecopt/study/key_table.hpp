#pragma once
// The study file's key table: one annotated entry per key, as LightGBM's config.h.
//
// Each entry gives the key's path, type, rule (smallest integer, allowed names), default,
// documentation and, for scalar keys, its binding to a StudyConfig field. The parser
// reads and checks scalar keys through the bindings, the JSON codec writes them through
// them, and `ecopt study schema` prints the table as the reference section of
// docs/study-file.md (a test checks the two match). A key's rule and default live here
// and in the StudyConfig default member initialiser only.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "ecopt/study/study_config.hpp"

namespace ecopt::study {

enum class KeyType {
  text,       ///< a string
  integer,    ///< a whole number, at least `min` when given
  boolean,    ///< true or false
  duration,   ///< a string with a time unit ("30min"), stored in seconds
  energy,     ///< a string with an energy unit ("200kJ"), stored in joules
  choice,     ///< one of `choices`
  structure,  ///< a mapping or list the parser reads by hand (parameters, objectives, ...)
};

/// A scalar key's value: monostate means unset (optional fields) and is never written.
using KeyValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

/// One key. Paths use `NAME` for a user-chosen mapping key and `[]` for list items,
/// e.g. "parameters.NAME.low", "objectives[].goal".
struct KeySpec {
  std::string_view path{};
  KeyType type = KeyType::structure;
  std::string_view type_doc{};     ///< empty: generated from type, min and choices
  std::string_view required{};     ///< "yes", "no", or the condition, e.g. "float, int"
  std::string_view default_doc{};  ///< empty: the StudyConfig default, formatted
  std::string_view description{};
  std::optional<std::int64_t> min{};            ///< integer keys: the smallest value allowed
  std::span<const std::string_view> choices{};  ///< choice keys: the names allowed
  /// Scalar keys: stores a checked value into the config (nullptr: read by hand).
  void (*read)(StudyConfig&, const KeyValue&) = nullptr;
  /// Scalar keys: the config's value (nullptr: written by hand).
  KeyValue (*write)(const StudyConfig&) = nullptr;

  /// The type and rule as documented, e.g. "integer >= 4", "`auto`, `none` or `log`".
  [[nodiscard]] std::string type_text() const;
  /// The default as documented: default_doc, else the default StudyConfig's value.
  [[nodiscard]] std::string default_text() const;
};

[[nodiscard]] std::span<const KeySpec> study_file_keys();

/// The key at `path`, or nullptr.
[[nodiscard]] const KeySpec* find_study_file_key(std::string_view path);

/// A value as the study file writes it: durations "30s", energies "200J", numbers in
/// their shortest exact form.
[[nodiscard]] std::string format_key_value(KeyType type, const KeyValue& value);

/// The key table as Markdown (the generated part of docs/study-file.md).
[[nodiscard]] std::string study_file_keys_markdown();

}  // namespace ecopt::study
