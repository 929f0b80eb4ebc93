// ecopt_bench_optimizers: runs one ecopt sampler on one benchmark problem in an in-memory
// ask/tell loop and writes every trial as a JSON line, in the format optuna_peer.py writes
// too; times suggestions on a fixed history (--timing); lists the problems (--list); and
// recomputes the numerically derived maxima (--check-max). See README.md in this folder.
//
//   ecopt_bench_optimizers --sampler NAME --problem P --seed S --trials N [--out FILE]
//   ecopt_bench_optimizers --timing --sampler NAME [--observations 200] [--dimension 10]
//                          [--repeats 20] [--seed S]
//   ecopt_bench_optimizers --list | --check-max
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"
#include "problems.hpp"

namespace {

using ecopt::bench::Problem;
using Clock = std::chrono::steady_clock;

struct RunSettings {
  std::string sampler;
  std::string problem;
  std::uint64_t seed = 0;
  std::int64_t trials = 120;
  std::string out;       ///< empty or "-": stdout
  std::size_t jobs = 1;  ///< trials in flight at once, as `ecopt tune --jobs`
};

struct TimingSettings {
  std::string sampler;
  std::uint64_t seed = 0;
  std::int64_t observations = 200;
  std::size_t dimension = 10;
  std::int64_t repeats = 20;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// CPU time of this process: on a shared machine wall time also counts the waits for a
/// core, so --timing reports both.
double process_cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return 1e3 * static_cast<double>(now.tv_sec) + 1e-6 * static_cast<double>(now.tv_nsec);
}

/// Linear interpolation between order statistics (numpy's default), q in [0, 1].
double percentile(std::vector<double> values, double q) {
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

nlohmann::json to_json(const ecopt::space::Params& params) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    std::visit([&](const auto& v) { object[name] = v; }, value);
  }
  return object;
}

bool has_suffix(const std::string& label, const std::string& suffix) {
  return label.size() > suffix.size() &&
         label.compare(label.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// A sampler label may end in "+noise": the same sampler, told each observation's
/// noise (the problem's noise sd) as a trial's recorded metric uncertainty, the way a
/// measured energy carries its own.
bool tells_noise(const std::string& label) {
  return has_suffix(label, "+noise");
}

/// Before that, it may end in "+ref": the same sampler, told the problem's reference
/// point as a study file's `reference_point` would tell it.
bool gives_reference(const std::string& label) {
  return has_suffix(tells_noise(label) ? label.substr(0, label.size() - 6) : label, "+ref");
}

std::string sampler_name(const std::string& label) {
  const std::string without_noise = tells_noise(label) ? label.substr(0, label.size() - 6) : label;
  return gives_reference(label) ? without_noise.substr(0, without_noise.size() - 4) : without_noise;
}

/// A sampler name may also end in "@ACQUISITION" (before "+ref"/"+noise"): `mobo@ehvi` is mobo
/// with `sampler.acquisition: ehvi`, to compare acquisitions in one run.
std::unique_ptr<ecopt::optim::Sampler> make_sampler(const std::string& label, std::uint64_t seed,
                                                    const ecopt::space::SearchSpace& space) {
  ecopt::study::SamplerConfig config;
  std::string name = sampler_name(label);
  if (const std::size_t at = name.find('@'); at != std::string::npos) {
    const std::string acquisition = name.substr(at + 1);
    const auto parsed = ecopt::study::parse_enum<ecopt::study::Acquisition>(acquisition);
    if (!parsed) {
      throw std::invalid_argument(
          "unknown acquisition '" + acquisition + "' in '" + label +
          "'; available: " + ecopt::study::enum_name_list<ecopt::study::Acquisition>());
    }
    config.acquisition = *parsed;
    name.resize(at);
  }
  const std::optional<ecopt::study::SamplerKind> kind =
      ecopt::study::parse_enum<ecopt::study::SamplerKind>(name);
  if (!kind) {
    throw std::invalid_argument("unknown sampler '" + name + "'; available: " +
                                ecopt::study::enum_name_list<ecopt::study::SamplerKind>());
  }
  config.name = *kind;
  config.seed = seed;
  return ecopt::optim::make_sampler(config, space);
}

/// The sampler's suggestion for `trials.size()`-th trial, checked against the space (a
/// sampler that suggests invalid parameters is a bug the benchmark should not hide).
ecopt::space::Params checked_suggestion(ecopt::optim::Sampler& sampler,
                                        const std::string& sampler_label, const Problem& problem,
                                        const std::vector<ecopt::study::Trial>& trials,
                                        std::int64_t number, double& suggest_s) {
  std::map<std::string, double> reference;
  for (std::size_t k = 0; k < problem.objectives.size(); ++k)
    reference[problem.objectives[k].name] = problem.reference_point[k];
  const ecopt::optim::SamplerContext context{problem.space,
                                             problem.objectives,
                                             trials,
                                             number,
                                             {},
                                             gives_reference(sampler_label) ? &reference : nullptr};
  const Clock::time_point start = Clock::now();
  ecopt::space::Params params = sampler.suggest(context);
  suggest_s = seconds_since(start);
  const std::vector<std::string> problems = problem.space.check(params);
  if (!problems.empty()) {
    std::string message = "sampler '" + sampler.name() + "' suggested invalid parameters for " +
                          problem.name + " trial " + std::to_string(number) + ":";
    for (const std::string& p : problems) message += " " + p + ";";
    throw std::runtime_error(message);
  }
  return params;
}

ecopt::study::Trial completed_trial(std::int64_t number, ecopt::space::Params params,
                                    std::vector<double> values) {
  ecopt::study::Trial trial;
  trial.id = number;
  trial.number = number;
  trial.state = ecopt::study::TrialState::complete;
  trial.params = std::move(params);
  trial.values = std::move(values);
  return trial;
}

/// A trial suggested and evaluated that the sampler does not see finished yet (--jobs):
/// its index in the trials and what it will report.
struct InFlight {
  std::size_t index = 0;
  std::vector<double> observed;  ///< empty: the configuration fails
};

/// Completes the oldest trial in flight, as its worker would report it.
void finish_oldest(std::deque<InFlight>& in_flight, std::vector<ecopt::study::Trial>& trials,
                   const Problem& problem, bool tell_noise) {
  InFlight done = std::move(in_flight.front());
  in_flight.pop_front();
  ecopt::study::Trial& trial = trials[done.index];
  if (done.observed.empty()) {
    // A configuration the problem says fails: FAIL, as `ecopt tune` records a crash.
    trial.state = ecopt::study::TrialState::fail;
    return;
  }
  trial.state = ecopt::study::TrialState::complete;
  trial.values = std::move(done.observed);
  if (tell_noise && problem.noise_sd > 0.0) {
    // Relative noise has an sd proportional to the value, as a meter's uncertainty does.
    for (std::size_t k = 0; k < problem.objectives.size(); ++k) {
      trial.metric_uncertainties[problem.objectives[k].name] =
          problem.relative_noise ? problem.noise_sd * std::abs(trial.values[k]) : problem.noise_sd;
    }
  }
}

/// One trial's JSON line; a failed one has "failed": true and null values.
nlohmann::json trial_line(std::int64_t number, double suggest_s,
                          const ecopt::bench::Evaluation& evaluation,
                          const ecopt::space::Params& params) {
  nlohmann::json line{{"trial", number}, {"suggest_s", suggest_s}, {"params", to_json(params)}};
  if (evaluation.failed()) {
    line["failed"] = true;
    line["true"] = nullptr;
    line["observed"] = nullptr;
  } else {
    line["true"] = evaluation.true_values;
    line["observed"] = evaluation.observed;
  }
  return line;
}

int run_study(const RunSettings& settings) {
  const std::optional<Problem> found = ecopt::bench::find_problem(settings.problem);
  if (!found) {
    throw std::invalid_argument("unknown problem '" + settings.problem +
                                "'; --list shows the problems");
  }
  const Problem& problem = *found;
  std::unique_ptr<ecopt::optim::Sampler> sampler =
      make_sampler(settings.sampler, settings.seed, problem.space);

  // Write to FILE.tmp and rename at the end, so that an interrupted run leaves no file
  // that run_all.sh would take for a finished one.
  const bool to_stdout = settings.out.empty() || settings.out == "-";
  const std::string temporary = settings.out + ".tmp";
  std::ofstream file;
  if (!to_stdout) {
    file.open(temporary);
    if (!file) throw std::runtime_error("cannot write " + temporary);
  }
  std::ostream& out = to_stdout ? std::cout : file;

  out << nlohmann::json{{"format", "ecopt-bench-optimizers/1"},
                        {"sampler", settings.sampler},
                        {"problem", problem.name},
                        {"seed", settings.seed},
                        {"trials", settings.trials},
                        {"objectives", problem.objectives.size()},
                        {"reference_point", problem.reference_point},
                        {"max_hypervolume", problem.max_hypervolume},
                        {"jobs", settings.jobs}}
             .dump()
      << '\n';

  // Noise has its own stream, so that it does not depend on what the sampler draws.
  std::mt19937_64 noise_rng(settings.seed ^ 0x6e6f697365ull);
  std::vector<ecopt::study::Trial> trials;
  std::deque<InFlight> in_flight;
  std::vector<std::vector<double>> true_values;
  double hypervolume_at_60 = std::nan("");
  for (std::int64_t number = 0; number < settings.trials; ++number) {
    double suggest_s = 0.0;
    ecopt::space::Params params =
        checked_suggestion(*sampler, settings.sampler, problem, trials, number, suggest_s);
    const ecopt::bench::Evaluation evaluation = problem.evaluate(params, noise_rng);
    out << trial_line(number, suggest_s, evaluation, params).dump() << '\n';
    if (!evaluation.failed()) true_values.push_back(evaluation.true_values);
    // The trial runs; with --jobs N the sampler sees it RUNNING until N are in flight.
    trials.push_back(completed_trial(number, std::move(params), {}));
    trials.back().state = ecopt::study::TrialState::running;
    in_flight.push_back({trials.size() - 1, evaluation.observed});
    while (in_flight.size() >= settings.jobs)
      finish_oldest(in_flight, trials, problem, tells_noise(settings.sampler));
    if (number + 1 == 60) {
      hypervolume_at_60 = ecopt::bench::hypervolume_of(true_values, problem.reference_point);
    }
  }
  out.flush();
  if (!to_stdout) {
    file.close();
    if (!file) throw std::runtime_error("writing " + temporary + " failed");
    std::filesystem::rename(temporary, settings.out);
  }

  // A cross-check for summarise.py's own hypervolume code.
  const double hypervolume = ecopt::bench::hypervolume_of(true_values, problem.reference_point);
  std::string at_60;
  if (!std::isnan(hypervolume_at_60)) {
    char text[64];
    std::snprintf(text, sizeof text, "after 60 trials %.10g, ", hypervolume_at_60);
    at_60 = text;
  }
  std::fprintf(stderr,
               "%s on %s, seed %llu: hypervolume of the true values %safter %lld trials %.10g "
               "(%.3f %% of %.10g)\n",
               settings.sampler.c_str(), problem.name.c_str(),
               static_cast<unsigned long long>(settings.seed), at_60.c_str(),
               static_cast<long long>(settings.trials), hypervolume,
               100.0 * hypervolume / problem.max_hypervolume, problem.max_hypervolume);
  return 0;
}

/// Suggestion times of a study that has reached `observations` completed trials: a
/// history of uniform random points of a 2-objective DTLZ2 with `dimension` variables,
/// then `repeats` sequential suggestions, each evaluated and added to the history as a
/// study would. The first call fits models from scratch (a fresh process resuming a
/// study); it is reported on its own, and p50/p95 cover the calls after it, which
/// include the periodic hyperparameter refits.
int run_timing(const TimingSettings& settings) {
  const Problem problem = ecopt::bench::make_dtlz2(settings.dimension, 2);
  std::mt19937_64 rng(settings.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<ecopt::study::Trial> trials;
  for (std::int64_t number = 0; number < settings.observations; ++number) {
    std::vector<double> quantiles(problem.space.searched_count());
    for (double& u : quantiles) u = uniform(rng);
    ecopt::space::Params params = problem.space.from_quantiles(quantiles);
    std::vector<double> values = problem.true_objectives(params);
    trials.push_back(completed_trial(number, std::move(params), std::move(values)));
  }

  std::unique_ptr<ecopt::optim::Sampler> sampler =
      make_sampler(settings.sampler, settings.seed, problem.space);
  double first_ms = std::nan(""), first_cpu_ms = std::nan("");
  std::vector<double> times_ms, cpu_ms;
  for (std::int64_t repeat = 0; repeat < settings.repeats; ++repeat) {
    double suggest_s = 0.0;
    const auto number = static_cast<std::int64_t>(trials.size());
    const double cpu_start_ms = process_cpu_ms();
    ecopt::space::Params params =
        checked_suggestion(*sampler, settings.sampler, problem, trials, number, suggest_s);
    const double suggest_cpu_ms = process_cpu_ms() - cpu_start_ms;
    if (repeat == 0) {
      first_ms = 1e3 * suggest_s;
      first_cpu_ms = suggest_cpu_ms;
    } else {
      times_ms.push_back(1e3 * suggest_s);
      cpu_ms.push_back(suggest_cpu_ms);
    }
    std::vector<double> values = problem.true_objectives(params);
    trials.push_back(completed_trial(number, std::move(params), std::move(values)));
  }
  std::printf(
      "sampler %s: %lld completed trials, %zu variables, 2 objectives (DTLZ2), %lld "
      "sequential suggestions\n"
      "first (cold) %.3f ms; after it: p50 %.3f ms, p95 %.3f ms, max %.3f ms\n"
      "CPU time: first %.3f ms; after it: p50 %.3f ms, p95 %.3f ms\n",
      settings.sampler.c_str(), static_cast<long long>(settings.observations), settings.dimension,
      static_cast<long long>(settings.repeats), first_ms, percentile(times_ms, 0.5),
      percentile(times_ms, 0.95),
      times_ms.empty() ? std::nan("") : *std::max_element(times_ms.begin(), times_ms.end()),
      first_cpu_ms, percentile(cpu_ms, 0.5), percentile(cpu_ms, 0.95));
  return 0;
}

int list_problems() {
  std::printf("# name\tvariables\tobjectives\treference\tmax_hypervolume\tdescription\n");
  for (const Problem& problem : ecopt::bench::benchmark_problems()) {
    std::string reference;
    for (const double r : problem.reference_point) {
      reference += (reference.empty() ? "" : ",") + std::to_string(r);
    }
    std::printf("%s\t%zu\t%zu\t%s\t%.12g\t%s\n", problem.name.c_str(),
                problem.space.searched_count(), problem.objectives.size(), reference.c_str(),
                problem.max_hypervolume, problem.description.c_str());
  }
  return 0;
}

int check_maxima() {
  int status = 0;
  for (const ecopt::bench::MaxHypervolumeCheck& check :
       ecopt::bench::recompute_numerical_maxima()) {
    // The stated value must not be below what a sample of the true front reaches, and it
    // should agree with the interpolated front to well under 0.01 %.
    const bool ok = check.stated >= check.lower_bound &&
                    std::abs(check.stated - check.estimate) <= 1e-5 * check.stated;
    std::printf(
        "%s: stated %.12g, sampled front %.12g (lower bound), interpolated %.12g: %s (%s)\n",
        check.problem.c_str(), check.stated, check.lower_bound, check.estimate,
        ok ? "ok" : "MISMATCH", check.method.c_str());
    if (!ok) status = 1;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs an ecopt sampler on a benchmark problem (bench/optimizers/README.md)",
               "ecopt_bench_optimizers"};
  RunSettings run;
  TimingSettings timing;
  bool list = false;
  bool check_max = false;
  bool timing_mode = false;
  app.add_flag("--list", list, "List the problems and exit");
  app.add_flag("--check-max", check_max,
               "Recompute the numerically derived maximum hypervolumes and compare");
  app.add_flag("--timing", timing_mode, "Time suggestions on a fixed history instead of a run");
  app.add_option("--sampler", run.sampler, "ecopt sampler name (as in a study file)");
  app.add_option("--problem", run.problem, "Problem name (--list)");
  app.add_option("--seed", run.seed, "Sampler seed (also seeds the noise)");
  app.add_option("--trials", run.trials, "Number of trials")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  app.add_option("--out", run.out, "Output file (JSON lines); default stdout");
  app.add_option("--jobs", run.jobs,
                 "Trials in flight at once: each suggestion sees the others RUNNING")
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  app.add_option("--observations", timing.observations, "--timing: completed trials in history")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--dimension", timing.dimension, "--timing: DTLZ2 variables")
      ->check(CLI::Range(3, 1000));
  app.add_option("--repeats", timing.repeats, "--timing: suggestions to time")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000000}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  try {
    if (list) return list_problems();
    if (check_max) return check_maxima();
    if (run.sampler.empty()) throw std::invalid_argument("--sampler is required");
    if (timing_mode) {
      timing.sampler = run.sampler;
      timing.seed = run.seed;
      return run_timing(timing);
    }
    if (run.problem.empty()) throw std::invalid_argument("--problem is required");
    return run_study(run);
  } catch (const std::exception& e) {
    // make_sampler's message for a name it does not know starts "unknown sampler";
    // run_all.sh looks for it to skip samplers this build does not have.
    std::fprintf(stderr, "ecopt_bench_optimizers: error: %s\n", e.what());
    return 2;
  }
}
