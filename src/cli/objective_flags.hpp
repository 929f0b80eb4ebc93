#pragma once
// Parsing --maximise LIST (1-based objective numbers, comma separated) into directions.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::cli {

/// Directions for `dimension` objectives with the listed 1-based objectives maximised.
/// Throws std::invalid_argument for an objective number outside 1..dimension.
std::vector<pareto::Direction> directions_from_maximise(const std::vector<int>& maximise,
                                                        std::size_t dimension);

/// --maximise,--maximize LIST (comma separated) into `maximise`, with its help text.
void add_maximise_option(CLI::App* cmd, std::vector<int>& maximise, const std::string& help);

/// The positional FILE arguments of the point-file commands (hv, nondominated).
void add_point_files(CLI::App* cmd, std::vector<std::string>& files);

}  // namespace ecopt::cli
