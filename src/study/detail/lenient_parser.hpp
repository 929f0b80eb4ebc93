#pragma once
// The study-file parser in the mode the stored-config codec uses.

#include <string>
#include <string_view>

#include "ecopt/study/study_config.hpp"

namespace ecopt::study::detail {

/// parse_study_config, except that keys the table does not list are ignored, not
/// rejected: a stored config written by another ecopt version may carry them.
[[nodiscard]] StudyConfig parse_lenient_config(std::string_view text, const std::string& source);

}  // namespace ecopt::study::detail
