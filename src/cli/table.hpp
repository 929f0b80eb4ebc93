#pragma once
// Plain-text tables for the terminal and CSV for scripts.

#include <string>
#include <vector>

namespace ecopt::cli {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

/// Columns padded to their widest cell, a rule under the header; numbers right-aligned.
void print_table(const Table& table);
/// RFC 4180 CSV: cells with commas, quotes or newlines are quoted, quotes doubled.
void print_csv(const Table& table);

/// A number for a table cell: up to 6 significant digits.
std::string short_number(double value);

}  // namespace ecopt::cli
