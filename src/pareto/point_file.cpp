#include "ecopt/pareto/point_file.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace ecopt::pareto {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/// Parses one number starting at `first`; std::from_chars rejects a leading '+', which
/// point files written by other tools sometimes carry.
const char* parse_number(const char* first, const char* last, double& value) {
  const char* start = (first < last && *first == '+') ? first + 1 : first;
  auto [end, error] = std::from_chars(start, last, value);
  if (error != std::errc{} && error != std::errc::result_out_of_range) return nullptr;
  if (end == start) return nullptr;
  // Out of range, from_chars leaves `value` as it was (0): strtod gives the overflow as
  // infinity, which the callers refuse, and an underflow as the nearest tiny number.
  if (error == std::errc::result_out_of_range)
    value = std::strtod(std::string(start, end).c_str(), nullptr);
  return end;
}

std::string token_at(const char* p, const char* line_end) {
  const char* e = p;
  while (e < line_end && !is_space(*e)) ++e;
  return std::string(p, static_cast<std::size_t>(e - p));
}

}  // namespace

PointSet PointFile::merged() const {
  PointSet all;
  all.dimension = dimension();
  for (const PointSet& set : sets)
    all.values.insert(all.values.end(), set.values.begin(), set.values.end());
  return all;
}

PointFile parse_point_file(std::string_view text, std::string name) {
  PointFile file;
  file.name = std::move(name);
  PointSet current;
  std::size_t dimension = 0;
  std::size_t line_number = 0;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  auto close_set = [&] {
    if (!current.values.empty()) {
      current.dimension = dimension;
      file.sets.push_back(std::move(current));
      current = PointSet{};
    }
  };
  while (p < end) {
    ++line_number;
    const char* line_end =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (line_end == nullptr) line_end = end;
    const char* content_end =
        static_cast<const char*>(std::memchr(p, '#', static_cast<std::size_t>(line_end - p)));
    if (content_end == nullptr) content_end = line_end;

    std::size_t count = 0;
    const char* q = p;
    while (true) {
      while (q < content_end && is_space(*q)) ++q;
      if (q >= content_end) break;
      double value = 0.0;
      const char* after = parse_number(q, content_end, value);
      if (after == nullptr || (after < content_end && !is_space(*after))) {
        throw PointFileError(file.name + ": line " + std::to_string(line_number) + ": '" +
                             token_at(q, content_end) +
                             "' is not a number; point files hold whitespace-separated numbers, "
                             "one point per line");
      }
      if (!std::isfinite(value)) {
        throw PointFileError(
            file.name + ": line " + std::to_string(line_number) + ": '" + token_at(q, content_end) +
            "' is not a finite number (NaN, infinite, or beyond 1.8e308); remove it");
      }
      current.values.push_back(value);
      ++count;
      q = after;
    }
    if (count == 0) {
      close_set();  // a blank or comment-only line ends the current set
    } else if (dimension == 0) {
      dimension = count;
    } else if (count != dimension) {
      throw PointFileError(file.name + ": line " + std::to_string(line_number) + ": found " +
                           std::to_string(count) + " values but earlier points have " +
                           std::to_string(dimension) +
                           "; every point needs one value per objective");
    }
    p = line_end + 1;
  }
  close_set();
  return file;
}

PointFile read_point_file(const std::string& path) {
  const bool from_stdin = path.empty() || path == "-";
  const std::string name = from_stdin ? "<stdin>" : path;
  std::FILE* stream = from_stdin ? stdin : std::fopen(path.c_str(), "rb");
  if (stream == nullptr) {
    throw PointFileError(name + ": cannot open: " + std::strerror(errno));
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> closer(from_stdin ? nullptr : stream,
                                                         std::fclose);
  std::string text;
  char buffer[1 << 16];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, stream)) > 0) text.append(buffer, got);
  if (std::ferror(stream)) throw PointFileError(name + ": read error: " + std::strerror(errno));
  return parse_point_file(text, name);
}

std::vector<double> parse_point(std::string_view text) {
  std::vector<double> point;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  while (p < end) {
    while (p < end && (is_space(*p) || *p == ',' || *p == '\n')) ++p;
    if (p >= end) break;
    double value = 0.0;
    const char* after = parse_number(p, end, value);
    if (after == nullptr || !std::isfinite(value) ||
        (after < end && !is_space(*after) && *after != ',' && *after != '\n')) {
      throw std::invalid_argument(
          "invalid point '" + std::string(text) +
          "': expected finite numbers (within 1.8e308) separated by spaces or commas, "
          "for example \"1 1 1\"");
    }
    point.push_back(value);
    p = after;
  }
  if (point.empty()) {
    throw std::invalid_argument("invalid point '" + std::string(text) +
                                "': no numbers found; give one per objective, e.g. \"1 1 1\"");
  }
  return point;
}

}  // namespace ecopt::pareto
