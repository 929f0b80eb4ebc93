// The study file's schema: the single table the parser checks keys against and the
// documentation is generated from.
#include <sstream>

#include "ecopt/study/study_file.hpp"

namespace ecopt::study {
namespace {

constexpr StudyFileKey kKeys[] = {
    {"name", "string", "yes", "",
     "Study name, unique within a storage: letters, digits, '-', '_' and '.', but not `.` or "
     "`..` (it names a directory under `runs/`)."},
    {"description", "string", "no", "", "Free text shown by `ecopt study show`."},
    {"command", "list of strings", "for `ecopt tune`", "",
     "The trial command as an argv list, run without a shell. `{name}` in an item is "
     "replaced by that parameter's value."},
    {"pass_params", "`template` or `args`", "no", "template",
     "`args` also appends `--name=value` for every parameter. Every trial gets the "
     "parameters as JSON in `ECOPT_PARAMS` either way."},
    {"parameters", "mapping", "yes", "", "The search space: one entry per parameter name."},
    {"parameters.NAME.type", "`float`, `int`, `categorical` or `fixed`", "yes", "",
     "The parameter's kind."},
    {"parameters.NAME.low", "number", "float, int", "", "Smallest value (inclusive)."},
    {"parameters.NAME.high", "number", "float, int", "",
     "Largest value (inclusive); at least `low`."},
    {"parameters.NAME.log", "bool", "no", "false",
     "Sample log-uniformly (needs `low` > 0; not with `step`)."},
    {"parameters.NAME.step", "integer", "no", "1",
     "int only: values are `low + k * step`; `high - low` must be a multiple of it."},
    {"parameters.NAME.choices", "list of scalars", "categorical", "",
     "The choices: strings, numbers or bools (quote a number to make it a string)."},
    {"parameters.NAME.value", "scalar", "fixed", "", "The constant every trial gets."},
    {"objectives", "list", "yes", "", "What to optimise: one or more objectives."},
    {"objectives[].name", "string", "yes", "",
     "A metric the trial reports, or a derived quantity such as "
     "`energy.inference.per_sample` or, with an idle profile, "
     "`energy.inference.net_per_sample` (see Objectives below)."},
    {"objectives[].goal", "`minimize` or `maximize`", "yes", "", "The direction."},
    {"objectives[].transform", "`auto`, `none` or `log`", "no", "auto",
     "How model-based samplers see the values: `log` models them in log space (they must "
     "be > 0); `auto` picks `log` for a minimised energy, time, power or carbon metric "
     "whose observed values are all > 0, else `none`."},
    {"constraints", "list of strings", "no", "",
     "Outcome constraints `METRIC OP NUMBER`, OP one of `>=`, `<=`, `>`, `<`, e.g. "
     "`\"accuracy >= 0.80\"`."},
    {"reference_point", "mapping of objective name to number", "no", "inferred",
     "Hypervolume reference per objective; objectives left out are inferred from the "
     "observed nadir plus 10 % of the range. MOBO's EHVI improves the front inside this "
     "box, so give it for the objectives you care about (docs/optimizers.md)."},
    {"sampler", "mapping", "no", "`{name: auto, seed: 0}`", "How parameters are chosen."},
    {"sampler.name", "`auto`, `mobo`, `nsga2`, `sobol` or `random`", "no", "auto",
     "`mobo`: Gaussian-process Bayesian optimisation (EHVI; docs/optimizers.md); `nsga2`: "
     "the NSGA-II genetic algorithm; `auto`: `mobo`, then `nsga2` after "
     "`switch_to_nsga2_after` completed trials; `sobol`: scrambled Sobol quasi-random "
     "points; `random`: independent uniform draws."},
    {"sampler.seed", "integer >= 0", "no", "0",
     "The same seed and history give the same suggestions."},
    {"sampler.initial_trials", "integer >= 1", "no", "max(5, 2 x searched parameters)",
     "mobo, auto: Sobol trials before the first model is fitted."},
    {"sampler.acquisition", "`auto`, `ehvi`, `mc-ehvi` or `parego`", "no", "auto",
     "mobo: `ehvi` is the exact expected hypervolume improvement (in log space); "
     "`mc-ehvi` estimates it by quasi-Monte Carlo; `parego` scalarises the objectives by "
     "random augmented Chebyshev weights; `auto` is `ehvi` for up to 3 objectives, "
     "`parego` beyond."},
    {"sampler.population_size", "integer >= 4", "no", "50",
     "nsga2, auto: individuals per generation."},
    {"sampler.switch_to_nsga2_after", "integer >= 1", "no", "300",
     "auto: completed trials after which NSGA-II replaces the Gaussian-process model, "
     "whose cost grows with the cube of the trials observed."},
    {"budget", "mapping", "no", "", "When the study stops; the first limit reached wins."},
    {"budget.trials", "integer > 0", "no", "", "Number of finished trials."},
    {"budget.energy", "energy, e.g. `200kJ`", "no", "",
     "Measured energy of all trials together (units J, kJ, MJ, Wh, kWh)."},
    {"budget.time", "duration, e.g. `2h`", "no", "", "Wall-clock time (units s, min, h, d)."},
    {"run", "mapping", "no", "", "How `ecopt tune` runs trials."},
    {"run.workdir", "path", "no", "the current directory", "Working directory of every trial."},
    {"run.env", "mapping of name to string", "no", "", "Extra environment variables for trials."},
    {"run.timeout", "duration, e.g. `30min`", "no", "none",
     "Per-trial limit: then SIGTERM to the trial's process group, SIGKILL after `kill_grace`."},
    {"run.kill_grace", "duration", "no", "10s", "Time between SIGTERM and SIGKILL."},
    {"run.retries", "integer >= 0", "no", "0",
     "How often a failed trial's parameters are run again (as new trials)."},
    {"run.scope", "`auto`, `system` or `process`", "no", "auto",
     "Energy attribution: `system` counts the whole machine, `process` the trial's share; "
     "`auto` is `system` with one job and `process` with several."},
    {"run.stdout_metrics", "bool", "no", "false",
     "Also read Katib-style `name=value` lines on stdout as metrics."},
    {"run.runs_dir", "path", "no", "runs", "Trial output goes to `RUNS_DIR/STUDY/TRIAL/`."},
    {"storage", "URL", "no", "`sqlite:///NAME.db`",
     "Where the study lives: `sqlite:///relative/path.db` or `sqlite:////absolute/path.db`. "
     "`--storage` overrides it."},
};

}  // namespace

std::span<const StudyFileKey> study_file_keys() {
  return kKeys;
}

std::string study_file_keys_markdown() {
  std::ostringstream out;
  out << "| key | type | required | default | meaning |\n|---|---|---|---|---|\n";
  for (const StudyFileKey& key : kKeys) {
    out << "| `" << key.path << "` | " << key.type << " | " << key.required << " | "
        << (key.default_value.empty() ? "" : key.default_value) << " | " << key.description
        << " |\n";
  }
  return out.str();
}

std::string default_storage_url(const std::string& study_name) {
  return "sqlite:///" + study_name + ".db";
}

}  // namespace ecopt::study
