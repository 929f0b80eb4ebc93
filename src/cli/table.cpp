#include "table.hpp"

#include <algorithm>
#include <cstdio>

#include "ecopt/runner/terminal_text.hpp"

namespace ecopt::cli {
namespace {

bool looks_numeric(const std::string& cell) {
  if (cell.empty()) return false;
  char* end = nullptr;
  std::strtod(cell.c_str(), &end);
  return end == cell.c_str() + cell.size();
}

std::string csv_cell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void print_table(const Table& raw) {
  // Cells hold trial output (errors, names): no escape sequence reaches the terminal.
  Table table = raw;
  for (std::string& header : table.headers) header = runner::terminal_safe(header);
  for (auto& row : table.rows) {
    for (std::string& cell : row) cell = runner::terminal_safe(cell);
  }
  std::vector<std::size_t> width(table.headers.size(), 0);
  for (std::size_t c = 0; c < table.headers.size(); ++c) width[c] = table.headers[c].size();
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  }
  auto print_row = [&](const std::vector<std::string>& row, bool header) {
    std::string line;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      const std::string padding(width[c] - std::min(width[c], cell.size()), ' ');
      if (c > 0) line.append("  ");
      if (!header && looks_numeric(cell)) {
        line.append(padding).append(cell);
      } else {
        line.append(cell).append(padding);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  };
  print_row(table.headers, true);
  std::string rule;
  for (std::size_t c = 0; c < width.size(); ++c) {
    if (c > 0) rule.append("  ");
    rule.append(width[c], '-');
  }
  std::printf("%s\n", rule.c_str());
  for (const auto& row : table.rows) print_row(row, false);
}

void print_csv(const Table& table) {
  auto print_row = [](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line.push_back(',');
      line.append(csv_cell(row[c]));
    }
    std::printf("%s\n", line.c_str());
  };
  print_row(table.headers);
  for (const auto& row : table.rows) print_row(row);
}

std::string short_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace ecopt::cli
