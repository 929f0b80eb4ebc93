#pragma once
// Reading point files in the format of moocore and the EMO community: whitespace-
// separated numbers, one point per line; '#' starts a comment that runs to the end of
// the line; a blank or comment-only line ends a point set (moocore writes a "# ..." header
// line before each set).

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto {

/// All sets of one file. Every set has the same dimension.
struct PointFile {
  std::string name;            ///< file name as given, or "<stdin>"
  std::vector<PointSet> sets;  ///< never empty sets

  [[nodiscard]] std::size_t dimension() const noexcept {
    return sets.empty() ? 0 : sets.front().dimension;
  }
  [[nodiscard]] PointSet merged() const;  ///< the union of all sets, in file order
};

/// A malformed point file. The message names the file, the line and the problem.
class PointFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Parses `text`; `name` is used in error messages. Throws PointFileError for a token
/// that is not a number, a row whose length differs from the first row, or NaN/inf.
[[nodiscard]] PointFile parse_point_file(std::string_view text, std::string name);

/// Reads a file ("-" or empty: standard input) and parses it.
[[nodiscard]] PointFile read_point_file(const std::string& path);

/// Parses a point given as one string of numbers, such as "1 1 1" or "1,1,1".
[[nodiscard]] std::vector<double> parse_point(std::string_view text);

}  // namespace ecopt::pareto
