#include "ecopt/study/study.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::study {

Study::Study(storage::Storage& storage, storage::StudyRecord record)
    : storage_(&storage),
      record_(std::move(record)),
      sampler_(optim::make_sampler(record_.config.sampler, record_.config.space)) {}

StudyConfig as_stored(StudyConfig config) {
  config.storage = storage::redact_url(config.storage);
  WarmStartConfig& warm_start = config.sampler.warm_start;
  if (!warm_start.storage.empty()) warm_start.storage = storage::redact_url(warm_start.storage);
  return config;
}

Study Study::create(storage::Storage& storage, const StudyConfig& config) {
  return Study(storage, storage.create_study(as_stored(config)));
}

bool Study::defined_by(const StudyConfig& file_config) const {
  return to_json_text(as_stored(config())) == to_json_text(as_stored(file_config));
}

Study Study::open(storage::Storage& storage, const std::string& name) {
  std::optional<storage::StudyRecord> record = storage.find_study(name);
  if (!record) {
    std::string known;
    for (const auto& s : storage.list_studies())
      known += (known.empty() ? "" : ", ") + s.config.name;
    throw storage::StorageError("no study named '" + name + "' in " + storage.url() +
                                (known.empty() ? " (it has none)" : " (it has: " + known + ")") +
                                "; create it with `ecopt study create STUDY.yaml`");
  }
  return Study(storage, std::move(*record));
}

storage::WorkerInfo Study::local_worker() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return {host, "pid-" + std::to_string(getpid())};
}

namespace {

/// Parameters for the next trial, and the number they were computed for.
struct Suggestion {
  std::int64_t predicted_number = 0;
  std::optional<space::Params> params;
};

}  // namespace

Trial Study::ask(const storage::WorkerInfo& worker) {
  std::optional<Trial> trial = ask_impl(worker, std::nullopt);
  return std::move(*trial);
}

std::optional<Trial> Study::ask_within_budget(std::int64_t max_trials,
                                              const storage::WorkerInfo& worker) {
  return ask_impl(worker, max_trials);
}

std::optional<Trial> Study::ask_impl(const storage::WorkerInfo& worker,
                                     std::optional<std::int64_t> max_trials) {
  const std::vector<Trial> history = trials();
  const StudyConfig& config = record_.config;
  auto suggest = [&](std::int64_t number) {
    const optim::SamplerContext context{
        config.space,       config.objectives,       history,          number,
        config.constraints, &config.reference_point, warm_start_.get()};
    return sampler_->suggest(context);
  };
  // Model-based samplers take milliseconds to seconds; compute the suggestion before the
  // storage's write transaction so other workers are not locked out meanwhile. The
  // storage allocates the number; in the rare case another worker took the predicted
  // one first, the sampler runs again inside the transaction.
  const bool waiting = std::any_of(history.begin(), history.end(),
                                   [](const Trial& t) { return t.state == TrialState::waiting; });
  Suggestion suggestion;
  for (const Trial& t : history)
    suggestion.predicted_number = std::max(suggestion.predicted_number, t.number + 1);
  if (max_trials) {
    std::int64_t counted = 0;
    for (const Trial& t : history) {
      if (t.state == TrialState::running || storage::counts_towards_budget(t)) ++counted;
    }
    if (counted >= *max_trials) return std::nullopt;  // the storage would refuse too
  }
  if (!waiting) suggestion.params = suggest(suggestion.predicted_number);
  auto sample = [&](std::int64_t number) {
    return suggestion.params && number == suggestion.predicted_number ? *suggestion.params
                                                                      : suggest(number);
  };
  if (max_trials) {
    return storage_->start_trial_within_budget(record_.id, *max_trials, worker, sample);
  }
  return storage_->start_trial(record_.id, worker, sample);
}

TellResult Study::tell(const Trial& trial, const std::vector<double>& values,
                       const std::map<std::string, double>& metrics) {
  const auto& objectives = record_.config.objectives;
  if (values.size() != objectives.size()) {
    throw std::invalid_argument("trial " + std::to_string(trial.number) + ": " +
                                std::to_string(values.size()) + " values given for " +
                                std::to_string(objectives.size()) +
                                " objectives; give one per objective, in the study's order");
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument("trial " + std::to_string(trial.number) +
                                  ": the value of objective '" + objectives[i].name +
                                  "' is not a finite number; report the trial as "
                                  "failed instead");
    }
  }
  if (!metrics.empty()) storage_->record_metrics(trial.id, metrics, {});
  storage::TrialResult result;
  result.state = TrialState::complete;
  result.values = values;
  for (const Constraint& c : record_.config.constraints) {
    double value = std::numeric_limits<double>::quiet_NaN();
    const auto objective = std::find_if(objectives.begin(), objectives.end(),
                                        [&](const Objective& o) { return o.name == c.metric; });
    if (objective != objectives.end()) {
      value = values[static_cast<std::size_t>(objective - objectives.begin())];
    } else if (auto m = metrics.find(c.metric); m != metrics.end()) {
      value = m->second;
    } else if (auto t = trial.metrics.find(c.metric); t != trial.metrics.end()) {
      value = t->second;
    }
    result.constraint_values[c.metric] = value;
  }
  return finish(trial, result);
}

TellResult Study::tell(const Trial& trial, TrialState state, const std::string& reason) {
  if (state != TrialState::pruned && state != TrialState::fail) {
    throw std::invalid_argument(
        "tell(trial, state, reason) takes PRUNED or FAIL; complete a trial with its values");
  }
  return tell(trial, state == TrialState::pruned ? FailureKind::pruned : FailureKind::failed,
              reason);
}

TellResult Study::tell(const Trial& trial, FailureKind kind, const std::string& reason,
                       const std::string& stderr_tail) {
  if (kind == FailureKind::none) {
    throw std::invalid_argument(
        "tell(trial, kind, reason) takes a failure kind; complete a trial with its values");
  }
  storage::TrialResult result;
  result.state = kind == FailureKind::pruned ? TrialState::pruned : TrialState::fail;
  result.failure_kind = kind;
  result.error = reason;
  result.stderr_tail = stderr_tail;
  return finish(trial, result);
}

TellResult Study::finish(const Trial& trial, const storage::TrialResult& result) {
  if (storage_->finish_trial(trial.id, result)) return {true, {}};
  const auto current = storage_->trial(record_.id, trial.number);
  return {false, "trial " + std::to_string(trial.number) + " is " +
                     std::string(current ? to_string(current->state) : "gone") +
                     ", not RUNNING, so its result was not recorded" +
                     (current && !current->error.empty() ? " (" + current->error + ")" : "")};
}

Trial Study::enqueue(space::Params params) {
  for (const space::Parameter& p : record_.config.space.parameters()) {
    if (!p.is_searched() && !params.contains(p.name))
      params[p.name] = std::get<space::FixedDomain>(p.domain).value;
  }
  const std::vector<std::string> problems = record_.config.space.check(params);
  if (!problems.empty()) {
    std::string message = "cannot enqueue these parameters:";
    for (const std::string& problem : problems) message += "\n  - " + problem;
    throw std::invalid_argument(message);
  }
  // Store values in the parameter's own type (an int given as 3.0 becomes 3).
  for (auto& [name, value] : params) {
    const space::Parameter* p = record_.config.space.find(name);
    if (std::holds_alternative<space::IntDomain>(p->domain) &&
        std::holds_alternative<double>(value)) {
      value = static_cast<std::int64_t>(std::get<double>(value));
    } else if (std::holds_alternative<space::FloatDomain>(p->domain) &&
               std::holds_alternative<std::int64_t>(value)) {
      value = static_cast<double>(std::get<std::int64_t>(value));
    }
  }
  return storage_->enqueue_trial(record_.id, params);
}

std::vector<Trial> Study::trials(std::optional<TrialState> state) const {
  return storage_->trials(record_.id, state);
}

bool is_feasible(const Trial& trial, const StudyConfig& config) {
  if (trial.state != TrialState::complete) return false;
  for (const Constraint& c : config.constraints) {
    const auto it = trial.constraint_values.find(c.metric);
    if (it == trial.constraint_values.end() || !c.satisfied(it->second)) return false;
  }
  return true;
}

std::vector<Trial> Study::feasible_trials() const {
  std::vector<Trial> feasible;
  for (Trial& t : trials(TrialState::complete)) {
    if (is_feasible(t, record_.config)) feasible.push_back(std::move(t));
  }
  return feasible;
}

std::vector<Trial> pareto_set(const std::vector<Trial>& trials, const StudyConfig& config) {
  std::vector<Trial> feasible;
  for (const Trial& t : trials) {
    if (is_feasible(t, config)) feasible.push_back(t);
  }
  if (feasible.empty()) return feasible;
  pareto::PointSet points;
  points.dimension = config.objectives.size();
  std::vector<pareto::Direction> directions;
  for (const Objective& o : config.objectives) {
    directions.push_back(o.goal == Goal::maximize ? pareto::Direction::maximize
                                                  : pareto::Direction::minimize);
  }
  for (const Trial& t : feasible) points.add(t.values);
  std::vector<Trial> front;
  for (std::size_t i : pareto::nondominated_indices(points, directions))
    front.push_back(feasible[i]);
  return front;
}

std::vector<Trial> Study::pareto_set() const {
  return study::pareto_set(trials(TrialState::complete), record_.config);
}

std::optional<Trial> Study::best_trial(std::size_t objective_index,
                                       const std::vector<Constraint>& extra) const {
  const auto& objectives = record_.config.objectives;
  if (objective_index >= objectives.size()) {
    throw std::invalid_argument("best_trial: the study has " + std::to_string(objectives.size()) +
                                " objectives");
  }
  auto metric_of = [&](const Trial& t, const std::string& name) {
    for (std::size_t i = 0; i < objectives.size(); ++i) {
      if (objectives[i].name == name && i < t.values.size()) return t.values[i];
    }
    const auto it = t.metrics.find(name);
    return it == t.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
  };
  const bool maximize = objectives[objective_index].goal == Goal::maximize;
  std::optional<Trial> best;
  for (Trial& t : feasible_trials()) {
    const bool allowed = std::all_of(extra.begin(), extra.end(), [&](const Constraint& c) {
      return c.satisfied(metric_of(t, c.metric));
    });
    if (!allowed) continue;
    const double v = t.values[objective_index];
    if (!best || (maximize ? v > best->values[objective_index] : v < best->values[objective_index]))
      best = std::move(t);
  }
  return best;
}

void Study::set_user_attr(const std::string& key, const std::string& json_value) {
  storage_->set_study_user_attr(record_.id, key, json_value);
  record_.user_attrs[key] = json_value;
}

std::vector<Trial> Study::recover_stale_trials(double max_age_s, storage::StaleAction action) {
  return storage_->recover_stale_trials(record_.id, max_age_s, action);
}

}  // namespace ecopt::study
