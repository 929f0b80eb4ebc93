// `ecopt nondominated`: the non-dominated points of each set, or with --rank the Pareto
// front (0 = non-dominated) of every point, like moocore's `nondominated`.
#include <memory>
#include <string>
#include <vector>

#include "command.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/point_file.hpp"
#include "objective_flags.hpp"
#include "output.hpp"

namespace ecopt::cli {
namespace {

constexpr const char* kCommand = "nondominated";

struct NondominatedOptions {
  bool rank = false;
  bool union_sets = false;
  std::vector<int> maximise;
  std::vector<std::string> files;
};

void print_point(std::span<const double> point) {
  for (std::size_t j = 0; j < point.size(); ++j) {
    print_number(point[j], j + 1 < point.size() ? ' ' : '\n');
  }
}

int run_nondominated(const NondominatedOptions& options) {
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");
  for (const std::string& path : files) {
    pareto::PointFile input;
    try {
      input = pareto::read_point_file(path);
    } catch (const pareto::PointFileError& e) {
      return error(kCommand, e.what());
    }
    if (input.sets.empty()) return error(kCommand, input.name + ": no input data.");
    std::vector<pareto::Direction> directions;
    try {
      directions = directions_from_maximise(options.maximise, input.dimension());
    } catch (const std::invalid_argument& e) {
      return error(kCommand, e.what());
    }
    std::vector<pareto::PointSet> sets;
    if (options.union_sets || options.rank) {
      sets.push_back(input.merged());
    } else {
      sets = input.sets;
    }
    for (std::size_t s = 0; s < sets.size(); ++s) {
      if (s > 0) std::printf("\n");
      if (options.rank) {
        for (std::size_t r : pareto::pareto_ranks(sets[s], directions)) std::printf("%zu\n", r);
      } else {
        for (std::size_t i : pareto::nondominated_indices(sets[s], directions)) {
          print_point(sets[s].point(i));
        }
      }
    }
  }
  return 0;
}

}  // namespace

void add_nondominated_command(CLI::App& app, Runner& run) {
  const auto [cmd, options] = add_command(
      app, run, run_nondominated, "nondominated",
      "Print the non-dominated points of each point set in each FILE (stdin when none or "
      "'-'), in input order; or, with --rank, the Pareto front of every point (0 for the "
      "non-dominated ones). Input format as for `ecopt hv`.");
  cmd->add_flag("--rank", options->rank,
                "Print each point's front number instead (0 = non-dominated), one per line in "
                "input order. All points of a FILE are ranked together, as one population.");
  cmd->add_flag("-u,--union", options->union_sets,
                "Treat all point sets within a FILE as one set.");
  add_maximise_option(cmd, options->maximise, "Objectives to maximise, numbered from 1, e.g. 1,3.");
  add_point_files(cmd, options->files);
}

}  // namespace ecopt::cli
