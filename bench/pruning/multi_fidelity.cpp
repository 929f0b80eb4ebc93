// How the MOBO should use pruned trials' partial results (docs/pruning.md, "Pruned trials
// and the sampler"), measured on a synthetic learning-curve problem over parameters.
//
// A trial's parameters x in [0, 1]^3 set its curve: its final accuracy rises with model
// size x0 and peaks at a learning rate x1 = 0.6; its time constant is long for small x1
// (slow starters); its energy per step grows with size; x2 is noise the model must learn
// to ignore. Objectives: accuracy (max), total energy (min). The default sampler (auto:
// Sobol, then MOBO) suggests each trial; mo-asha (eta 2, the rest at their defaults)
// judges it after every step, as `ecopt tune --jobs 1` does. What the sampler is told
// about a pruned trial is the variant measured:
//   completed only      pruned trials are PRUNED: the sampler ignores them (ecopt today)
//   last value          a pruned trial is told as COMPLETE with its last step's accuracy
//                       and energy so far
//   last value, energy  the same with the energy extrapolated to the full run (energy per
//   extrapolated        step x steps)
//   worst imputed       a pruned trial is told as COMPLETE with the worst value of each
//                       objective among the completed trials when the sampler is asked
// and, for reference, no pruning at all. Scored by the hypervolume of the true final
// values of the trials that ran to the end (what the study's front holds), and the energy
// spent, over seeds.
//
// Usage: ecopt_bench_multi_fidelity [SEEDS] [TRIALS] [STEPS] [STARTUP_TRIALS]
//        (defaults 10 40 27 5; STARTUP_TRIALS is the pruner's startup_trials)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ecopt/optim/pruner.hpp"
#include "ecopt/optim/sampler.hpp"
#include "ecopt/pareto/hypervolume.hpp"

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

Curve curve_of(const std::vector<double>& x) {
  const double lr_fit = std::max(0.0, 1.0 - (x[1] - 0.6) * (x[1] - 0.6) / 0.36);
  return {0.5 + 0.45 * (0.6 * x[0] + 0.4 * lr_fit), 0.5 * std::pow(30.0, 1.0 - x[1]),
          1.0 + 4.0 * x[0]};
}

enum class Variant {
  no_pruning,
  completed_only,
  last_value,
  last_value_energy_extrapolated,
  worst_imputed
};

struct Outcome {
  double hypervolume = 0.0;
  double energy_j = 0.0;
  int pruned = 0;
};

space::SearchSpace unit_cube() {
  std::vector<space::Parameter> parameters;
  for (const char* name : {"x0", "x1", "x2"})
    parameters.push_back(space::Parameter{name, space::FloatDomain{0.0, 1.0, false}});
  return space::SearchSpace(std::move(parameters));
}

/// Runs one trial's curve under the pruner; returns the last step it ran.
std::int64_t run_curve(const Curve& c, study::Trial& t, const std::vector<study::Trial>& trials,
                       const std::vector<study::Objective>& objectives,
                       const study::PrunerConfig& pruner, std::int64_t steps, bool prune) {
  for (std::int64_t s = 1; s <= steps; ++s) {
    t.intermediate[s] = {{"accuracy", c.accuracy(s)},
                         {optim::kEnergySoFarName, c.energy_per_step_j * static_cast<double>(s)}};
    if (prune && s < steps && optim::decide_prune({pruner, objectives, t, trials, s}).prune)
      return s;
  }
  return steps;
}

/// The trials as the sampler sees them when a pruned trial counts as the worst completed
/// value of each objective (imputation of failed evaluations, e.g. Forrester et al. 2006).
std::vector<study::Trial> impute_worst(std::vector<study::Trial> trials) {
  std::vector<double> worst;
  for (const auto& t : trials) {
    if (t.state != study::TrialState::complete) continue;
    if (worst.empty()) worst = t.values;
    worst[0] = std::min(worst[0], t.values[0]);
    worst[1] = std::max(worst[1], t.values[1]);
  }
  if (worst.empty()) return trials;
  for (auto& t : trials) {
    if (t.state != study::TrialState::pruned) continue;
    t.state = study::TrialState::complete;
    t.values = worst;
  }
  return trials;
}

Outcome run_study(Variant variant, std::uint64_t seed, int trial_count, std::int64_t steps,
                  int startup_trials) {
  const space::SearchSpace space = unit_cube();
  const std::vector<study::Objective> objectives{{"accuracy", study::Goal::maximize},
                                                 {"energy.total", study::Goal::minimize}};
  study::SamplerConfig sampler_config;
  sampler_config.seed = seed;
  const auto sampler = optim::make_sampler(sampler_config, space);
  study::PrunerConfig pruner;
  pruner.name = study::PrunerKind::mo_asha;
  pruner.eta = 2;  // the setting docs/pruning.md measured best
  pruner.startup_trials = startup_trials;
  std::vector<study::Trial> trials;
  pareto::PointSet finals;
  finals.dimension = 2;
  Outcome o;
  for (int i = 0; i < trial_count; ++i) {
    study::Trial t;
    t.id = t.number = i;
    t.params = sampler->suggest(
        {space, objectives, variant == Variant::worst_imputed ? impute_worst(trials) : trials, i});
    const Curve c = curve_of(space.encode(t.params));
    t.state = study::TrialState::running;
    const std::int64_t last =
        run_curve(c, t, trials, objectives, pruner, steps, variant != Variant::no_pruning);
    o.energy_j += c.energy_per_step_j * static_cast<double>(last);
    const double full_energy_j = c.energy_per_step_j * static_cast<double>(steps);
    if (last == steps) {
      t.state = study::TrialState::complete;
      t.values = {c.accuracy(steps), full_energy_j};
      const double point[2] = {-t.values[0], t.values[1]};
      finals.add(point);
    } else {
      ++o.pruned;
      const bool told =
          variant == Variant::last_value || variant == Variant::last_value_energy_extrapolated;
      t.state = told ? study::TrialState::complete : study::TrialState::pruned;
      if (told) {
        t.values = {c.accuracy(last), variant == Variant::last_value
                                          ? c.energy_per_step_j * static_cast<double>(last)
                                          : full_energy_j};
      }
    }
    trials.push_back(std::move(t));
  }
  // A fixed reference: chance-level accuracy 0.5 and the costliest model's full energy.
  const std::vector<double> reference{-0.5, 5.0 * static_cast<double>(steps)};
  o.hypervolume = pareto::hypervolume(finals, reference).value;
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 10;
  const int trials = argc > 2 ? std::atoi(argv[2]) : 40;
  const std::int64_t steps = argc > 3 ? std::atoll(argv[3]) : 27;
  const int startup_trials = argc > 4 ? std::atoi(argv[4]) : 5;
  std::printf(
      "%d seeds x %d trials x %lld steps, auto sampler, mo-asha eta 2, startup_trials %d\n\n",
      seeds, trials, static_cast<long long>(steps), startup_trials);
  std::printf(
      "| what the sampler is told of a pruned trial | pruned trials | energy used "
      "| final HV (of no pruning's) |\n|---|---|---|---|\n");
  const struct {
    Variant variant;
    const char* label;
  } variants[] = {{Variant::no_pruning, "(no pruning)"},
                  {Variant::completed_only, "nothing: completed trials only"},
                  {Variant::last_value, "its last step's values, as if final"},
                  {Variant::last_value_energy_extrapolated,
                   "its last step's accuracy, energy extrapolated to the full run"},
                  {Variant::worst_imputed, "the worst completed value of each objective"}};
  std::vector<Outcome> reference(static_cast<std::size_t>(seeds));
  for (const auto& v : variants) {
    double energy_fraction = 0.0, hv_fraction = 0.0, pruned = 0.0;
    for (int seed = 0; seed < seeds; ++seed) {
      const Outcome o =
          run_study(v.variant, static_cast<std::uint64_t>(seed), trials, steps, startup_trials);
      auto& full = reference[static_cast<std::size_t>(seed)];
      if (v.variant == Variant::no_pruning) full = o;
      energy_fraction += o.energy_j / full.energy_j / seeds;
      hv_fraction += o.hypervolume / full.hypervolume / seeds;
      pruned += static_cast<double>(o.pruned) / seeds;
    }
    std::printf("| %s | %.1f of %d | %.1f %% | %.1f %% |\n", v.label, pruned, trials,
                100.0 * energy_fraction, 100.0 * hv_fraction);
  }
  return 0;
}
