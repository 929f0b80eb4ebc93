// `ecopt hv`: hypervolume of point files, compatible with moocore's `hv` (same input
// format, options, output precision, warnings and errors), so moocore's test suite runs
// against it unchanged.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "command.hpp"
#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/point_file.hpp"
#include "ecopt/pareto/reference_point.hpp"
#include "objective_flags.hpp"
#include "output.hpp"
#include "parallel_map.hpp"

namespace ecopt::cli {
namespace {

constexpr const char* kCommand = "hv";

struct HvOptions {
  std::optional<std::string> reference_text;  ///< -r; given but empty is an error
  bool union_sets = false;
  bool contributions = false;
  std::vector<int> maximise;
  std::vector<std::string> files;
  unsigned threads = 0;
};

struct SetResult {
  double value = 0.0;
  std::vector<double> contributions;
  bool all_ignored = false;
};

/// Whether any point fails to strictly dominate `reference` (in minimisation space).
bool some_point_not_dominating(const pareto::PointSet& points, const std::vector<double>& reference,
                               const std::vector<pareto::Direction>& directions) {
  const pareto::PointSet minimised = pareto::to_minimization(points, directions);
  const std::vector<double> ref = pareto::to_minimization(reference, directions);
  const std::size_t d = minimised.dimension;
  for (std::size_t k = 0; k < minimised.values.size(); ++k) {
    if (minimised.values[k] >= ref[k % d]) return true;
  }
  return false;
}

/// A hypervolume is a sum of products of differences: past the largest double (1.8e308) it
/// becomes inf, below the smallest (4.9e-324) 0, and either way is not the number asked
/// for. Warns with the way out; the number is still printed, as moocore's hv does.
void warn_if_out_of_range(const std::string& input, const SetResult& result, bool contributions) {
  const auto finite = [](double v) { return std::isfinite(v); };
  if (contributions ? !std::all_of(result.contributions.begin(), result.contributions.end(), finite)
                    : !finite(result.value)) {
    warning(kCommand, input + ": the hypervolume overflows (beyond 1.8e308) and is printed as " +
                          "inf or nan; rescale the objectives or bring the reference point " +
                          "closer to the points");
  } else if (!contributions && result.value == 0.0) {
    warning(kCommand, input + ": the hypervolume underflows to 0 (below 4.9e-324); rescale the " +
                          "objectives or move the reference point further from the points");
  }
}

/// Names the objective whose inferred reference value overflowed, or "" when all are finite.
std::string reference_overflow(const std::vector<double>& reference) {
  for (std::size_t i = 0; i < reference.size(); ++i) {
    if (!std::isfinite(reference[i])) {
      return "the inferred reference point (each objective's worst value plus 10 % of its "
             "range) overflows for objective " +
             std::to_string(i + 1) + ": it is beyond 1.8e308; give a reference point with -r";
    }
  }
  return {};
}

int run_hv(const HvOptions& options) {
  std::vector<std::string> files = options.files;
  if (files.empty()) files.push_back("-");

  std::vector<pareto::PointFile> inputs;
  for (const std::string& path : files) {
    try {
      inputs.push_back(pareto::read_point_file(path));
    } catch (const pareto::PointFileError& e) {
      return error(kCommand, e.what());
    }
    if (inputs.back().sets.empty()) return error(kCommand, inputs.back().name + ": no input data.");
    if (inputs.back().dimension() != inputs.front().dimension()) {
      return error(kCommand, inputs.back().name + ": has " +
                                 std::to_string(inputs.back().dimension()) + " objectives but " +
                                 inputs.front().name + " has " +
                                 std::to_string(inputs.front().dimension()));
    }
  }
  const std::size_t dimension = inputs.front().dimension();

  std::vector<pareto::Direction> directions;
  std::vector<double> reference;
  try {
    directions = directions_from_maximise(options.maximise, dimension);
    if (options.reference_text) {
      reference = pareto::parse_point(*options.reference_text);
      if (reference.size() != dimension) {
        return error(kCommand, "the reference point has " + std::to_string(reference.size()) +
                                   " values but the points have " + std::to_string(dimension) +
                                   " objectives; give one value per objective with -r");
      }
    } else {
      // As moocore: the nadir of all input points plus 10 % of the range.
      pareto::PointSet all;
      all.dimension = dimension;
      for (const auto& input : inputs) {
        const pareto::PointSet merged = input.merged();
        all.values.insert(all.values.end(), merged.values.begin(), merged.values.end());
      }
      reference = pareto::infer_reference_point(all, directions);
      if (const std::string overflow = reference_overflow(reference); !overflow.empty())
        return error(kCommand, overflow);
    }
  } catch (const std::invalid_argument& e) {
    return error(kCommand, e.what());
  }

  for (const pareto::PointFile& input : inputs) {
    if (options.reference_text &&
        some_point_not_dominating(input.merged(), reference, directions)) {
      warning(kCommand, input.name +
                            ": some points do not strictly dominate the reference point and "
                            "they will be discarded");
    }
    std::vector<pareto::PointSet> sets;
    if (options.union_sets) {
      sets.push_back(input.merged());
    } else {
      sets = input.sets;
    }
    // Sets are independent: compute them in parallel, print in order.
    const auto results =
        parallel_map<SetResult>(sets.size(), thread_count(options.threads), [&](std::size_t i) {
          SetResult result;
          if (options.contributions) {
            auto c = pareto::hypervolume_contributions(sets[i], reference, directions);
            result.all_ignored = c.ignored_points == sets[i].size();
            result.contributions = std::move(c.contributions);
          } else {
            const auto h = pareto::hypervolume(sets[i], reference, directions);
            result.all_ignored = h.ignored_points == sets[i].size();
            result.value = h.value;
          }
          return result;
        });
    for (const SetResult& result : results) {
      if (result.all_ignored) {
        return error(kCommand, "none of the points strictly dominates the reference point");
      }
      warn_if_out_of_range(input.name, result, options.contributions);
      if (options.contributions) {
        for (double c : result.contributions) print_number(c);
        std::printf("\n");
      } else {
        print_number(result.value);
      }
    }
  }
  return 0;
}

}  // namespace

void add_hv_command(CLI::App& app, Runner& run) {
  auto options = std::make_shared<HvOptions>();
  CLI::App* hv = app.add_subcommand(
      "hv",
      "Exact hypervolume of each point set in each FILE (stdin when none or '-').\n"
      "Input: whitespace-separated objective values, one point per line; a blank line\n"
      "separates point sets; '#' starts a comment. All objectives are minimised unless\n"
      "listed in --maximise. Output: one value per set, printed with 15 significant digits.");
  hv->add_option("-r,--reference", options->reference_text,
                 "Reference point, e.g. \"10 10 10\". Default: the maximum of each objective "
                 "over all input plus 10 % of its range. Points that do not strictly dominate "
                 "it are discarded with a warning.");
  hv->add_flag("-u,--union", options->union_sets, "Treat all point sets within a FILE as one set.");
  hv->add_flag("-c,--contributions", options->contributions,
               "Print the exclusive contribution of each input point instead; weakly "
               "dominated and duplicate points contribute 0.");
  hv->add_option("--maximise,--maximize", options->maximise,
                 "Objectives to maximise, numbered from 1, e.g. 1,3 (the reference point is "
                 "given in the same, unconverted units).")
      ->delimiter(',')
      ->allow_extra_args(false);
  hv->add_option("-j,--threads", options->threads,
                 "Threads for files with several point sets (default 0: one per core).");
  hv->add_option("files", options->files, "Point files; '-' reads standard input.");
  hv->callback([&run, options] { run = [options] { return run_hv(*options); }; });
}

}  // namespace ecopt::cli
