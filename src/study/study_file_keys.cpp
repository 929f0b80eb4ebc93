// The study file's key table: the one place each key's type, rule, default, names and
// documentation are written, and where scalar keys are bound to StudyConfig fields.
#include <charconv>
#include <cstdlib>
#include <sstream>
#include <type_traits>
#include <vector>

#include "ecopt/study/study_file.hpp"

namespace ecopt::study {
namespace {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
KeyValue to_key_value(const T& field) {
  if constexpr (IsOptional<T>::value) {
    return field ? to_key_value(*field) : KeyValue{};
  } else if constexpr (std::is_same_v<T, bool>) {
    return field;
  } else if constexpr (std::is_enum_v<T>) {
    return std::string(to_string(field));
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(field);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(field);
  } else {
    return std::string(field);
  }
}

/// Stores a value the parser has already checked against the key's type and rule.
template <typename T>
void from_key_value(const KeyValue& value, T& field) {
  if constexpr (IsOptional<T>::value) {
    typename T::value_type inner{};
    from_key_value(value, inner);
    field = inner;
  } else if constexpr (std::is_same_v<T, bool>) {
    field = std::get<bool>(value);
  } else if constexpr (std::is_enum_v<T>) {
    field = *parse_enum<T>(std::get<std::string>(value));
  } else if constexpr (std::is_integral_v<T>) {
    field = static_cast<T>(std::get<std::int64_t>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    field = std::get<double>(value);
  } else {
    field = std::get<std::string>(value);
  }
}

/// Binds a key to `config.*Field`.
template <auto Field>
struct Top {
  static void read(StudyConfig& c, const KeyValue& v) { from_key_value(v, c.*Field); }
  static KeyValue write(const StudyConfig& c) { return to_key_value(c.*Field); }
};

/// Binds a key to `(config.*Section).*Field`.
template <auto Section, auto Field>
struct Nested {
  static void read(StudyConfig& c, const KeyValue& v) { from_key_value(v, (c.*Section).*Field); }
  static KeyValue write(const StudyConfig& c) { return to_key_value((c.*Section).*Field); }
};

/// Binds a key to `((config.*Section).*Part).*Field`.
template <auto Section, auto Part, auto Field>
struct Nested2 {
  static void read(StudyConfig& c, const KeyValue& v) {
    from_key_value(v, ((c.*Section).*Part).*Field);
  }
  static KeyValue write(const StudyConfig& c) { return to_key_value(((c.*Section).*Part).*Field); }
};

template <NamedEnum Enum>
std::span<const std::string_view> choice_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> list;
    for (const EnumName<Enum>& entry : enum_names(Enum{}))
      if (!entry.alias) list.push_back(entry.name);
    return list;
  }();
  return names;
}

using S = StudyConfig;
using Sampler = SamplerConfig;

/// The study itself: its name, description and the trial command.
std::vector<KeySpec> top_level_keys() {
  return {
      {.path = "format",
       .type = KeyType::integer,
       .required = "no",
       .description = "The stored-config format ecopt writes into databases (see "
                      "Stored configs below); study files leave it out.",
       .min = 1},
      {.path = "name",
       .type = KeyType::text,
       .required = "yes",
       .description = "Study name, unique within a storage: letters, digits, '-', '_' and '.', "
                      "but not `.` or `..` (it names a directory under `runs/`)."},
      {.path = "description",
       .type = KeyType::text,
       .required = "no",
       .description = "Free text shown by `ecopt study show`.",
       .read = Top<&S::description>::read,
       .write = Top<&S::description>::write},
      {.path = "command",
       .type_doc = "list of strings",
       .required = "for `ecopt tune`",
       .description = "The trial command as an argv list, run without a shell. `{name}` in "
                      "an item is replaced by that parameter's value, and `${ECOPT_BIN_DIR}` by "
                      "the folder of the `ecopt` running the study, where the project's trial "
                      "programs (`ecopt-cnn`, `ecopt-textgen`) are built; the environment "
                      "variable `ECOPT_BIN_DIR` overrides it."},
      {.path = "pass_params",
       .type = KeyType::choice,
       .required = "no",
       .description = "`args` also appends `--name=value` for every parameter. Every trial "
                      "gets the parameters as JSON in the file `ECOPT_PARAMS_FILE` names, "
                      "and in `ECOPT_PARAMS` when they fit in one variable, either way.",
       .choices = choice_names<PassParams>(),
       .read = Top<&S::pass_params>::read,
       .write = Top<&S::pass_params>::write},
  };
}

/// The search space (parameters.NAME.*).
std::vector<KeySpec> parameter_keys() {
  return {
      {.path = "parameters",
       .type_doc = "mapping",
       .required = "yes",
       .description = "The search space: one entry per parameter name."},
      {.path = "parameters.NAME.type",
       .type_doc = "`float`, `int`, `categorical` or `fixed`",
       .required = "yes",
       .description = "The parameter's kind."},
      {.path = "parameters.NAME.low",
       .type_doc = "number",
       .required = "float, int",
       .description = "Smallest value (inclusive)."},
      {.path = "parameters.NAME.high",
       .type_doc = "number",
       .required = "float, int",
       .description = "Largest value (inclusive); at least `low`."},
      {.path = "parameters.NAME.log",
       .type_doc = "bool",
       .required = "no",
       .default_doc = "false",
       .description = "Sample log-uniformly (needs `low` > 0; not with `step`)."},
      {.path = "parameters.NAME.step",
       .type_doc = "integer",
       .required = "no",
       .default_doc = "1",
       .description = "int only: values are `low + k * step`; `high - low` must be a "
                      "multiple of it."},
      {.path = "parameters.NAME.choices",
       .type_doc = "list of scalars",
       .required = "categorical",
       .description = "The choices: strings, numbers or bools (quote a number to make it a "
                      "string)."},
      {.path = "parameters.NAME.value",
       .type_doc = "scalar",
       .required = "fixed",
       .description = "The constant every trial gets."},
  };
}

/// Machine settings searched like parameters (docs/hardware.md).
std::vector<KeySpec> hardware_keys() {
  return {
      {.path = "hardware",
       .type_doc = "mapping",
       .required = "no",
       .description = "Hardware knobs, each a parameter (same keys as `parameters.NAME`, "
                      "numbers only) that the runner applies around every trial and restores "
                      "after it: `gpu_power_limit_w` (NVML power limit of every GPU, W), "
                      "`cpu_max_freq_khz` (cpufreq `scaling_max_freq` of the trial's CPUs, "
                      "kHz), `cpu_cores` (the trial's CPU affinity, with `OMP_NUM_THREADS` "
                      "and friends). `ecopt hardware` lists what this machine allows; "
                      "docs/hardware.md."},
      {.path = "hardware.KNOB",
       .type_doc = "mapping",
       .required = "no",
       .description = "KNOB is `gpu_power_limit_w`, `cpu_max_freq_khz` or `cpu_cores`; its "
                      "keys are those of `parameters.NAME`."},
  };
}

/// What a trial is judged by: objectives, constraints and the reference point.
std::vector<KeySpec> objective_keys() {
  return {
      {.path = "objectives",
       .type_doc = "list",
       .required = "yes",
       .description = "What to optimise: one or more objectives."},
      {.path = "objectives[].name",
       .type_doc = "string",
       .required = "yes",
       .description = "A metric the trial reports, or a derived quantity such as "
                      "`energy.inference.per_sample` or, with an idle profile, "
                      "`energy.inference.net_per_sample` (see Objectives below)."},
      {.path = "objectives[].goal",
       .type = KeyType::choice,
       .required = "yes",
       .description = "The direction.",
       .choices = choice_names<Goal>()},
      {.path = "objectives[].transform",
       .type = KeyType::choice,
       .required = "no",
       .default_doc = "auto",
       .description = "How model-based samplers see the values: `log` models them in log "
                      "space (they must be > 0); `auto` picks `log` for a minimised energy, "
                      "time, power or carbon metric whose observed values are all > 0, else "
                      "`none`.",
       .choices = choice_names<OutputTransform>()},
      {.path = "constraints",
       .type_doc = "list of strings",
       .required = "no",
       .description = "Outcome constraints `METRIC OP NUMBER`, OP one of `>=`, `<=`, `>`, "
                      "`<`, e.g. `\"accuracy >= 0.80\"`."},
      {.path = "reference_point",
       .type_doc = "mapping of objective name to number",
       .required = "no",
       .default_doc = "inferred",
       .description = "Hypervolume reference per objective; objectives left out are "
                      "inferred from the observed front's nadir, skipping dominance-resistant "
                      "extremes, plus 20 % of the range. MOBO's EHVI improves the front "
                      "inside this box, so give it for the objectives you care about "
                      "(docs/optimizers.md)."},
  };
}

/// The sampler (docs/optimizers.md).
std::vector<KeySpec> sampler_keys() {
  return {
      {.path = "sampler",
       .type_doc = "mapping",
       .required = "no",
       .default_doc = "`{name: auto, seed: 0}`",
       .description = "How parameters are chosen."},
      {.path = "sampler.name",
       .type = KeyType::choice,
       .required = "no",
       .description = "`mobo`: Gaussian-process Bayesian optimisation (EHVI; "
                      "docs/optimizers.md); `nsga2`: the NSGA-II genetic algorithm; `auto`: "
                      "`mobo`, then `nsga2` after `switch_to_nsga2_after` completed trials; "
                      "`sobol`: scrambled Sobol quasi-random points; `random`: independent "
                      "uniform draws.",
       .choices = choice_names<SamplerKind>(),
       .read = Nested<&S::sampler, &Sampler::name>::read,
       .write = Nested<&S::sampler, &Sampler::name>::write},
      {.path = "sampler.seed",
       .type = KeyType::integer,
       .required = "no",
       .description = "The same seed and history give the same suggestions.",
       .min = 0,
       .read = Nested<&S::sampler, &Sampler::seed>::read,
       .write = Nested<&S::sampler, &Sampler::seed>::write},
      {.path = "sampler.initial_trials",
       .type = KeyType::integer,
       .required = "no",
       .default_doc = "max(5, 2 x searched parameters)",
       .description = "mobo, auto: Sobol trials before the first model is fitted.",
       .min = 1,
       .read = Nested<&S::sampler, &Sampler::initial_trials>::read,
       .write = Nested<&S::sampler, &Sampler::initial_trials>::write},
      {.path = "sampler.acquisition",
       .type = KeyType::choice,
       .required = "no",
       .description = "mobo: `ehvi` is the exact expected hypervolume improvement (in log "
                      "space); `mc-ehvi` estimates it by quasi-Monte Carlo; `parego` "
                      "scalarises the objectives by random augmented Chebyshev weights; "
                      "`auto` is `ehvi` for up to 3 objectives and for more while the front is "
                      "small (at most 10,000 boxes: 20 points with 4 objectives), `parego` "
                      "beyond.",
       .choices = choice_names<Acquisition>(),
       .read = Nested<&S::sampler, &Sampler::acquisition>::read,
       .write = Nested<&S::sampler, &Sampler::acquisition>::write},
      {.path = "sampler.population_size",
       .type = KeyType::integer,
       .required = "no",
       .description = "nsga2, auto: individuals per generation.",
       .min = kMinPopulationSize,
       .read = Nested<&S::sampler, &Sampler::population_size>::read,
       .write = Nested<&S::sampler, &Sampler::population_size>::write},
      {.path = "sampler.switch_to_nsga2_after",
       .type = KeyType::integer,
       .required = "no",
       .description = "auto: completed trials after which NSGA-II replaces the "
                      "Gaussian-process model, whose cost grows with the cube of the trials "
                      "observed.",
       .min = 1,
       .read = Nested<&S::sampler, &Sampler::switch_to_nsga2_after>::read,
       .write = Nested<&S::sampler, &Sampler::switch_to_nsga2_after>::write},
  };
}

/// The sampler's warm start from an earlier study (docs/optimizers.md, "Warm start").
std::vector<KeySpec> warm_start_keys() {
  return {
      {.path = "sampler.warm_start",
       .type_doc = "mapping",
       .required = "no",
       .default_doc = "none",
       .description =
           "mobo, auto: an earlier study of the same problem (on other hardware, "
           "say) whose trials inform the model: its front is the first design and its fitted "
           "posterior mean a prior mean, with a learnt weight, while it orders the "
           "new trials at least as well as the new study's own model; otherwise "
           "the cold start, exactly (docs/optimizers.md, \"Warm start\"). `ecopt tune`, "
           "`ecopt worker` and Python's `study.optimize` read it when they start."},
      {.path = "sampler.warm_start.study",
       .type = KeyType::text,
       .required = "with `warm_start`",
       .description = "The earlier study's name. Its objectives must include every one of "
                      "this study's, by name; its trials count where their parameters fit "
                      "this study's space.",
       .read = Nested2<&S::sampler, &Sampler::warm_start, &WarmStartConfig::study>::read,
       .write = Nested2<&S::sampler, &Sampler::warm_start, &WarmStartConfig::study>::write},
      {.path = "sampler.warm_start.storage",
       .type = KeyType::text,
       .type_doc = "URL",
       .required = "no",
       .default_doc = "this study's storage",
       .description = "Where the earlier study lives, as `storage`; its password is kept "
                      "out of the stored config like the study's own.",
       .read = Nested2<&S::sampler, &Sampler::warm_start, &WarmStartConfig::storage>::read,
       .write = Nested2<&S::sampler, &Sampler::warm_start, &WarmStartConfig::storage>::write},
  };
}

/// Early stopping (docs/pruning.md).
std::vector<KeySpec> pruner_keys() {
  using P = PrunerConfig;
  return {
      {.path = "pruner",
       .type_doc = "mapping",
       .required = "no",
       .default_doc = "`{name: none}`",
       .description = "Which trials stop early, judged from their `report` values "
                      "(docs/pruning.md)."},
      {.path = "pruner.name",
       .type = KeyType::choice,
       .required = "no",
       .description = "`median`: stop a trial whose best value so far is worse than the "
                      "median of completed trials at the same step, for every reported "
                      "objective; `asha`: asynchronous successive halving on the first "
                      "reported objective; `mo-asha`: successive halving ranking the "
                      "reported objectives and the energy so far by non-dominated sorting "
                      "and hypervolume contribution; `none`: every trial runs to its end.",
       .choices = choice_names<PrunerKind>(),
       .read = Nested<&S::pruner, &P::name>::read,
       .write = Nested<&S::pruner, &P::name>::write},
      {.path = "pruner.eta",
       .type = KeyType::integer,
       .required = "no",
       .description = "asha, mo-asha: at each rung the top 1/eta of the trials that reached "
                      "it go on.",
       .min = 2,
       .read = Nested<&S::pruner, &P::eta>::read,
       .write = Nested<&S::pruner, &P::eta>::write},
      {.path = "pruner.min_steps",
       .type = KeyType::integer,
       .required = "no",
       .description = "asha, mo-asha: the first rung's step; rungs are at min_steps x eta^k.",
       .min = 1,
       .read = Nested<&S::pruner, &P::min_steps>::read,
       .write = Nested<&S::pruner, &P::min_steps>::write},
      {.path = "pruner.warmup_steps",
       .type = KeyType::integer,
       .required = "no",
       .description = "No trial is stopped at a step below this.",
       .min = 0,
       .read = Nested<&S::pruner, &P::warmup_steps>::read,
       .write = Nested<&S::pruner, &P::warmup_steps>::write},
      {.path = "pruner.startup_trials",
       .type = KeyType::integer,
       .required = "no",
       .description = "No decision at a step until this many other trials have a value "
                      "there (median: completed trials).",
       .min = 1,
       .read = Nested<&S::pruner, &P::startup_trials>::read,
       .write = Nested<&S::pruner, &P::startup_trials>::write},
      {.path = "pruner.grace",
       .type = KeyType::duration,
       .required = "no",
       .description = "How long a trial asked to stop may take to exit; then SIGTERM to its "
                      "process group (and SIGKILL after `run.kill_grace`).",
       .read = Nested<&S::pruner, &P::grace_s>::read,
       .write = Nested<&S::pruner, &P::grace_s>::write},
  };
}

/// When the study stops.
std::vector<KeySpec> budget_keys() {
  return {
      {.path = "budget",
       .type_doc = "mapping",
       .required = "no",
       .description = "When the study stops; the first limit reached wins."},
      {.path = "budget.trials",
       .type = KeyType::integer,
       .required = "no",
       .description = "Number of finished trials.",
       .min = 1,
       .read = Nested<&S::budget, &Budget::trials>::read,
       .write = Nested<&S::budget, &Budget::trials>::write},
      {.path = "budget.energy",
       .type = KeyType::energy,
       .required = "no",
       .description = "Measured energy of all trials together (units J, kJ, MJ, Wh, kWh).",
       .read = Nested<&S::budget, &Budget::energy_j>::read,
       .write = Nested<&S::budget, &Budget::energy_j>::write},
      {.path = "budget.time",
       .type = KeyType::duration,
       .required = "no",
       .description = "Wall-clock time (units s, min, h, d).",
       .read = Nested<&S::budget, &Budget::time_s>::read,
       .write = Nested<&S::budget, &Budget::time_s>::write},
  };
}

/// How each trial runs (ecopt tune and ecopt worker).
std::vector<KeySpec> run_keys() {
  return {
      {.path = "run",
       .type_doc = "mapping",
       .required = "no",
       .description = "How `ecopt tune` runs trials."},
      {.path = "run.workdir",
       .type = KeyType::text,
       .type_doc = "path",
       .required = "no",
       .default_doc = "the current directory",
       .description = "Working directory of every trial.",
       .read = Nested<&S::run, &RunSettings::workdir>::read,
       .write = Nested<&S::run, &RunSettings::workdir>::write},
      {.path = "run.env",
       .type_doc = "mapping of name to string",
       .required = "no",
       .description = "Extra environment variables for trials."},
      {.path = "run.timeout",
       .type = KeyType::duration,
       .required = "no",
       .default_doc = "none",
       .description = "Per-trial limit: then SIGTERM to the trial's process group, SIGKILL "
                      "after `kill_grace`. In-process trials (Python's `optimize`): a "
                      "cooperative deadline, `should_prune()` turns true and the trial fails "
                      "as `timeout` when it returns (docs/python.md).",
       .read = Nested<&S::run, &RunSettings::timeout_s>::read,
       .write = Nested<&S::run, &RunSettings::timeout_s>::write},
      {.path = "run.kill_grace",
       .type = KeyType::duration,
       .required = "no",
       .description = "Time between SIGTERM and SIGKILL.",
       .read = Nested<&S::run, &RunSettings::kill_grace_s>::read,
       .write = Nested<&S::run, &RunSettings::kill_grace_s>::write},
      {.path = "run.retries",
       .type = KeyType::integer,
       .required = "no",
       .description = "How often a failed trial's parameters are run again (as new trials).",
       .min = 0,
       .read = Nested<&S::run, &RunSettings::retries>::read,
       .write = Nested<&S::run, &RunSettings::retries>::write},
      {.path = "run.scope",
       .type = KeyType::choice,
       .required = "no",
       .description = "Energy attribution: `system` counts the whole machine, `process` the "
                      "trial's share; `auto` is `system` with one job and `process` with "
                      "several.",
       .choices = choice_names<AttributionScope>(),
       .read = Nested<&S::run, &RunSettings::scope>::read,
       .write = Nested<&S::run, &RunSettings::scope>::write},
      {.path = "run.stdout_metrics",
       .type = KeyType::boolean,
       .required = "no",
       .description = "Also read Katib-style `name=value` lines on stdout as metrics.",
       .read = Nested<&S::run, &RunSettings::stdout_metrics>::read,
       .write = Nested<&S::run, &RunSettings::stdout_metrics>::write},
      {.path = "run.runs_dir",
       .type = KeyType::text,
       .type_doc = "path",
       .required = "no",
       .description =
           "Trial output goes to `RUNS_DIR/STUDY/KEY/TRIAL/` (KEY: the storage and study, "
           "hashed).",
       .read = Nested<&S::run, &RunSettings::runs_dir>::read,
       .write = Nested<&S::run, &RunSettings::runs_dir>::write},
  };
}

/// Where the study is kept.
std::vector<KeySpec> storage_keys() {
  return {
      {.path = "storage",
       .type = KeyType::text,
       .type_doc = "URL",
       .required = "no",
       .default_doc = "`sqlite:///NAME.db`",
       .description =
           "Where the study lives: `sqlite:///relative/path.db`, "
           "`sqlite:////absolute/path.db` or "
           "`postgresql://user@host:port/database`, its password best kept out of the file "
           "(`~/.pgpass` or `PGPASSWORD`; docs/cluster.md). `--storage` overrides "
           "it; `ECOPT_STORAGE` applies when it is left out.",
       .read = Top<&S::storage>::read,
       .write = Top<&S::storage>::write},
  };
}

/// Every key, in the order docs/study-file.md lists them.
const std::vector<KeySpec>& table() {
  static const std::vector<KeySpec> keys = [] {
    std::vector<KeySpec> all;
    for (auto part : {top_level_keys, parameter_keys, hardware_keys, objective_keys, sampler_keys,
                      warm_start_keys, pruner_keys, budget_keys, run_keys, storage_keys}) {
      std::vector<KeySpec> keys_of_part = part();
      all.insert(all.end(), keys_of_part.begin(), keys_of_part.end());
    }
    return all;
  }();
  return keys;
}

/// The shortest decimal text that reads back to exactly `value`.
std::string shortest(double value) {
  char buffer[64];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

}  // namespace

std::string KeySpec::type_text() const {
  if (!type_doc.empty()) return std::string(type_doc);
  switch (type) {
    case KeyType::text:
      return "string";
    case KeyType::integer:
      return min ? "integer >= " + std::to_string(*min) : "integer";
    case KeyType::boolean:
      return "bool";
    case KeyType::duration:
      return "duration, e.g. `30min`";
    case KeyType::energy:
      return "energy, e.g. `200kJ`";
    case KeyType::choice: {
      std::string text;
      for (std::size_t i = 0; i < choices.size(); ++i) {
        if (i > 0) text += i + 1 == choices.size() ? " or " : ", ";
        text += "`" + std::string(choices[i]) + "`";
      }
      return text;
    }
    case KeyType::structure:
      break;
  }
  return "mapping";
}

std::string KeySpec::default_text() const {
  if (!default_doc.empty() || write == nullptr) return std::string(default_doc);
  return format_key_value(type, write(StudyConfig{}));
}

std::span<const KeySpec> study_file_keys() {
  return table();
}

const KeySpec* find_study_file_key(std::string_view path) {
  for (const KeySpec& key : table())
    if (key.path == path) return &key;
  return nullptr;
}

std::string format_key_value(KeyType type, const KeyValue& value) {
  if (const auto* number = std::get_if<double>(&value)) {
    const std::string unit = type == KeyType::duration ? "s" : type == KeyType::energy ? "J" : "";
    return shortest(*number) + unit;
  }
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return "";
}

std::string study_file_keys_markdown() {
  std::ostringstream out;
  out << "| key | type | required | default | meaning |\n|---|---|---|---|---|\n";
  for (const KeySpec& key : table()) {
    out << "| `" << key.path << "` | " << key.type_text() << " | " << key.required << " | "
        << key.default_text() << " | " << key.description << " |\n";
  }
  return out.str();
}

std::string default_storage_url(const std::string& study_name) {
  return "sqlite:///" + study_name + ".db";
}

std::string resolve_storage_url(const std::string& given, const std::string& from_study_file,
                                const std::string& study_name) {
  if (!given.empty()) return given;
  if (!from_study_file.empty()) return from_study_file;
  if (const char* env = std::getenv("ECOPT_STORAGE"); env != nullptr && *env != '\0') return env;
  if (!study_name.empty()) return default_storage_url(study_name);
  return {};
}

}  // namespace ecopt::study
