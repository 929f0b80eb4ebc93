#pragma once
// The frame of ecopt's HTML files: one self-contained page with inline CSS and a few
// lines of inline JavaScript (hover details, a self-check for tests), nothing external.

#include <string>
#include <vector>

namespace ecopt::report::detail {

/// HTML-escaped text.
[[nodiscard]] std::string html(const std::string& text);

/// A table; cells are HTML already (escape text with html()). `numeric[i]` right-aligns
/// column i; `row_classes` (optional, one per row) sets a row's class.
[[nodiscard]] std::string html_table(const std::vector<std::string>& headers,
                                     const std::vector<std::vector<std::string>>& rows,
                                     const std::vector<bool>& numeric = {},
                                     const std::vector<std::string>& row_classes = {});

/// The whole page around `body` (HTML). The body element carries data-ecopt-plots and
/// data-ecopt-marks, counted from `body`, for the self-check.
[[nodiscard]] std::string html_page(const std::string& title, const std::string& body);

}  // namespace ecopt::report::detail
