#pragma once
// The report as one self-contained HTML file: inline CSS and SVG, a few lines of inline
// JavaScript for hover details and a self-check, nothing loaded from elsewhere, so it
// opens offline and can be mailed as it is.

#include <string>
#include <vector>

#include "ecopt/report/study_report.hpp"

namespace ecopt::report {

/// The <body> carries data-ecopt-plots (the number of SVG plots written); the script sets
/// data-ecopt-selfcheck="ok" when it finds them all and wired the tooltips, and
/// data-ecopt-errors with the message of any script error (see docs/report.md, "Testing
/// in a browser").
[[nodiscard]] std::string report_html(const StudyReport& report);

/// Sections 1 to 7 of report_html (no page frame, no header), for a page that embeds the
/// report's numbers as they are: the live dashboard (docs/dashboard.md).
[[nodiscard]] std::string report_sections_html(const StudyReport& report);

/// A self-contained page around `body` (HTML) with the report's style, tooltips and
/// self-check; `window.ecoptWireTips(root)` wires the hover marks of HTML put in later.
[[nodiscard]] std::string html_document(const std::string& title, const std::string& body);

/// The learning-curve plot of section 6 (the curves of the first objective trials report
/// by step, pruned ones dashed and crossed, running ones green with an open end); empty
/// without curves.
[[nodiscard]] std::string learning_curves_svg(const LearningCurves& learning);

/// Text made safe as HTML content or an attribute value (& < > " ' as entities).
[[nodiscard]] std::string html_escape(const std::string& text);

/// A table in the report's style; cells are HTML already (escape text with html_escape).
/// `numeric[i]` right-aligns column i.
[[nodiscard]] std::string html_table(const std::vector<std::string>& headers,
                                     const std::vector<std::vector<std::string>>& rows,
                                     const std::vector<bool>& numeric = {});

}  // namespace ecopt::report
