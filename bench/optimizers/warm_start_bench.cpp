// ecopt_bench_warm_start: `sampler.warm_start` on two variants of one problem
// (bench/optimizers/README.md, "Warm start"). The earlier study runs `mobo` on DTLZ2; the
// new one is the same DTLZ2 "on other hardware" (each objective rescaled and offset, the
// optimum of the distance variables shifted), run cold and warm-started. Prints, per seed,
// the trials each needs to reach 95 % of the maximum hypervolume and the % reached at the
// end. With --unrelated the earlier study is ZDT1 on the same space instead, which
// disagrees with DTLZ2 (its f1 grows where DTLZ2's falls).
//
// With --seeds N it runs seeds S .. S+N-1 and ends with the medians; --curve adds, per
// seed, cold/warm % every 5 trials.
//
//   ecopt_bench_warm_start [--objectives 2] [--seed S] [--seeds 1] [--earlier-trials 40]
//                          [--trials 80] [--unrelated] [--curve]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/optim/sampler.hpp"
#include "problems.hpp"

namespace {

using ecopt::bench::Problem;

/// The new study's variant of DTLZ2: objective k is kScale[k] f_k(x') + kOffset[k], with
/// x' the distance variables moved by +kShift (their optimum moves from 0.5 to 0.45).
constexpr double kScale[] = {2.0, 0.5, 1.5};
constexpr double kOffset[] = {1.0, 3.0, -0.5};
constexpr double kShift = 0.05;

Problem new_hardware(Problem base) {
  const std::size_t m = base.objectives.size();
  auto original = base.true_objectives;
  const std::size_t d = base.space.parameters().size();
  base.true_objectives = [original, m, d](const ecopt::space::Params& params) {
    ecopt::space::Params moved = params;
    for (std::size_t i = m; i <= d; ++i) {  // the distance variables x_m .. x_d
      double& x = std::get<double>(moved.at("x" + std::to_string(i)));
      x = std::min(1.0, x + kShift);
    }
    std::vector<double> f = original(moved);
    for (std::size_t k = 0; k < m; ++k) f[k] = kScale[k] * f[k] + kOffset[k];
    return f;
  };
  double volume = 1.0;
  for (std::size_t k = 0; k < m; ++k) {
    base.reference_point[k] = kScale[k] * base.reference_point[k] + kOffset[k];
    volume *= kScale[k];
  }
  base.max_hypervolume *= volume;  // an affine map scales every box by the same factor
  return base;
}

/// A mobo run of `trials` sequential trials, told the problem's reference point.
std::vector<ecopt::study::Trial> run(const Problem& problem, std::uint64_t seed,
                                     std::int64_t trials, const ecopt::optim::WarmStart* warm) {
  ecopt::study::SamplerConfig config;
  config.name = ecopt::study::SamplerKind::mobo;
  config.seed = seed;
  auto sampler = ecopt::optim::make_sampler(config, problem.space);
  std::map<std::string, double> reference;
  for (std::size_t k = 0; k < problem.objectives.size(); ++k)
    reference[problem.objectives[k].name] = problem.reference_point[k];
  std::vector<ecopt::study::Trial> out;
  for (std::int64_t n = 0; n < trials; ++n) {
    const ecopt::optim::SamplerContext context{
        problem.space, problem.objectives, out, n, {}, &reference, warm};
    ecopt::study::Trial trial;
    trial.number = n;
    trial.state = ecopt::study::TrialState::complete;
    trial.params = sampler->suggest(context);
    trial.values = problem.true_objectives(trial.params);
    out.push_back(std::move(trial));
  }
  return out;
}

/// % of the maximum hypervolume after each trial.
std::vector<double> progress(const Problem& problem, const std::vector<ecopt::study::Trial>& run) {
  std::vector<std::vector<double>> points;
  std::vector<double> out;
  for (const ecopt::study::Trial& trial : run) {
    points.push_back(trial.values);
    out.push_back(100.0 * ecopt::bench::hypervolume_of(points, problem.reference_point) /
                  problem.max_hypervolume);
  }
  return out;
}

/// The number of trials after which `percent` reaches `target`; 0 when it never does.
std::size_t trials_to(const std::vector<double>& percent, double target) {
  for (std::size_t i = 0; i < percent.size(); ++i)
    if (percent[i] >= target) return i + 1;
  return 0;
}

std::string count_text(std::size_t count, std::size_t budget) {
  return count == 0 || count > budget ? ">" + std::to_string(budget) : std::to_string(count);
}

/// The median of `counts`, a count of 0 (never reached) ranking above every other.
std::size_t median_count(std::vector<std::size_t> counts, std::size_t budget) {
  for (std::size_t& c : counts)
    if (c == 0) c = budget + 1;
  std::sort(counts.begin(), counts.end());
  const std::size_t n = counts.size();
  if (n % 2 == 1 || counts[n / 2] > budget) return counts[n / 2];  // not reached: ">budget"
  return (counts[n / 2 - 1] + counts[n / 2]) / 2;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

struct SeedResult {
  std::size_t cold_trials, warm_trials;  ///< to 95 %; 0: not within the budget
  double cold_end, warm_end;             ///< % at the budget
};

SeedResult run_seed(const Problem& target, const Problem& earlier, std::uint64_t seed,
                    std::int64_t earlier_trials, std::int64_t trials, bool curve) {
  const ecopt::optim::WarmStart warm{earlier.name, earlier.objectives,
                                     run(earlier, seed + 1000, earlier_trials, nullptr)};
  const std::vector<double> cold = progress(target, run(target, seed, trials, nullptr));
  const std::vector<double> warmed = progress(target, run(target, seed, trials, &warm));
  const auto budget = static_cast<std::size_t>(trials);
  const std::size_t at_30 = std::min<std::size_t>(29, budget - 1);
  std::printf(
      "seed %llu: trials to 95 %%: cold %s, warm %s; at %lld trials: cold %.2f %%, warm "
      "%.2f %%; at 30: cold %.2f %%, warm %.2f %%\n",
      static_cast<unsigned long long>(seed), count_text(trials_to(cold, 95.0), budget).c_str(),
      count_text(trials_to(warmed, 95.0), budget).c_str(), static_cast<long long>(trials),
      cold.back(), warmed.back(), cold[at_30], warmed[at_30]);
  if (curve) {
    for (std::size_t i = 4; i < budget; i += 5)
      std::printf(" %zu:%.1f/%.1f", i + 1, cold[i], warmed[i]);
    std::printf("\n");
  }
  std::fflush(stdout);
  return {trials_to(cold, 95.0), trials_to(warmed, 95.0), cold.back(), warmed.back()};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Warm start across studies: cold against warm-started MOBO",
               "ecopt_bench_warm_start"};
  std::size_t objectives = 2;
  std::uint64_t seed = 0, seeds = 1;
  std::int64_t earlier_trials = 40, trials = 80;
  bool unrelated = false, curve = false;
  app.add_option("--objectives", objectives, "DTLZ2 objectives")->check(CLI::Range(2, 3));
  app.add_option("--seed", seed, "Sampler seed of all three runs");
  app.add_option("--seeds", seeds, "Seeds to run, from --seed on")->check(CLI::PositiveNumber);
  app.add_option("--earlier-trials", earlier_trials, "Trials of the earlier study");
  app.add_option("--trials", trials, "Trials of the new study, cold and warm");
  app.add_flag("--unrelated", unrelated, "The earlier study is ZDT1 instead of DTLZ2");
  app.add_flag("--curve", curve, "Also print cold/warm % of the maximum HV every 5 trials");
  CLI11_PARSE(app, argc, argv);
  try {
    const Problem target = new_hardware(ecopt::bench::make_dtlz2(6, objectives));
    const Problem earlier =
        unrelated ? *ecopt::bench::find_problem("zdt1") : ecopt::bench::make_dtlz2(6, objectives);
    if (unrelated && objectives != 2) throw std::invalid_argument("--unrelated needs 2 objectives");
    std::printf("%s\n", unrelated ? "unrelated (zdt1 -> dtlz2)" : "related (dtlz2 -> dtlz2 moved)");
    std::vector<std::size_t> cold_trials, warm_trials;
    std::vector<double> cold_end, warm_end;
    for (std::uint64_t s = seed; s < seed + seeds; ++s) {
      const SeedResult r = run_seed(target, earlier, s, earlier_trials, trials, curve);
      cold_trials.push_back(r.cold_trials);
      warm_trials.push_back(r.warm_trials);
      cold_end.push_back(r.cold_end);
      warm_end.push_back(r.warm_end);
    }
    const auto budget = static_cast<std::size_t>(trials);
    std::printf(
        "median of %llu seeds: trials to 95 %%: cold %s, warm %s; at %lld trials: cold "
        "%.2f %%, warm %.2f %%\n",
        static_cast<unsigned long long>(seeds),
        count_text(median_count(cold_trials, budget), budget).c_str(),
        count_text(median_count(warm_trials, budget), budget).c_str(),
        static_cast<long long>(trials), median(cold_end), median(warm_end));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ecopt_bench_warm_start: error: %s\n", e.what());
    return 2;
  }
  return 0;
}
