#pragma once
// Markdown helpers shared by the report, the card and the comparison.

#include <string>
#include <string_view>
#include <vector>

namespace ecopt::report::detail {

/// `text` as literal Markdown: every name and value that comes from a study (study, trial,
/// metric and parameter names, failure reasons, host facts) goes through here, as the
/// HTML report sends them through html(). `<`, `>` and `&` become entities, so no raw
/// HTML or autolink gets through (entities work in every Markdown dialect); the
/// punctuation that makes code spans, links, emphasis, headings and table cells (\ ` * _
/// [ ] | ~ #) is backslash-escaped (`_` only where it could be emphasis: not between two
/// letters or digits); line breaks and other control characters become
/// spaces, so text can never start a block of its own.
[[nodiscard]] std::string md_text(std::string_view text);

/// A pipe table of plain text: headers and cells go through md_text here. `numeric[i]`
/// right-aligns column i.
[[nodiscard]] std::string md_table(const std::vector<std::string>& headers,
                                   const std::vector<std::vector<std::string>>& rows,
                                   const std::vector<bool>& numeric = {});

}  // namespace ecopt::report::detail
