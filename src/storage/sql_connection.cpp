#include "sql_connection.hpp"

#include <charconv>
#include <cstdlib>

#include "ecopt/storage/storage.hpp"

namespace ecopt::storage::detail {

const SqlRows::Cell& SqlRows::cell(int row, int column) const {
  return rows_.at(static_cast<std::size_t>(row)).at(static_cast<std::size_t>(column));
}

bool SqlRows::is_null(int row, int column) const {
  return std::holds_alternative<std::monostate>(cell(row, column));
}

std::string SqlRows::text(int row, int column) const {
  const Cell& c = cell(row, column);
  if (const auto* text = std::get_if<std::string>(&c)) return *text;
  if (const auto* integer = std::get_if<std::int64_t>(&c)) return std::to_string(*integer);
  if (const auto* real = std::get_if<double>(&c)) {
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, *real).ptr;
    return std::string(buffer, end);
  }
  return {};
}

std::int64_t SqlRows::integer(int row, int column) const {
  const Cell& c = cell(row, column);
  if (const auto* integer = std::get_if<std::int64_t>(&c)) return *integer;
  if (const auto* real = std::get_if<double>(&c)) return static_cast<std::int64_t>(*real);
  if (const auto* text = std::get_if<std::string>(&c))
    return std::strtoll(text->c_str(), nullptr, 10);
  return 0;
}

double SqlRows::number(int row, int column) const {
  const Cell& c = cell(row, column);
  if (const auto* real = std::get_if<double>(&c)) return *real;
  if (const auto* integer = std::get_if<std::int64_t>(&c)) return static_cast<double>(*integer);
  // strtod reads PostgreSQL's NaN, Infinity and -Infinity as well as numbers.
  if (const auto* text = std::get_if<std::string>(&c)) return std::strtod(text->c_str(), nullptr);
  return 0.0;
}

std::optional<double> SqlRows::optional_number(int row, int column) const {
  if (is_null(row, column)) return std::nullopt;
  return number(row, column);
}

bool SqlRows::boolean(int row, int column) const {
  const Cell& c = cell(row, column);
  if (const auto* text = std::get_if<std::string>(&c)) return !text->empty() && (*text)[0] == 't';
  return integer(row, column) != 0;
}

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '?';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace ecopt::storage::detail
