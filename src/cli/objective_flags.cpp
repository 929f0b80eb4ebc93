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

void add_maximise_option(CLI::App* cmd, std::vector<int>& maximise, const std::string& help) {
  cmd->add_option("--maximise,--maximize", maximise, help)->delimiter(',')->allow_extra_args(false);
}

void add_point_files(CLI::App* cmd, std::vector<std::string>& files) {
  cmd->add_option("files", files, "Point files; '-' reads standard input.");
}

}  // namespace ecopt::cli
