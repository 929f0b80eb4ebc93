#include "report/detail/markdown.hpp"

namespace ecopt::report::detail {

std::string md_cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string md_table(const std::vector<std::string>& headers,
                     const std::vector<std::vector<std::string>>& rows,
                     const std::vector<bool>& numeric) {
  std::string out = "|";
  for (const std::string& h : headers) out += " " + md_cell(h) + " |";
  out += "\n|";
  for (std::size_t i = 0; i < headers.size(); ++i)
    out += (i < numeric.size() && numeric[i]) ? "---:|" : "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const std::string& cell : row) out += " " + md_cell(cell) + " |";
    out += "\n";
  }
  return out + "\n";
}

}  // namespace ecopt::report::detail
