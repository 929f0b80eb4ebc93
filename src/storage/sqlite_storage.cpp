#include "ecopt/storage/sqlite_storage.hpp"

#include <map>
#include <mutex>

#include "ecopt/study/study_file.hpp"
#include "sqlite_connection.hpp"
#include "sqlite_schema.hpp"
#include "trial_budget.hpp"
#include "trial_codec.hpp"

namespace ecopt::storage {
namespace {

using detail::SqliteDatabase;
using detail::SqliteStatement;
using detail::SqliteTransaction;

constexpr const char* kTrialColumns =
    "id, number, state, origin, params_json, values_json, constraints_json, metrics_json, "
    "user_attrs_json, host, worker_id, heartbeat_unix_s, error, created_unix_s, started_unix_s, "
    "finished_unix_s, metric_uncertainties_json, running_energy_j, running_power_w, failure_kind";

std::string_view origin_name(study::TrialOrigin origin) {
  return origin == study::TrialOrigin::enqueued ? "enqueued" : "sampler";
}

study::Trial trial_from_row(const SqliteStatement& row) {
  study::Trial t;
  t.id = row.column_int(0);
  t.number = row.column_int(1);
  t.state = study::parse_trial_state(row.column_text(2)).value_or(study::TrialState::fail);
  t.origin =
      row.column_text(3) == "enqueued" ? study::TrialOrigin::enqueued : study::TrialOrigin::sampler;
  t.params = detail::params_from_json(row.column_text(4));
  t.values = detail::values_from_json(row.column_text(5));
  t.constraint_values = detail::numbers_from_json(row.column_text(6));
  t.metrics = detail::numbers_from_json(row.column_text(7));
  t.user_attrs = detail::attrs_from_json(row.column_text(8));
  t.host = row.column_text(9);
  t.worker_id = row.column_text(10);
  t.heartbeat_unix_s = row.column_optional_double(11);
  t.error = row.column_text(12);
  t.created_unix_s = row.column_double(13);
  t.started_unix_s = row.column_optional_double(14);
  t.finished_unix_s = row.column_optional_double(15);
  t.metric_uncertainties = detail::numbers_from_json(row.column_text(16));
  t.running_energy_j = row.column_optional_double(17);
  t.running_power_w = row.column_optional_double(18);
  t.failure_kind = detail::failure_kind_from_text(t.state, row.column_text(19));
  return t;
}

class SqliteStorage final : public Storage {
 public:
  SqliteStorage(const std::string& path, const SqliteOptions& options)
      : db_(path, options.busy_timeout_ms) {
    // Checking the header first turns "file is not a database" into a clear message
    // before any pragma runs.
    db_.execute("PRAGMA foreign_keys = ON");
    {
      SqliteStatement mode(db_, "PRAGMA journal_mode = WAL");
      mode.step();
    }
    db_.execute("PRAGMA synchronous = FULL");
    detail::migrate(db_);
  }

  std::string url() const override { return "sqlite:///" + db_.path(); }

  StudyRecord create_study(const study::StudyConfig& config) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    {
      SqliteStatement exists(db_, "SELECT 1 FROM studies WHERE name = ?");
      exists.bind(1, config.name);
      if (exists.step()) {
        throw StorageError("a study named '" + config.name + "' already exists in " + url() +
                           "; choose another name or delete it with `ecopt study delete " +
                           config.name + "`");
      }
    }
    const double now = detail::now_unix_s();
    SqliteStatement insert(
        db_,
        "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s) "
        "VALUES (?, ?, ?, ?)");
    insert.bind(1, config.name).bind(2, study::to_json_text(config)).bind(3, now).bind(4, now);
    insert.run();
    StudyRecord record{db_.last_insert_id(), config, now, now, {}};
    transaction.commit();
    return record;
  }

  std::optional<StudyRecord> find_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    SqliteStatement query(
        db_,
        "SELECT id, name, config_json, created_unix_s, updated_unix_s, user_attrs_json "
        "FROM studies WHERE name = ?");
    query.bind(1, name);
    if (!query.step()) return std::nullopt;
    return study_from_row(query);
  }

  std::vector<StudyRecord> list_studies() override {
    std::lock_guard lock(mutex_);
    SqliteStatement query(
        db_,
        "SELECT id, name, config_json, created_unix_s, updated_unix_s, user_attrs_json "
        "FROM studies ORDER BY name");
    std::vector<StudyRecord> studies;
    while (query.step()) studies.push_back(study_from_row(query));
    return studies;
  }

  bool delete_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    SqliteStatement remove(db_, "DELETE FROM studies WHERE name = ?");
    remove.bind(1, name);
    remove.run();
    const bool deleted = db_.changes() > 0;
    transaction.commit();
    return deleted;
  }

  void set_study_user_attr(std::int64_t study_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr(AttrOwner::study, study_id, key, json_value);
  }

  study::Trial start_trial(std::int64_t study_id, const WorkerInfo& worker,
                           const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    study::Trial trial = start_in_transaction(study_id, worker, sample);
    transaction.commit();
    return trial;
  }

  std::optional<study::Trial> start_trial_within_budget(
      std::int64_t study_id, std::int64_t max_trials, const WorkerInfo& worker,
      const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    // IMMEDIATE: the write lock is held from the count to the insert, so no other process
    // can start a trial in between.
    SqliteTransaction transaction(db_);
    SqliteStatement count(db_, std::string("SELECT count(*) FROM trials WHERE study_id = ? AND ") +
                                   detail::counts_towards_budget_sql());
    count.bind(1, study_id);
    count.step();
    if (count.column_int(0) >= max_trials) return std::nullopt;
    study::Trial trial = start_in_transaction(study_id, worker, sample);
    transaction.commit();
    return trial;
  }

  study::Trial enqueue_trial(std::int64_t study_id, const space::Params& params) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    const std::int64_t trial_id = insert_waiting(study_id, params, "{}");
    study::Trial trial = load_trial_by_id(trial_id);
    transaction.commit();
    return trial;
  }

  bool finish_trial(std::int64_t trial_id, const TrialResult& result) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    const double now = detail::now_unix_s();
    SqliteStatement update(
        db_,
        "UPDATE trials SET state = ?, values_json = ?, constraints_json = ?, error = ?, "
        "finished_unix_s = ?, failure_kind = ? WHERE id = ? AND state = 'RUNNING'");
    update.bind(1, study::to_string(result.state));
    if (result.state == study::TrialState::complete) {
      update.bind(2, detail::values_to_json(result.values));
    } else {
      update.bind(2, std::nullopt);
    }
    update.bind(3, detail::numbers_to_json(result.constraint_values)).bind(4, result.error);
    update.bind(5, now)
        .bind(6, study::to_string(detail::failure_kind_to_store(result.state, result.failure_kind)))
        .bind(7, trial_id);
    update.run();
    const bool finished = db_.changes() == 1;
    transaction.commit();
    return finished;
  }

  void record_metrics(std::int64_t trial_id, const std::map<std::string, double>& metrics,
                      const std::map<std::string, double>& uncertainties) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    std::map<std::string, double> merged, merged_uncertainties;
    {
      SqliteStatement query(
          db_, "SELECT metrics_json, metric_uncertainties_json FROM trials WHERE id = ?");
      query.bind(1, trial_id);
      if (!query.step())
        throw StorageError("record_metrics: no trial with id " + std::to_string(trial_id));
      merged = detail::numbers_from_json(query.column_text(0));
      merged_uncertainties = detail::numbers_from_json(query.column_text(1));
    }
    for (const auto& [name, value] : metrics) merged[name] = value;
    for (const auto& [name, value] : uncertainties) merged_uncertainties[name] = value;
    SqliteStatement update(
        db_, "UPDATE trials SET metrics_json = ?, metric_uncertainties_json = ? WHERE id = ?");
    update.bind(1, detail::numbers_to_json(merged))
        .bind(2, detail::numbers_to_json(merged_uncertainties))
        .bind(3, trial_id);
    update.run();
    transaction.commit();
  }

  void record_intermediate(std::int64_t trial_id, std::int64_t step,
                           const std::map<std::string, double>& values) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    SqliteStatement insert(
        db_,
        "INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES (?, ?, ?) "
        "ON CONFLICT (trial_id, step) DO UPDATE SET values_json = excluded.values_json");
    insert.bind(1, trial_id).bind(2, step).bind(3, detail::numbers_to_json(values));
    insert.run();
    transaction.commit();
  }

  void record_phase(std::int64_t trial_id, const study::PhaseMeasurement& p) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    insert_phase(trial_id, p);
    transaction.commit();
  }

  void set_trial_user_attr(std::int64_t trial_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr(AttrOwner::trial, trial_id, key, json_value);
  }

  void heartbeat(std::int64_t trial_id, const TrialProgress& progress) override {
    std::lock_guard lock(mutex_);
    SqliteStatement update(db_,
                           "UPDATE trials SET heartbeat_unix_s = ?, running_energy_j = "
                           "COALESCE(?, running_energy_j), running_power_w = COALESCE(?, "
                           "running_power_w) WHERE id = ? AND state = 'RUNNING'");
    update.bind(1, detail::now_unix_s())
        .bind(2, progress.energy_j)
        .bind(3, progress.power_w)
        .bind(4, trial_id);
    update.run();
  }

  std::vector<study::Trial> trials(std::int64_t study_id,
                                   std::optional<study::TrialState> state) override {
    std::lock_guard lock(mutex_);
    // One read transaction, so the trials and their details are one consistent snapshot.
    db_.execute("BEGIN");
    try {
      std::vector<study::Trial> result = load_trials(study_id, state, std::nullopt);
      db_.execute("COMMIT");
      return result;
    } catch (...) {
      db_.execute("ROLLBACK");
      throw;
    }
  }

  std::optional<study::Trial> trial(std::int64_t study_id, std::int64_t number) override {
    std::lock_guard lock(mutex_);
    std::vector<study::Trial> found = load_trials(study_id, std::nullopt, number);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<study::Trial> recover_stale_trials(std::int64_t study_id, double max_age_s,
                                                 StaleAction action) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    const double now = detail::now_unix_s();
    std::vector<study::Trial> stale;
    {
      SqliteStatement query(
          db_,
          std::string("SELECT ") + kTrialColumns +
              " FROM trials WHERE study_id = ? AND state = 'RUNNING' AND "
              "COALESCE(heartbeat_unix_s, started_unix_s, created_unix_s) < ? ORDER BY number");
      query.bind(1, study_id).bind(2, now - max_age_s);
      while (query.step()) stale.push_back(trial_from_row(query));
    }
    for (study::Trial& t : stale) {
      const double last_seen =
          t.heartbeat_unix_s.value_or(t.started_unix_s.value_or(t.created_unix_s));
      t.error = "stale: no heartbeat for " +
                std::to_string(static_cast<long long>(now - last_seen)) + " s (its worker on '" +
                t.host + "' stopped)" +
                (action == StaleAction::requeue ? "; re-queued as a new trial" : "");
      t.failure_kind = action == StaleAction::requeue ? study::FailureKind::stale_requeued
                                                      : study::FailureKind::stale;
      SqliteStatement update(db_,
                             "UPDATE trials SET state = 'FAIL', error = ?, finished_unix_s = ?, "
                             "failure_kind = ? WHERE id = ? AND state = 'RUNNING'");
      update.bind(1, t.error).bind(2, now).bind(3, study::to_string(t.failure_kind)).bind(4, t.id);
      update.run();
      t.state = study::TrialState::fail;
      if (action == StaleAction::requeue) {
        insert_waiting(study_id, t.params, "{\"retry_of\":" + std::to_string(t.number) + "}");
      }
    }
    transaction.commit();
    return stale;
  }

  StudyRecord import_study(const StudyRecord& study,
                           const std::vector<study::Trial>& trials) override {
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    const std::string& name = study.config.name;
    {
      SqliteStatement exists(db_, "SELECT 1 FROM studies WHERE name = ?");
      exists.bind(1, name);
      if (exists.step()) {
        throw StorageError("cannot copy study '" + name + "' into " + url() +
                           ": a study of that name exists there; delete it first or copy "
                           "into another storage");
      }
    }
    SqliteStatement insert_study(
        db_,
        "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s, "
        "user_attrs_json) VALUES (?, ?, ?, ?, ?)");
    insert_study.bind(1, name).bind(2, study::to_json_text(study.config));
    insert_study.bind(3, study.created_unix_s).bind(4, study.updated_unix_s);
    insert_study.bind(5, detail::attrs_to_json(study.user_attrs));
    insert_study.run();
    StudyRecord record = study;
    record.id = db_.last_insert_id();
    for (const study::Trial& t : trials) {
      SqliteStatement insert(
          db_,
          "INSERT INTO trials (study_id, number, state, origin, params_json, values_json, "
          "constraints_json, metrics_json, user_attrs_json, host, worker_id, heartbeat_unix_s, "
          "error, created_unix_s, started_unix_s, finished_unix_s, metric_uncertainties_json, "
          "running_energy_j, running_power_w, failure_kind) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert.bind(1, record.id).bind(2, t.number).bind(3, study::to_string(t.state));
      insert.bind(4, origin_name(t.origin)).bind(5, detail::params_to_json(t.params));
      if (t.state == study::TrialState::complete) {
        insert.bind(6, detail::values_to_json(t.values));
      } else {
        insert.bind(6, std::nullopt);
      }
      insert.bind(7, detail::numbers_to_json(t.constraint_values))
          .bind(8, detail::numbers_to_json(t.metrics))
          .bind(9, detail::attrs_to_json(t.user_attrs))
          .bind(10, t.host)
          .bind(11, t.worker_id)
          .bind(12, t.heartbeat_unix_s)
          .bind(13, t.error)
          .bind(14, t.created_unix_s)
          .bind(15, t.started_unix_s)
          .bind(16, t.finished_unix_s)
          .bind(17, detail::numbers_to_json(t.metric_uncertainties))
          .bind(18, t.running_energy_j)
          .bind(19, t.running_power_w)
          .bind(20, study::to_string(detail::failure_kind_to_store(t.state, t.failure_kind)));
      insert.run();
      const std::int64_t trial_id = db_.last_insert_id();
      for (const auto& [step, values] : t.intermediate) {
        SqliteStatement intermediate(
            db_, "INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES (?, ?, ?)");
        intermediate.bind(1, trial_id).bind(2, step).bind(3, detail::numbers_to_json(values));
        intermediate.run();
      }
      for (const study::PhaseMeasurement& p : t.phases) insert_phase(trial_id, p);
    }
    transaction.commit();
    return record;
  }

 private:
  enum class AttrOwner { study, trial };

  /// Sets one key of a study's or trial's user attributes, in one transaction.
  void merge_user_attr(AttrOwner owner, std::int64_t id, const std::string& key,
                       const std::string& json_value) {
    const bool is_study = owner == AttrOwner::study;
    std::lock_guard lock(mutex_);
    SqliteTransaction transaction(db_);
    std::map<std::string, std::string> attrs;
    {
      SqliteStatement query(db_, is_study ? "SELECT user_attrs_json FROM studies WHERE id = ?"
                                          : "SELECT user_attrs_json FROM trials WHERE id = ?");
      query.bind(1, id);
      if (!query.step()) {
        throw StorageError(std::string("no ") + (is_study ? "study" : "trial") + " with id " +
                           std::to_string(id) + " to set attribute '" + key + "' on");
      }
      attrs = detail::attrs_from_json(query.column_text(0));
    }
    attrs[key] = detail::canonical_json(json_value);
    if (is_study) {
      SqliteStatement update(
          db_, "UPDATE studies SET user_attrs_json = ?, updated_unix_s = ? WHERE id = ?");
      update.bind(1, detail::attrs_to_json(attrs)).bind(2, detail::now_unix_s()).bind(3, id);
      update.run();
    } else {
      SqliteStatement update(db_, "UPDATE trials SET user_attrs_json = ? WHERE id = ?");
      update.bind(1, detail::attrs_to_json(attrs)).bind(2, id);
      update.run();
    }
    transaction.commit();
  }

  /// The body of start_trial, inside the caller's transaction.
  study::Trial start_in_transaction(std::int64_t study_id, const WorkerInfo& worker,
                                    const std::function<space::Params(std::int64_t)>& sample) {
    const double now = detail::now_unix_s();
    std::optional<std::int64_t> claimed;
    {
      SqliteStatement waiting(db_,
                              "SELECT id FROM trials WHERE study_id = ? AND state = 'WAITING' "
                              "ORDER BY number LIMIT 1");
      waiting.bind(1, study_id);
      if (waiting.step()) claimed = waiting.column_int(0);
    }
    std::int64_t trial_id = 0;
    if (claimed) {
      SqliteStatement claim(
          db_,
          "UPDATE trials SET state = 'RUNNING', host = ?, worker_id = ?, "
          "started_unix_s = ?, heartbeat_unix_s = ? WHERE id = ? AND state = 'WAITING'");
      claim.bind(1, worker.host)
          .bind(2, worker.worker_id)
          .bind(3, now)
          .bind(4, now)
          .bind(5, *claimed);
      claim.run();
      trial_id = *claimed;
    } else {
      const std::int64_t number = next_number(study_id);
      const space::Params params = sample(number);
      SqliteStatement insert(
          db_,
          "INSERT INTO trials (study_id, number, state, origin, params_json, host, "
          "worker_id, heartbeat_unix_s, created_unix_s, started_unix_s) "
          "VALUES (?, ?, 'RUNNING', 'sampler', ?, ?, ?, ?, ?, ?)");
      insert.bind(1, study_id).bind(2, number).bind(3, detail::params_to_json(params));
      insert.bind(4, worker.host).bind(5, worker.worker_id).bind(6, now).bind(7, now).bind(8, now);
      insert.run();
      trial_id = db_.last_insert_id();
    }
    touch_study(study_id, now);
    return load_trial_by_id(trial_id);
  }

  /// Inside a transaction.
  void insert_phase(std::int64_t trial_id, const study::PhaseMeasurement& p) {
    SqliteStatement insert(
        db_,
        "INSERT INTO trial_phases (trial_id, phase, start_monotonic_s, end_monotonic_s, "
        "start_unix_s, end_unix_s, duration_s, energy_json, meter, estimated, uncertainty_j, "
        "samples, net_energy_json, scope, details_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, "
        "?, ?, ?)");
    insert.bind(1, trial_id)
        .bind(2, p.phase)
        .bind(3, p.start_monotonic_s)
        .bind(4, p.end_monotonic_s);
    insert.bind(5, p.start_unix_s).bind(6, p.end_unix_s).bind(7, p.duration_s);
    insert.bind(8, detail::numbers_to_json(p.energy_j)).bind(9, p.meter);
    insert.bind(10, std::int64_t{p.estimated ? 1 : 0})
        .bind(11, p.uncertainty_j)
        .bind(12, p.samples)
        .bind(13, detail::numbers_to_json(p.net_energy_j))
        .bind(14, p.scope)
        .bind(15, detail::phase_details_to_json(p));
    insert.run();
  }

  StudyRecord study_from_row(const SqliteStatement& row) {
    StudyRecord record;
    record.id = row.column_int(0);
    record.config = study::parse_study_config(row.column_text(2),
                                              url() + " (study " + row.column_text(1) + ")");
    record.created_unix_s = row.column_double(3);
    record.updated_unix_s = row.column_double(4);
    record.user_attrs = detail::attrs_from_json(row.column_text(5));
    return record;
  }

  std::int64_t next_number(std::int64_t study_id) {
    SqliteStatement query(db_,
                          "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?");
    query.bind(1, study_id);
    query.step();
    return query.column_int(0);
  }

  void touch_study(std::int64_t study_id, double now) {
    SqliteStatement update(db_, "UPDATE studies SET updated_unix_s = ? WHERE id = ?");
    update.bind(1, now).bind(2, study_id);
    update.run();
  }

  /// Inside a transaction.
  std::int64_t insert_waiting(std::int64_t study_id, const space::Params& params,
                              const std::string& attrs_json) {
    const double now = detail::now_unix_s();
    const std::int64_t number = next_number(study_id);
    SqliteStatement insert(
        db_,
        "INSERT INTO trials (study_id, number, state, origin, params_json, user_attrs_json, "
        "created_unix_s) VALUES (?, ?, 'WAITING', ?, ?, ?, ?)");
    insert.bind(1, study_id).bind(2, number).bind(3, origin_name(study::TrialOrigin::enqueued));
    insert.bind(4, detail::params_to_json(params)).bind(5, attrs_json).bind(6, now);
    insert.run();
    const std::int64_t id = db_.last_insert_id();
    touch_study(study_id, now);
    return id;
  }

  study::Trial load_trial_by_id(std::int64_t trial_id) {
    SqliteStatement query(
        db_, std::string("SELECT ") + kTrialColumns + ", study_id FROM trials WHERE id = ?");
    query.bind(1, trial_id);
    if (!query.step()) throw StorageError("no trial with id " + std::to_string(trial_id));
    return trial_from_row(query);
  }

  std::vector<study::Trial> load_trials(std::int64_t study_id,
                                        std::optional<study::TrialState> state,
                                        std::optional<std::int64_t> number) {
    std::string sql = std::string("SELECT ") + kTrialColumns + " FROM trials WHERE study_id = ?";
    if (state) sql += " AND state = ?";
    if (number) sql += " AND number = ?";
    sql += " ORDER BY number";
    SqliteStatement query(db_, sql);
    int index = 1;
    query.bind(index++, study_id);
    if (state) query.bind(index++, study::to_string(*state));
    if (number) query.bind(index++, *number);
    std::vector<study::Trial> trials;
    std::map<std::int64_t, std::size_t> by_id;
    while (query.step()) {
      by_id[query.column_int(0)] = trials.size();
      trials.push_back(trial_from_row(query));
    }
    if (trials.empty()) return trials;
    SqliteStatement intermediate(
        db_,
        "SELECT i.trial_id, i.step, i.values_json FROM trial_intermediate i "
        "JOIN trials t ON t.id = i.trial_id WHERE t.study_id = ?");
    intermediate.bind(1, study_id);
    while (intermediate.step()) {
      const auto it = by_id.find(intermediate.column_int(0));
      if (it == by_id.end()) continue;
      trials[it->second].intermediate[intermediate.column_int(1)] =
          detail::numbers_from_json(intermediate.column_text(2));
    }
    SqliteStatement phases(
        db_,
        "SELECT p.trial_id, p.phase, p.start_monotonic_s, p.end_monotonic_s, p.start_unix_s, "
        "p.end_unix_s, p.duration_s, p.energy_json, p.meter, p.estimated, p.uncertainty_j, "
        "p.samples, p.net_energy_json, p.scope, p.details_json FROM trial_phases p JOIN trials t "
        "ON t.id = "
        "p.trial_id "
        "WHERE t.study_id = ? ORDER BY p.id");
    phases.bind(1, study_id);
    while (phases.step()) {
      const auto it = by_id.find(phases.column_int(0));
      if (it == by_id.end()) continue;
      study::PhaseMeasurement p;
      p.phase = phases.column_text(1);
      p.start_monotonic_s = phases.column_double(2);
      p.end_monotonic_s = phases.column_double(3);
      p.start_unix_s = phases.column_double(4);
      p.end_unix_s = phases.column_double(5);
      p.duration_s = phases.column_double(6);
      p.energy_j = detail::numbers_from_json(phases.column_text(7));
      p.meter = phases.column_text(8);
      p.estimated = phases.column_int(9) != 0;
      p.uncertainty_j = phases.column_double(10);
      p.samples = phases.column_int(11);
      p.net_energy_j = detail::numbers_from_json(phases.column_text(12));
      p.scope = phases.column_text(13);
      detail::phase_details_from_json(phases.column_text(14), p);
      trials[it->second].phases.push_back(std::move(p));
    }
    return trials;
  }

  SqliteDatabase db_;
  std::mutex mutex_;  // one connection per storage object; serialise its users
};

}  // namespace

std::unique_ptr<Storage> open_sqlite_storage(const std::string& path,
                                             const SqliteOptions& options) {
  return std::make_unique<SqliteStorage>(path, options);
}

}  // namespace ecopt::storage
