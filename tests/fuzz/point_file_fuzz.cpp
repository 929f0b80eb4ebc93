// Fuzzes the point-file reader behind `ecopt hv` and `ecopt nondominated`, and the point
// parser of `--reference`.
// Properties: a file parses or raises PointFileError naming the file and line; parsed
// sets are non-empty, of one dimension, finite; written back with 17 significant digits
// they parse to the same values. parse_point gives finite numbers or invalid_argument,
// and reparses its own output equal.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/pareto/point_file.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ecopt;

using fuzz::number_text;

/// The file as moocore writes it: a "#" header line before each set, one point a line.
std::string written(const pareto::PointFile& file) {
  std::string text;
  for (const pareto::PointSet& set : file.sets) {
    text += "# set\n";
    for (std::size_t i = 0; i < set.size(); ++i) {
      for (double value : set.point(i)) text += number_text(value) + " ";
      text += "\n";
    }
  }
  return text;
}

void check_file(std::string_view text) {
  pareto::PointFile file;
  try {
    file = pareto::parse_point_file(text, "fuzz.txt");
  } catch (const pareto::PointFileError& e) {
    fuzz::check(std::string_view(e.what()).starts_with("fuzz.txt: line "),
                "a point-file error names the file and line", e.what());
    return;
  }
  for (const pareto::PointSet& set : file.sets) {
    fuzz::check(!set.empty() && set.dimension == file.dimension(), "sets share one dimension");
    fuzz::check(set.values.size() % set.dimension == 0, "sets hold whole points");
    for (double value : set.values) fuzz::check(std::isfinite(value), "values are finite");
  }
  const std::string again = written(file);
  pareto::PointFile reparsed;
  try {
    reparsed = pareto::parse_point_file(again, "written");
  } catch (const pareto::PointFileError& e) {
    fuzz::property_failed("a written point file parses", e.what());
  }
  fuzz::check(reparsed.sets.size() == file.sets.size(), "written sets reparse", again);
  for (std::size_t s = 0; s < file.sets.size(); ++s) {
    fuzz::check(reparsed.sets[s].values == file.sets[s].values, "written values reparse equal",
                again);
  }
}

void check_point(std::string_view text) {
  std::vector<double> point;
  try {
    point = pareto::parse_point(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  fuzz::check(!point.empty(), "a parsed point has a value");
  std::string again;
  for (double value : point) {
    fuzz::check(std::isfinite(value), "point values are finite");
    again += number_text(value) + ",";
  }
  fuzz::check(pareto::parse_point(again) == point, "a written point reparses equal", again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_file(text);
  check_point(text);
  return 0;
}
