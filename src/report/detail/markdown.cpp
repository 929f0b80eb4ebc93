#include "report/detail/markdown.hpp"

#include <cctype>

#include "ecopt/report/svg.hpp"

namespace ecopt::report::detail {

namespace {

bool is_alnum(std::string_view text, std::size_t i) {
  return i < text.size() && std::isalnum(static_cast<unsigned char>(text[i])) != 0;
}

/// CommonMark never reads `_` between two letters or digits as emphasis, so names such as
/// per_sample stay readable in the raw file.
bool intraword_underscore(std::string_view text, std::size_t i) {
  return i > 0 && is_alnum(text, i - 1) && is_alnum(text, i + 1);
}

}  // namespace

std::string md_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' || c == '>' || c == '&') {
      out += svg::escape(text.substr(i, 1));  // as the HTML report escapes them
    } else if (std::string_view("\\`*[]|~#").find(c) != std::string_view::npos ||
               (c == '_' && !intraword_underscore(text, i))) {
      out += '\\';
      out += c;
    } else {
      out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
  }
  return out;
}

std::string md_table(const std::vector<std::string>& headers,
                     const std::vector<std::vector<std::string>>& rows,
                     const std::vector<bool>& numeric) {
  std::string out = "|";
  for (const std::string& h : headers) out += " " + md_text(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < headers.size(); ++i)
    out += (i < numeric.size() && numeric[i]) ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const std::string& cell : row) out += " " + md_text(cell) + " |";
    out += "\n";
  }
  return out + "\n";
}

}  // namespace ecopt::report::detail
