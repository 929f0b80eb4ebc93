#pragma once
// Parsing --maximise LIST (1-based objective numbers, comma separated) into directions.

#include <string>
#include <vector>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::cli {

/// Directions for `dimension` objectives with the listed 1-based objectives maximised.
/// Throws std::invalid_argument for an objective number outside 1..dimension.
std::vector<pareto::Direction> directions_from_maximise(const std::vector<int>& maximise,
                                                        std::size_t dimension);

}  // namespace ecopt::cli
