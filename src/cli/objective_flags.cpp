#include "objective_flags.hpp"

#include <stdexcept>

namespace ecopt::cli {

std::vector<pareto::Direction> directions_from_maximise(const std::vector<int>& maximise,
                                                        std::size_t dimension) {
  std::vector<pareto::Direction> directions(dimension, pareto::Direction::minimize);
  for (int objective : maximise) {
    if (objective < 1 || static_cast<std::size_t>(objective) > dimension) {
      throw std::invalid_argument("--maximise " + std::to_string(objective) +
                                  ": objectives are numbered 1 to " + std::to_string(dimension));
    }
    directions[static_cast<std::size_t>(objective - 1)] = pareto::Direction::maximize;
  }
  return directions;
}

}  // namespace ecopt::cli
