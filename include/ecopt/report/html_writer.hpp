#pragma once
// The report as one self-contained HTML file: inline CSS and SVG, a few lines of inline
// JavaScript for hover details and a self-check, nothing loaded from elsewhere, so it
// opens offline and can be mailed as it is.

#include <string>

#include "ecopt/report/study_report.hpp"

namespace ecopt::report {

/// The <body> carries data-ecopt-plots (the number of SVG plots written); the script sets
/// data-ecopt-selfcheck="ok" when it finds them all and wired the tooltips, and
/// data-ecopt-errors with the message of any script error (see docs/report.md, "Testing
/// in a browser").
[[nodiscard]] std::string report_html(const StudyReport& report);

}  // namespace ecopt::report
