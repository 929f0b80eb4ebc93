// `ecopt trials`, `ecopt pareto`, `ecopt ask`, `ecopt tell` and `ecopt enqueue`: reading
// and driving a study from scripts, as Optuna's CLI does.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ecopt/report/format.hpp"
#include "ecopt/storage/open_mode.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"
#include "output.hpp"
#include "storage_option.hpp"
#include "study_json.hpp"
#include "table.hpp"

namespace ecopt::cli {
namespace {

struct TrialOptions {
  std::string study;
  std::string storage;
  std::string state;
  std::string format = "table";
  std::int64_t trial = -1;
  std::vector<double> values;
  std::string reason;
  std::string params_json;
};

void add_study_and_storage(CLI::App* cmd, TrialOptions& options) {
  cli::add_study_and_storage(cmd, options.study, options.storage);
}

Table trials_table(const std::vector<study::Trial>& trials, const study::StudyConfig& config) {
  Table table;
  table.headers = {"number", "state"};
  for (const auto& o : config.objectives) table.headers.push_back(o.name);
  for (const auto& p : config.space.parameters()) {
    if (p.is_searched()) table.headers.push_back(p.name);
  }
  table.headers.push_back("error");
  // Only studies with a crashed trial get the column, so other tables stay as narrow.
  const bool any_stderr = std::any_of(trials.begin(), trials.end(),
                                      [](const study::Trial& t) { return !t.stderr_tail.empty(); });
  if (any_stderr) table.headers.push_back("last line of stderr");
  for (const auto& t : trials) {
    std::vector<std::string> row{std::to_string(t.number), std::string(study::to_string(t.state))};
    for (std::size_t i = 0; i < config.objectives.size(); ++i) {
      row.push_back(i < t.values.size() ? short_number(t.values[i]) : "");
    }
    for (const auto& p : config.space.parameters()) {
      if (!p.is_searched()) continue;
      const auto it = t.params.find(p.name);
      row.push_back(it == t.params.end() ? ""
                    : std::holds_alternative<double>(it->second)
                        ? short_number(std::get<double>(it->second))
                        : space::to_string(it->second));
    }
    row.push_back(t.error.size() > 60 ? t.error.substr(0, 57) + "..." : t.error);
    if (any_stderr) row.push_back(report::last_line(t.stderr_tail, 60));
    table.rows.push_back(std::move(row));
  }
  return table;
}

int print_trials(const std::vector<study::Trial>& trials, const study::StudyConfig& config,
                 const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& t : trials) j.push_back(trial_json(t, config));
    std::printf("%s\n", j.dump(2).c_str());
  } else if (format == "csv") {
    print_csv(trials_table(trials, config));
  } else {
    print_table(trials_table(trials, config));
  }
  return 0;
}

int run_trials(const TrialOptions& options) {
  auto storage = storage::open_storage(resolve_storage(options.storage, "", options.study),
                                       storage::OpenMode::existing);
  const study::Study study = study::Study::open(*storage, options.study);
  std::optional<study::TrialState> state;
  if (!options.state.empty()) {
    state = study::parse_trial_state(options.state);
    if (!state)
      return error("trials", "unknown state '" + options.state +
                                 "'; use waiting, running, complete, pruned or fail");
  }
  return print_trials(study.trials(state), study.config(), options.format);
}

int run_pareto(const TrialOptions& options) {
  auto storage = storage::open_storage(resolve_storage(options.storage, "", options.study),
                                       storage::OpenMode::existing);
  const study::Study study = study::Study::open(*storage, options.study);
  return print_trials(study.pareto_set(), study.config(), options.format);
}

int run_ask(const TrialOptions& options) {
  auto storage = storage::open_storage(resolve_storage(options.storage, "", options.study),
                                       storage::OpenMode::existing);
  study::Study study = study::Study::open(*storage, options.study);
  const study::Trial trial = study.ask();
  nlohmann::ordered_json j = trial_json(trial, study.config());
  nlohmann::ordered_json brief{{"number", j["number"]}, {"params", j["params"]}};
  std::printf("%s\n", (options.format == "json" ? brief.dump() : brief.dump(2)).c_str());
  return 0;
}

int run_tell(const TrialOptions& options) {
  auto storage = storage::open_storage(resolve_storage(options.storage, "", options.study),
                                       storage::OpenMode::existing);
  study::Study study = study::Study::open(*storage, options.study);
  const std::optional<study::Trial> trial = storage->trial(study.id(), options.trial);
  if (!trial)
    return error("tell",
                 "study '" + options.study + "' has no trial " + std::to_string(options.trial));
  if (!options.state.empty()) {
    const auto state = study::parse_trial_state(options.state);
    if (!state || (*state != study::TrialState::fail && *state != study::TrialState::pruned)) {
      return error("tell", "--state takes fail or pruned; complete a trial with --values");
    }
    if (!options.values.empty()) return error("tell", "give either --values or --state, not both");
    const study::TellResult told = study.tell(*trial, *state, options.reason);
    if (!told.recorded) return error("tell", told.why_not);
  } else {
    if (options.values.empty())
      return error("tell", "give the objective values with --values V1 V2 ..., or --state fail");
    const study::TellResult told = study.tell(*trial, options.values);
    if (!told.recorded) return error("tell", told.why_not);
  }
  std::printf(
      "trial %lld: %s\n", static_cast<long long>(trial->number),
      options.state.empty()
          ? "COMPLETE"
          : std::string(study::to_string(*study::parse_trial_state(options.state))).c_str());
  return 0;
}

/// JSON scalars as parameter values: integers stay integers, so an int parameter accepts 3.
space::Params params_from_json_object(const std::string& text) {
  const nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) {
    throw std::invalid_argument(
        "--params must be a JSON object, e.g. '{\"width\": 16, \"lr\": 0.01}'");
  }
  space::Params params;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const nlohmann::json& v = it.value();
    if (v.is_boolean()) {
      params[it.key()] = v.get<bool>();
    } else if (v.is_number_integer()) {
      params[it.key()] = v.get<std::int64_t>();
    } else if (v.is_number()) {
      params[it.key()] = v.get<double>();
    } else if (v.is_string()) {
      params[it.key()] = v.get<std::string>();
    } else {
      throw std::invalid_argument("--params: '" + it.key() + "' must be a number, string or bool");
    }
  }
  return params;
}

int run_enqueue(const TrialOptions& options) {
  auto storage = storage::open_storage(resolve_storage(options.storage, "", options.study),
                                       storage::OpenMode::existing);
  study::Study study = study::Study::open(*storage, options.study);
  const study::Trial trial = study.enqueue(params_from_json_object(options.params_json));
  std::printf("trial %lld: WAITING; it runs before sampled trials\n",
              static_cast<long long>(trial.number));
  return 0;
}

}  // namespace

void add_trial_commands(CLI::App& app, Runner& run) {
  auto options = std::make_shared<TrialOptions>();

  CLI::App* trials = add_command(app, run, options, run_trials, "trials", "List a study's trials.");
  add_study_and_storage(trials, *options);
  trials->add_option("--state", options->state,
                     "Only trials in this state (waiting, running, complete, pruned, fail)");
  trials->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  CLI::App* pareto =
      add_command(app, run, options, run_pareto, "pareto",
                  "The study's current Pareto set (feasible, non-dominated trials).");
  add_study_and_storage(pareto, *options);
  pareto->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  CLI::App* ask = add_command(app, run, options, run_ask, "ask",
                              "Start a trial and print its number and parameters (JSON).");
  add_study_and_storage(ask, *options);
  ask->add_option("--format", options->format, "json: one line; table: indented")
      ->check(CLI::IsMember({"table", "json"}));

  CLI::App* tell = add_command(app, run, options, run_tell, "tell",
                               "Finish a trial with its objective values, or as failed/pruned.");
  add_study_and_storage(tell, *options);
  tell->add_option("--trial", options->trial, "Trial number")->required();
  tell->add_option("--values", options->values, "One value per objective, in the study's order");
  tell->add_option("--state", options->state, "fail or pruned, instead of --values");
  tell->add_option("--reason", options->reason, "Why the trial failed or was pruned");

  CLI::App* enqueue = add_command(
      app, run, options, run_enqueue, "enqueue",
      "Add a WAITING trial with given parameters (a baseline, a known-good configuration); "
      "the next `ecopt tune`, worker or `ecopt ask` runs it before any sampled trial. "
      "Parameters left out take their fixed value; every searched one must be given.");
  add_study_and_storage(enqueue, *options);
  enqueue->add_option("--params", options->params_json, "JSON object, e.g. '{\"width\": 16}'")
      ->required();
}

}  // namespace ecopt::cli
