#pragma once
// A study's definition: what the study file says, validated.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ecopt/space/search_space.hpp"
#include "ecopt/study/config_enums.hpp"
#include "ecopt/study/constraint.hpp"

namespace ecopt::study {

struct Objective {
  std::string name;  ///< a metric or derived quantity, e.g. energy.inference.per_sample
  Goal goal = Goal::minimize;
  OutputTransform transform = OutputTransform::automatic;
};

/// Whether a metric name is energy-, time-, power- or carbon-like: such metrics span
/// orders of magnitude, so `transform: auto` models them in log space.
[[nodiscard]] bool is_scale_like_metric(std::string_view name);

/// NSGA-II's smallest population: its binary tournaments need two distinct parents and
/// a generation of fewer than four leaves almost nothing to select from.
inline constexpr std::int64_t kMinPopulationSize = 4;

/// An earlier study whose trials inform the model (`sampler.warm_start`, mobo and auto):
/// the same problem on other hardware, say (docs/optimizers.md, "Warm start").
struct WarmStartConfig {
  std::string study;    ///< its name; empty: no warm start
  std::string storage;  ///< its storage URL; empty: the study's own storage
};

/// Which sampler chooses parameters, and its settings (docs/study-file.md, `sampler.*`).
struct SamplerConfig {
  SamplerKind name = SamplerKind::automatic;
  std::uint64_t seed = 0;
  /// Sobol trials before a model is fitted (mobo, auto); unset: max(5, 2 x searched).
  std::optional<std::int64_t> initial_trials;
  Acquisition acquisition = Acquisition::automatic;  ///< mobo
  std::int64_t population_size = 50;                 ///< nsga2, auto: at least kMinPopulationSize
  /// auto: completed trials after which NSGA-II takes over from MOBO.
  std::int64_t switch_to_nsga2_after = 300;
  WarmStartConfig warm_start;  ///< mobo, auto
};

/// Which trials stop early, and when (docs/pruning.md, `pruner.*`). Steps are the
/// trial's `report` steps (epochs); a pruner decides after each report.
struct PrunerConfig {
  PrunerKind name = PrunerKind::none;
  std::int64_t eta = 2;             ///< asha, mo-asha: keep the top 1/eta at each rung
  std::int64_t min_steps = 1;       ///< asha, mo-asha: the first rung; rungs at min_steps x eta^k
  std::int64_t warmup_steps = 0;    ///< no trial is stopped at a step below this
  std::int64_t startup_trials = 5;  ///< no decision until this many other trials are comparable
  double grace_s = 30.0;            ///< after asking a trial to stop: then SIGTERM to its group
};

/// When to stop. Unset limits do not apply; a study with none runs until stopped.
struct Budget {
  std::optional<std::int64_t> trials;
  std::optional<double> energy_j;
  std::optional<double> time_s;
};

/// How trials run (the runner, `ecopt tune`).
struct RunSettings {
  std::string workdir;                     ///< empty: where ecopt runs
  std::map<std::string, std::string> env;  ///< extra environment variables
  std::optional<double> timeout_s;         ///< per trial; then SIGTERM to its process group
  double kill_grace_s = 10.0;              ///< SIGKILL this long after SIGTERM
  std::int64_t retries = 0;                ///< re-run a failed trial's parameters this often
  AttributionScope scope = AttributionScope::automatic;  ///< energy attribution
  bool stdout_metrics = false;    ///< accept Katib-style name=value lines on stdout
  std::string runs_dir = "runs";  ///< trial output goes to RUNS_DIR/STUDY/KEY/TRIAL/
};

struct StudyConfig {
  std::string name;
  std::string description;
  std::vector<std::string> command;
  PassParams pass_params = PassParams::template_only;
  space::SearchSpace space;  ///< the parameters, the `hardware:` knobs among them
  /// The `hardware:` section: these knobs are parameters of `space` named after the knob
  /// (`gpu_power_limit_w`), which the runner applies around each trial.
  std::vector<HardwareKnob> hardware;
  std::vector<Objective> objectives;
  std::vector<Constraint> constraints;
  std::map<std::string, double> reference_point;  ///< objective name -> threshold
  SamplerConfig sampler;
  PrunerConfig pruner;
  Budget budget;
  RunSettings run;
  std::string storage;  ///< storage URL; empty: the documented default
};

}  // namespace ecopt::study
