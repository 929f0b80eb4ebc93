#pragma once
// Markdown helpers shared by the report, the card and the comparison.

#include <string>
#include <vector>

namespace ecopt::report::detail {

/// A cell's text with | escaped and newlines as spaces.
[[nodiscard]] std::string md_cell(const std::string& text);

/// A pipe table; cells are escaped here. `numeric[i]` right-aligns column i.
[[nodiscard]] std::string md_table(const std::vector<std::string>& headers,
                                   const std::vector<std::vector<std::string>>& rows,
                                   const std::vector<bool>& numeric = {});

}  // namespace ecopt::report::detail
