// `ecopt hv`: hypervolume of point files, compatible with moocore's `hv` (same input
// format, options, output precision, warnings and errors), so moocore's test suite runs
// against it unchanged.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <stdexcept>
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

/// The point files (stdin for none or "-"); an error message when one cannot be read, is
/// empty, or has another number of objectives than the first.
std::optional<std::string> read_inputs(const std::vector<std::string>& paths,
                                       std::vector<pareto::PointFile>& inputs) {
  std::vector<std::string> files = paths;
  if (files.empty()) files.push_back("-");
  for (const std::string& path : files) {
    try {
      inputs.push_back(pareto::read_point_file(path));
    } catch (const pareto::PointFileError& e) {
      return e.what();
    }
    if (inputs.back().sets.empty()) return inputs.back().name + ": no input data.";
    if (inputs.back().dimension() != inputs.front().dimension()) {
      return inputs.back().name + ": has " + std::to_string(inputs.back().dimension()) +
             " objectives but " + inputs.front().name + " has " +
             std::to_string(inputs.front().dimension());
    }
  }
  return std::nullopt;
}

/// The reference point from -r, else (as moocore) the nadir of all input points plus 10 %
/// of the range. Throws std::invalid_argument for a malformed -r, one of the wrong size, or
/// an inferred one that overflows.
std::vector<double> reference_point(const HvOptions& options,
                                    const std::vector<pareto::PointFile>& inputs,
                                    const std::vector<pareto::Direction>& directions) {
  const std::size_t dimension = inputs.front().dimension();
  if (options.reference_text) {
    std::vector<double> reference = pareto::parse_point(*options.reference_text);
    if (reference.size() != dimension) {
      throw std::invalid_argument("the reference point has " + std::to_string(reference.size()) +
                                  " values but the points have " + std::to_string(dimension) +
                                  " objectives; give one value per objective with -r");
    }
    return reference;
  }
  pareto::PointSet all;
  all.dimension = dimension;
  for (const auto& input : inputs) {
    const pareto::PointSet merged = input.merged();
    all.values.insert(all.values.end(), merged.values.begin(), merged.values.end());
  }
  std::vector<double> reference = pareto::infer_reference_point(all, directions);
  if (const std::string overflow = reference_overflow(reference); !overflow.empty())
    throw std::invalid_argument(overflow);
  return reference;
}

/// The hypervolume (or each point's contribution) of every set; sets are independent, so
/// they are computed in parallel and returned in order.
std::vector<SetResult> set_results(const HvOptions& options,
                                   const std::vector<pareto::PointSet>& sets,
                                   const std::vector<double>& reference,
                                   const std::vector<pareto::Direction>& directions) {
  return parallel_map<SetResult>(sets.size(), thread_count(options.threads), [&](std::size_t i) {
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
}

int run_hv(const HvOptions& options) {
  std::vector<pareto::PointFile> inputs;
  if (const auto problem = read_inputs(options.files, inputs)) return error(kCommand, *problem);
  std::vector<pareto::Direction> directions;
  std::vector<double> reference;
  try {
    directions = directions_from_maximise(options.maximise, inputs.front().dimension());
    reference = reference_point(options, inputs, directions);
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
    const std::vector<pareto::PointSet> sets =
        options.union_sets ? std::vector<pareto::PointSet>{input.merged()} : input.sets;
    for (const SetResult& result : set_results(options, sets, reference, directions)) {
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
  const auto [hv, options] = add_command(
      app, run, run_hv, "hv",
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
  add_maximise_option(hv, options->maximise,
                      "Objectives to maximise, numbered from 1, e.g. 1,3 (the reference point is "
                      "given in the same, unconverted units).");
  hv->add_option("-j,--threads", options->threads,
                 "Threads for files with several point sets (default 0: one per core).");
  add_point_files(hv, options->files);
}

}  // namespace ecopt::cli
