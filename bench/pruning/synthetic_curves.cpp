// The pruners on a synthetic learning-curve problem whose final values are known
// (docs/pruning.md, docs/benchmarks.md). Each trial's accuracy follows
// a_final x (1 - exp(-s / tau)) over `steps` steps, with a time constant tau drawn on a
// log scale, so curves cross and slow starters can end best; its energy grows by a fixed
// rate per step, larger for the models that tend to end more accurate. Trials run one
// after another, each judged after every step against the trials before it, exactly as
// `ecopt tune --jobs 1` judges them from storage.
//
// Usage: ecopt_bench_pruning [SEEDS] [TRIALS] [STEPS]   (defaults 20 60 27)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "ecopt/optim/pruner.hpp"
#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/reference_point.hpp"

namespace {

using namespace ecopt;

struct Curve {
  double final_accuracy = 0.0;
  double tau = 1.0;
  double energy_per_step_j = 1.0;
  [[nodiscard]] double accuracy(std::int64_t step) const {
    return final_accuracy * (1.0 - std::exp(-static_cast<double>(step) / tau));
  }
};

std::vector<Curve> draw_curves(std::uint64_t seed, int trials) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<Curve> curves;
  for (int i = 0; i < trials; ++i) {
    const double size = u(rng);  // a bigger model: more energy per step, usually more accurate
    curves.push_back({0.5 + 0.45 * (0.6 * size + 0.4 * u(rng)),
                      std::exp(std::log(0.5) + u(rng) * std::log(30.0)), 1.0 + 4.0 * size});
  }
  return curves;
}

struct Outcome {
  double energy_fraction = 0.0;  ///< energy spent / energy without pruning
  double hv_fraction = 0.0;      ///< HV of the completed trials / HV of all trials run fully
  int pareto_optimal = 0;        ///< eventual Pareto-optimal trials
  int pareto_stopped = 0;        ///< of them, stopped by the pruner
  int pruned = 0;
};

pareto::PointSet finals(const std::vector<Curve>& curves, const std::vector<bool>& keep,
                        std::int64_t steps) {
  pareto::PointSet points;
  points.dimension = 2;
  for (std::size_t i = 0; i < curves.size(); ++i) {
    if (!keep[i]) continue;
    const double point[2] = {-curves[i].accuracy(steps),
                             curves[i].energy_per_step_j * static_cast<double>(steps)};
    points.add(point);
  }
  return points;
}

Outcome simulate(const std::vector<Curve>& curves, const study::PrunerConfig& config,
                 std::int64_t steps) {
  const std::vector<study::Objective> objectives{{"accuracy", study::Goal::maximize},
                                                 {"energy.total", study::Goal::minimize}};
  std::vector<study::Trial> trials;
  Outcome o;
  double spent_j = 0.0, full_j = 0.0;
  std::vector<bool> completed(curves.size(), false);
  for (std::size_t i = 0; i < curves.size(); ++i) {
    study::Trial t;
    t.id = t.number = static_cast<std::int64_t>(i);
    t.state = study::TrialState::running;
    bool pruned = false;
    for (std::int64_t s = 1; s <= steps && !pruned; ++s) {
      t.intermediate[s] = {{"accuracy", curves[i].accuracy(s)},
                           {optim::kEnergySoFarName, curves[i].energy_per_step_j * s}};
      spent_j += curves[i].energy_per_step_j;
      if (s < steps) pruned = optim::decide_prune({config, objectives, t, trials, s}).prune;
    }
    full_j += curves[i].energy_per_step_j * static_cast<double>(steps);
    t.state = pruned ? study::TrialState::pruned : study::TrialState::complete;
    completed[i] = !pruned;
    o.pruned += pruned ? 1 : 0;
    trials.push_back(std::move(t));
  }
  const std::vector<bool> all(curves.size(), true);
  const pareto::PointSet everything = finals(curves, all, steps);
  const std::vector<double> reference = pareto::infer_reference_point(everything);
  for (const std::size_t i : pareto::nondominated_indices(everything)) {
    ++o.pareto_optimal;
    o.pareto_stopped += completed[i] ? 0 : 1;
  }
  o.energy_fraction = spent_j / full_j;
  o.hv_fraction = pareto::hypervolume(finals(curves, completed, steps), reference).value /
                  pareto::hypervolume(everything, reference).value;
  return o;
}

struct Setting {
  std::string label;
  study::PrunerConfig config;
};

/// The single-objective pruners for reference, then the sweep the defaults were chosen from
/// (docs/pruning.md): mo-asha over eta x min_steps x warmup_steps, then startup_trials.
std::vector<Setting> settings() {
  std::vector<Setting> list;
  auto add = [&](study::PrunerKind kind, std::int64_t eta, std::int64_t min_steps,
                 std::int64_t warmup, std::int64_t startup) {
    study::PrunerConfig c;
    c.name = kind;
    c.eta = eta;
    c.min_steps = min_steps;
    c.warmup_steps = warmup;
    c.startup_trials = startup;
    const char* name = kind == study::PrunerKind::median ? "median"
                       : kind == study::PrunerKind::asha ? "asha"
                                                         : "mo-asha";
    const bool rungs = kind != study::PrunerKind::median;  // median has no eta or rungs
    list.push_back({std::string(name) + " | " + (rungs ? std::to_string(eta) : "-") + " | " +
                        (rungs ? std::to_string(min_steps) : "-") + " | " + std::to_string(warmup) +
                        " | " + std::to_string(startup),
                    c});
  };
  add(study::PrunerKind::median, 3, 1, 0, 5);
  for (const std::int64_t eta : {2, 3, 4}) add(study::PrunerKind::asha, eta, 1, 0, 5);
  for (const std::int64_t eta : {2, 3, 4}) {
    for (const std::int64_t min_steps : {1, 2, 3}) {
      for (const std::int64_t warmup : {0, 4})
        add(study::PrunerKind::mo_asha, eta, min_steps, warmup, 5);
    }
  }
  for (const std::int64_t startup : {3, 10}) add(study::PrunerKind::mo_asha, 2, 1, 0, startup);
  return list;
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 20;
  const int trials = argc > 2 ? std::atoi(argv[2]) : 60;
  const std::int64_t steps = argc > 3 ? std::atoll(argv[3]) : 27;
  std::printf("%d seeds x %d trials x %lld steps; means over seeds\n\n", seeds, trials,
              static_cast<long long>(steps));
  std::printf(
      "| pruner | eta | min_steps | warmup_steps | startup_trials | pruned trials | energy used "
      "| final HV kept | Pareto-optimal trials stopped |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  for (const Setting& s : settings()) {
    Outcome sum;
    for (int seed = 1; seed <= seeds; ++seed) {
      const Outcome o =
          simulate(draw_curves(static_cast<std::uint64_t>(seed), trials), s.config, steps);
      sum.energy_fraction += o.energy_fraction / seeds;
      sum.hv_fraction += o.hv_fraction / seeds;
      sum.pareto_optimal += o.pareto_optimal;
      sum.pareto_stopped += o.pareto_stopped;
      sum.pruned += o.pruned;
    }
    std::printf("| %s | %.1f of %d | %.1f %% | %.1f %% | %d of %d (%.1f %%) |\n", s.label.c_str(),
                static_cast<double>(sum.pruned) / seeds, trials, 100.0 * sum.energy_fraction,
                100.0 * sum.hv_fraction, sum.pareto_stopped, sum.pareto_optimal,
                100.0 * sum.pareto_stopped / std::max(1, sum.pareto_optimal));
  }
  return 0;
}
