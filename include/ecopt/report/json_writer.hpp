#pragma once
// The report as JSON, numbers at full precision (17 significant digits), for scripts.
// Keys are documented in docs/report.md; later versions only add keys.

#include <string>

#include "ecopt/report/study_report.hpp"

namespace ecopt::report {

[[nodiscard]] std::string report_json(const StudyReport& report);

}  // namespace ecopt::report
