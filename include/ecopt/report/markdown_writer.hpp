#pragma once
// The report as Markdown: the same sections and numbers as the HTML, without the plots.

#include <string>

#include "ecopt/report/study_report.hpp"

namespace ecopt::report {

[[nodiscard]] std::string report_markdown(const StudyReport& report);

}  // namespace ecopt::report
