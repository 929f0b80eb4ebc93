// storage::Storage once, over SQL that SQLite and PostgreSQL both accept (internal). The
// dialect supplies its clock and lock clauses; the connection its transactions.
#include "sql_storage.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>

#include "ecopt/study/config_codec.hpp"
#include "ecopt/study/stderr_tail.hpp"
#include "sql_schema.hpp"
#include "trial_budget.hpp"
#include "trial_codec.hpp"

namespace ecopt::storage::detail {
namespace {

constexpr const char* kTrialColumns =
    "id, number, state, origin, params_json, values_json, constraints_json, metrics_json, "
    "user_attrs_json, host, worker_id, heartbeat_unix_s, error, created_unix_s, started_unix_s, "
    "finished_unix_s, metric_uncertainties_json, running_energy_j, running_power_w, failure_kind, "
    "stderr_tail";
constexpr int kTrialColumnCount = 21;  // the columns of kTrialColumns

constexpr const char* kStudyColumns =
    "id, name, config_json, created_unix_s, updated_unix_s, user_attrs_json";

constexpr const char* kPhaseColumns =
    "phase, start_monotonic_s, end_monotonic_s, start_unix_s, end_unix_s, duration_s, "
    "energy_json, meter, estimated, uncertainty_j, samples, net_energy_json, scope, details_json";

std::string_view origin_name(study::TrialOrigin origin) {
  return origin == study::TrialOrigin::enqueued ? "enqueued" : "sampler";
}

study::Trial trial_from_row(const SqlRows& r, int row) {
  study::Trial t;
  t.id = r.integer(row, 0);
  t.number = r.integer(row, 1);
  t.state = study::parse_trial_state(r.text(row, 2)).value_or(study::TrialState::fail);
  t.origin =
      r.text(row, 3) == "enqueued" ? study::TrialOrigin::enqueued : study::TrialOrigin::sampler;
  t.params = params_from_json(r.text(row, 4));
  if (!r.is_null(row, 5)) t.values = values_from_json(r.text(row, 5));
  t.constraint_values = numbers_from_json(r.text(row, 6));
  t.metrics = numbers_from_json(r.text(row, 7));
  t.user_attrs = attrs_from_json(r.text(row, 8));
  t.host = r.text(row, 9);
  t.worker_id = r.text(row, 10);
  t.heartbeat_unix_s = r.optional_number(row, 11);
  t.error = r.text(row, 12);
  t.created_unix_s = r.number(row, 13);
  t.started_unix_s = r.optional_number(row, 14);
  t.finished_unix_s = r.optional_number(row, 15);
  t.metric_uncertainties = numbers_from_json(r.text(row, 16));
  t.running_energy_j = r.optional_number(row, 17);
  t.running_power_w = r.optional_number(row, 18);
  t.failure_kind = failure_kind_from_text(t.state, r.text(row, 19));
  // Bounded and valid UTF-8 again when read: SQLite rows of older versions kept any bytes.
  t.stderr_tail = study::bounded_stderr_tail(r.text(row, 20));
  return t;
}

/// A phase from a row whose columns after `first` are kPhaseColumns.
study::PhaseMeasurement phase_from_row(const SqlRows& r, int row, int first) {
  study::PhaseMeasurement p;
  p.phase = r.text(row, first);
  p.start_monotonic_s = r.number(row, first + 1);
  p.end_monotonic_s = r.number(row, first + 2);
  p.start_unix_s = r.number(row, first + 3);
  p.end_unix_s = r.number(row, first + 4);
  p.duration_s = r.number(row, first + 5);
  p.energy_j = numbers_from_json(r.text(row, first + 6));
  p.meter = r.text(row, first + 7);
  p.estimated = r.boolean(row, first + 8);
  p.uncertainty_j = r.number(row, first + 9);
  p.samples = r.integer(row, first + 10);
  p.net_energy_j = numbers_from_json(r.text(row, first + 11));
  p.scope = r.text(row, first + 12);
  phase_details_from_json(r.text(row, first + 13), p);
  return p;
}

/// A token naming one write, unique across workers and machines.
std::string new_token() {
  static std::mutex mutex;
  static std::mt19937_64 generator{std::random_device{}() ^
                                   (static_cast<std::uint64_t>(std::random_device{}()) << 32)};
  std::lock_guard lock(mutex);
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator()));
  return text;
}

class SqlStorage final : public Storage {
 public:
  explicit SqlStorage(std::unique_ptr<SqlConnection> connection)
      : db_(std::move(connection)), now_(db_->dialect().now) {
    migrate(*db_);
    if (db_->dialect().records_operation_tokens) {
      // Tokens only matter for the seconds a retry takes; keep a day of them.
      db_->transaction("forget old operation tokens", [&] {
        db_->query("DELETE FROM applied_operations WHERE applied_unix_s < " + now_ + " - 86400");
      });
    }
  }

  std::string url() const override { return db_->url(); }

  StudyRecord create_study(const study::StudyConfig& config) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_->transaction("create study '" + config.name + "'", [&] {
      if (const auto id = applied(token)) return load_study("id = $1", {*id}).value();
      if (!db_->query("SELECT 1 FROM studies WHERE name = $1", {config.name}).empty()) {
        throw StorageError("a study named '" + config.name + "' already exists in " + url() +
                           "; choose another name or delete it with `ecopt study delete " +
                           config.name + "`");
      }
      const SqlRows inserted = insert_study(
          "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s) VALUES ($1, "
          "$2, " +
              now_ + ", " + now_ + ") RETURNING id, created_unix_s",
          {config.name, study::to_json_text(config)}, config.name);
      StudyRecord record{
          inserted.integer(0, 0), config, inserted.number(0, 1), inserted.number(0, 1), {}};
      mark_applied(token, record.id);
      return record;
    });
  }

  std::optional<StudyRecord> find_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    return db_->transaction(
        "find study '" + name + "'", [&] { return load_study("name = $1", {name}); },
        SqlConnection::Mode::snapshot);
  }

  std::vector<StudyRecord> list_studies() override {
    std::lock_guard lock(mutex_);
    return db_->transaction(
        "list studies",
        [&] {
          const SqlRows rows =
              db_->query(std::string("SELECT ") + kStudyColumns + " FROM studies ORDER BY name");
          std::vector<StudyRecord> studies;
          for (int i = 0; i < rows.size(); ++i) studies.push_back(study_from_row(rows, i));
          return studies;
        },
        SqlConnection::Mode::snapshot);
  }

  bool delete_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    return db_->transaction("delete study '" + name + "'", [&] {
      return db_->query("DELETE FROM studies WHERE name = $1", {name}).affected_rows > 0;
    });
  }

  void set_study_user_attr(std::int64_t study_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr(AttrOwner::study, study_id, key, json_value);
  }

  study::Trial start_trial(std::int64_t study_id, const WorkerInfo& worker,
                           const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_->transaction("start a trial",
                            [&] { return start_in_transaction(study_id, worker, sample, token); });
  }

  std::optional<study::Trial> start_trial_within_budget(
      std::int64_t study_id, std::int64_t max_trials, const WorkerInfo& worker,
      const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_->transaction("start a trial", [&]() -> std::optional<study::Trial> {
      if (const auto id = applied(token)) return load_trial_by_id(*id);
      // The study row's lock orders the count and the start against every other
      // worker's (PostgreSQL: FOR NO KEY UPDATE, so trial inserts, which only key-share
      // the row, go on; SQLite: the transaction holds the write lock from its start).
      if (db_->query(
                 "SELECT 1 FROM studies WHERE id = $1" + std::string(db_->dialect().lock_parent),
                 {study_id})
              .empty()) {
        throw StorageError("no study with id " + std::to_string(study_id) + " in " + url());
      }
      const SqlRows count = db_->query(
          "SELECT count(*) FROM trials WHERE study_id = $1 AND " + counts_towards_budget_sql(),
          {study_id});
      if (count.integer(0, 0) >= max_trials) return std::nullopt;
      return start_in_transaction(study_id, worker, sample, token);
    });
  }

  study::Trial enqueue_trial(std::int64_t study_id, const space::Params& params) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_->transaction("enqueue a trial", [&] {
      if (const auto id = applied(token)) return load_trial_by_id(*id);
      const std::int64_t id = insert_waiting(study_id, params, "{}");
      mark_applied(token, id);
      return load_trial_by_id(id);
    });
  }

  bool finish_trial(std::int64_t trial_id, const TrialResult& result) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    const SqlParam values = result.state == study::TrialState::complete
                                ? SqlParam(values_to_json(result.values))
                                : SqlParam();
    const std::string_view kind =
        study::to_string(failure_kind_to_store(result.state, result.failure_kind));
    const std::string stderr_tail = study::bounded_stderr_tail(result.stderr_tail);
    return db_->transaction("record the result of trial id " + std::to_string(trial_id), [&] {
      if (applied(token)) return true;
      // Only a RUNNING row matches: when another worker failed the trial as stale first,
      // nothing changes and the caller learns it.
      const SqlRows finished = db_->query(
          "UPDATE trials SET state = $1, values_json = $2, constraints_json = $3, error = $4, "
          "failure_kind = $5, stderr_tail = $6, finished_unix_s = " +
              now_ + " WHERE id = $7 AND state = 'RUNNING'",
          {study::to_string(result.state), values, numbers_to_json(result.constraint_values),
           result.error, kind, stderr_tail, trial_id});
      if (finished.affected_rows != 1) return false;
      mark_applied(token, trial_id);
      return true;
    });
  }

  void record_metrics(std::int64_t trial_id, const std::map<std::string, double>& metrics,
                      const std::map<std::string, double>& uncertainties) override {
    std::lock_guard lock(mutex_);
    db_->transaction("record metrics of trial id " + std::to_string(trial_id), [&] {
      const SqlRows row =
          db_->query("SELECT metrics_json, metric_uncertainties_json FROM trials WHERE id = $1" +
                         std::string(db_->dialect().lock_rows),
                     {trial_id});
      if (row.empty())
        throw StorageError("record_metrics: no trial with id " + std::to_string(trial_id));
      std::map<std::string, double> merged = numbers_from_json(row.text(0, 0));
      std::map<std::string, double> merged_uncertainties = numbers_from_json(row.text(0, 1));
      for (const auto& [name, value] : metrics) merged[name] = value;
      for (const auto& [name, value] : uncertainties) merged_uncertainties[name] = value;
      db_->query(
          "UPDATE trials SET metrics_json = $1, metric_uncertainties_json = $2 WHERE id = $3",
          {numbers_to_json(merged), numbers_to_json(merged_uncertainties), trial_id});
    });
  }

  void record_intermediate(std::int64_t trial_id, std::int64_t step,
                           const std::map<std::string, double>& values) override {
    record_intermediate_steps(trial_id, {{step, values}});
  }

  void record_intermediate_steps(
      std::int64_t trial_id,
      const std::map<std::int64_t, std::map<std::string, double>>& steps) override {
    std::lock_guard lock(mutex_);
    // One transaction for them all: one sync, not one per step.
    db_->transaction("record the intermediate values of trial id " + std::to_string(trial_id), [&] {
      for (const auto& [step, values] : steps) {
        db_->query(
            "INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES ($1, $2, $3) "
            "ON CONFLICT (trial_id, step) DO UPDATE SET values_json = excluded.values_json",
            {trial_id, step, numbers_to_json(values)});
      }
    });
  }

  void record_phase(std::int64_t trial_id, const study::PhaseMeasurement& phase) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    db_->transaction("record a phase of trial id " + std::to_string(trial_id), [&] {
      if (applied(token)) return;
      insert_phase(trial_id, phase);
      mark_applied(token, trial_id);
    });
  }

  void set_trial_user_attr(std::int64_t trial_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr(AttrOwner::trial, trial_id, key, json_value);
  }

  void heartbeat(std::int64_t trial_id, const TrialProgress& progress) override {
    std::lock_guard lock(mutex_);
    db_->transaction("send a heartbeat for trial id " + std::to_string(trial_id), [&] {
      db_->query("UPDATE trials SET heartbeat_unix_s = " + now_ +
                     ", running_energy_j = COALESCE($2, running_energy_j), running_power_w = "
                     "COALESCE($3, running_power_w) WHERE id = $1 AND state = 'RUNNING'",
                 {trial_id, progress.energy_j, progress.power_w});
    });
  }

  std::vector<study::Trial> trials(std::int64_t study_id,
                                   std::optional<study::TrialState> state) override {
    std::lock_guard lock(mutex_);
    // One read transaction, so the trials and their details are one consistent snapshot.
    return db_->transaction(
        "read the trials", [&] { return load_trials(study_id, state, std::nullopt); },
        SqlConnection::Mode::snapshot);
  }

  std::optional<study::Trial> trial(std::int64_t study_id, std::int64_t number) override {
    std::lock_guard lock(mutex_);
    std::vector<study::Trial> found = db_->transaction(
        "read trial " + std::to_string(number),
        [&] { return load_trials(study_id, std::nullopt, number); }, SqlConnection::Mode::snapshot);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<study::Trial> recover_stale_trials(std::int64_t study_id, double max_age_s,
                                                 StaleAction action) override {
    std::lock_guard lock(mutex_);
    return db_->transaction("recover stale trials", [&] {
      // PostgreSQL skips locked rows: a trial whose row is locked is being finished right
      // now; it is not stale, and waiting for it would only delay this worker.
      const std::string last_seen = "COALESCE(heartbeat_unix_s, started_unix_s, created_unix_s)";
      const SqlRows rows = db_->query(
          std::string("SELECT ") + kTrialColumns + ", " + now_ + " - " + last_seen +
              " FROM trials WHERE study_id = $1 AND state = 'RUNNING' AND " + last_seen + " < " +
              now_ + " - $2 ORDER BY number" + std::string(db_->dialect().claim_rows),
          {study_id, max_age_s});
      std::vector<study::Trial> stale;
      for (int i = 0; i < rows.size(); ++i) {
        study::Trial t = trial_from_row(rows, i);
        if (fail_stale(t, rows.number(i, kTrialColumnCount), action)) {
          if (action == StaleAction::requeue) {
            insert_waiting(study_id, t.params, "{\"retry_of\":" + std::to_string(t.number) + "}");
          }
          stale.push_back(std::move(t));
        }
      }
      return stale;
    });
  }

  StudyRecord import_study(const StudyRecord& study,
                           const std::vector<study::Trial>& trials) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    const std::string& name = study.config.name;
    return db_->transaction("copy study '" + name + "'", [&] {
      if (const auto id = applied(token)) return load_study("id = $1", {*id}).value();
      if (!db_->query("SELECT 1 FROM studies WHERE name = $1", {name}).empty()) {
        throw StorageError("cannot copy study '" + name + "' into " + url() +
                           ": a study of that name exists there; delete it first or copy "
                           "into another storage");
      }
      std::int64_t next_number = 0;
      for (const study::Trial& t : trials) next_number = std::max(next_number, t.number + 1);
      const SqlRows inserted = insert_study(
          "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s, "
          "user_attrs_json, next_number) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {name, study::to_json_text(study.config), study.created_unix_s, study.updated_unix_s,
           attrs_to_json(study.user_attrs), next_number},
          name);
      StudyRecord record = study;
      record.id = inserted.integer(0, 0);
      for (const study::Trial& t : trials) import_trial(record.id, t);
      mark_applied(token, record.id);
      return record;
    });
  }

 private:
  enum class AttrOwner { study, trial };

  /// Inside a transaction: the result of the write named `token`, if an earlier attempt
  /// committed it before its connection broke.
  std::optional<std::int64_t> applied(const std::string& token) {
    if (!db_->earlier_attempt_may_have_committed()) return std::nullopt;
    const SqlRows row =
        db_->query("SELECT result FROM applied_operations WHERE token = $1", {token});
    if (row.empty()) return std::nullopt;
    return row.integer(0, 0);
  }

  /// Inside a transaction: records that the write named `token` happened, where a COMMIT
  /// can be in doubt.
  void mark_applied(const std::string& token, std::int64_t result) {
    if (!db_->dialect().records_operation_tokens) return;
    db_->query("INSERT INTO applied_operations (token, result, applied_unix_s) VALUES ($1, $2, " +
                   now_ + ")",
               {token, result});
  }

  /// An INSERT into studies; a concurrent insert of the same name becomes the usual message.
  SqlRows insert_study(const std::string& sql, const std::vector<SqlParam>& params,
                       const std::string& name) {
    try {
      return db_->query(sql, params);
    } catch (const SqlUniqueViolation&) {
      throw StorageError("a study named '" + name + "' already exists in " + url() +
                         " (created by another process just now)");
    }
  }

  /// Inside a transaction: claims the oldest WAITING trial, or inserts a sampled one.
  study::Trial start_in_transaction(std::int64_t study_id, const WorkerInfo& worker,
                                    const std::function<space::Params(std::int64_t)>& sample,
                                    const std::string& token) {
    if (const auto id = applied(token)) return load_trial_by_id(*id);
    const SqlRows claimed = db_->query(
        "UPDATE trials SET state = 'RUNNING', host = $2, worker_id = $3, started_unix_s = " + now_ +
            ", heartbeat_unix_s = " + now_ +
            " WHERE state = 'WAITING' AND id = (SELECT id FROM trials WHERE study_id = $1 AND "
            "state = 'WAITING' ORDER BY number LIMIT 1" +
            std::string(db_->dialect().claim_rows) + ") RETURNING " + kTrialColumns,
        {study_id, worker.host, worker.worker_id});
    if (!claimed.empty()) {
      mark_applied(token, claimed.integer(0, 0));
      return trial_from_row(claimed, 0);
    }
    const std::int64_t number = allocate_number(study_id);
    const space::Params params = sample(number);
    const SqlRows inserted = db_->query(
        "INSERT INTO trials (study_id, number, state, origin, params_json, host, worker_id, "
        "heartbeat_unix_s, created_unix_s, started_unix_s) VALUES ($1, $2, 'RUNNING', "
        "'sampler', $3, $4, $5, " +
            now_ + ", " + now_ + ", " + now_ + ") RETURNING " + kTrialColumns,
        {study_id, number, params_to_json(params), worker.host, worker.worker_id});
    mark_applied(token, inserted.integer(0, 0));
    return trial_from_row(inserted, 0);
  }

  /// Inside a transaction: the study's next trial number. The row lock it takes lasts
  /// until the transaction ends, so numbers are unique and without gaps.
  std::int64_t allocate_number(std::int64_t study_id) {
    const SqlRows row = db_->query(
        "UPDATE studies SET next_number = next_number + 1, "
        "updated_unix_s = " +
            now_ + " WHERE id = $1 RETURNING next_number - 1",
        {study_id});
    if (row.empty()) {
      throw StorageError("no study with id " + std::to_string(study_id) + " in " + url() +
                         " (deleted meanwhile?)");
    }
    return row.integer(0, 0);
  }

  /// Inside a transaction.
  std::int64_t insert_waiting(std::int64_t study_id, const space::Params& params,
                              const std::string& attrs_json) {
    const std::int64_t number = allocate_number(study_id);
    const SqlRows inserted = db_->query(
        "INSERT INTO trials (study_id, number, state, origin, params_json, user_attrs_json, "
        "created_unix_s) VALUES ($1, $2, 'WAITING', 'enqueued', $3, $4, " +
            now_ + ") RETURNING id",
        {study_id, number, params_to_json(params), attrs_json});
    return inserted.integer(0, 0);
  }

  /// Inside a transaction: fails a RUNNING trial as stale (`age_s` since it was last
  /// seen); false when it was no longer RUNNING.
  bool fail_stale(study::Trial& t, double age_s, StaleAction action) {
    t.error = "stale: no heartbeat for " + std::to_string(static_cast<long long>(age_s)) +
              " s (its worker on '" + t.host + "' stopped)" +
              (action == StaleAction::requeue ? "; re-queued as a new trial" : "");
    t.failure_kind = action == StaleAction::requeue ? study::FailureKind::stale_requeued
                                                    : study::FailureKind::stale;
    const SqlRows update = db_->query(
        "UPDATE trials SET state = 'FAIL', error = $1, failure_kind = $2, finished_unix_s = " +
            now_ + " WHERE id = $3 AND state = 'RUNNING'",
        {t.error, study::to_string(t.failure_kind), t.id});
    if (update.affected_rows != 1) return false;
    t.state = study::TrialState::fail;
    return true;
  }

  /// Inside a transaction: one trial of import_study, as it is.
  void import_trial(std::int64_t study_id, const study::Trial& t) {
    const SqlRows row = db_->query(
        "INSERT INTO trials (study_id, number, state, origin, params_json, values_json, "
        "constraints_json, metrics_json, user_attrs_json, host, worker_id, heartbeat_unix_s, "
        "error, created_unix_s, started_unix_s, finished_unix_s, metric_uncertainties_json, "
        "running_energy_j, running_power_w, failure_kind, stderr_tail) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) "
        "RETURNING id",
        {study_id,
         t.number,
         study::to_string(t.state),
         origin_name(t.origin),
         params_to_json(t.params),
         t.state == study::TrialState::complete ? SqlParam(values_to_json(t.values)) : SqlParam(),
         numbers_to_json(t.constraint_values),
         numbers_to_json(t.metrics),
         attrs_to_json(t.user_attrs),
         t.host,
         t.worker_id,
         t.heartbeat_unix_s,
         t.error,
         t.created_unix_s,
         t.started_unix_s,
         t.finished_unix_s,
         numbers_to_json(t.metric_uncertainties),
         t.running_energy_j,
         t.running_power_w,
         study::to_string(failure_kind_to_store(t.state, t.failure_kind)),
         study::bounded_stderr_tail(t.stderr_tail)});
    const std::int64_t trial_id = row.integer(0, 0);
    for (const auto& [step, values] : t.intermediate) {
      db_->query("INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES ($1, $2, $3)",
                 {trial_id, step, numbers_to_json(values)});
    }
    for (const study::PhaseMeasurement& p : t.phases) insert_phase(trial_id, p);
  }

  /// Inside a transaction.
  void insert_phase(std::int64_t trial_id, const study::PhaseMeasurement& p) {
    db_->query(
        std::string("INSERT INTO trial_phases (trial_id, ") + kPhaseColumns +
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        {trial_id, p.phase, p.start_monotonic_s, p.end_monotonic_s, p.start_unix_s, p.end_unix_s,
         p.duration_s, numbers_to_json(p.energy_j), p.meter, p.estimated, p.uncertainty_j,
         p.samples, numbers_to_json(p.net_energy_j), p.scope, phase_details_to_json(p)});
  }

  /// Sets one key of a study's or trial's user attributes, in one transaction.
  void merge_user_attr(AttrOwner owner, std::int64_t id, const std::string& key,
                       const std::string& json_value) {
    const std::string canonical = canonical_json(json_value);
    const bool is_study = owner == AttrOwner::study;
    const std::string table = is_study ? "studies" : "trials";
    std::lock_guard lock(mutex_);
    db_->transaction("set attribute '" + key + "'", [&] {
      const SqlRows row = db_->query("SELECT user_attrs_json FROM " + table + " WHERE id = $1" +
                                         std::string(db_->dialect().lock_rows),
                                     {id});
      if (row.empty()) {
        throw StorageError(std::string("no ") + (is_study ? "study" : "trial") + " with id " +
                           std::to_string(id) + " to set attribute '" + key + "' on");
      }
      std::map<std::string, std::string> attrs = attrs_from_json(row.text(0, 0));
      attrs[key] = canonical;
      db_->query("UPDATE " + table + " SET user_attrs_json = $1" +
                     (is_study ? ", updated_unix_s = " + now_ : std::string()) + " WHERE id = $2",
                 {attrs_to_json(attrs), id});
    });
  }

  /// Inside a transaction.
  std::optional<StudyRecord> load_study(const std::string& condition,
                                        const std::vector<SqlParam>& params) {
    const SqlRows row = db_->query(
        std::string("SELECT ") + kStudyColumns + " FROM studies WHERE " + condition, params);
    if (row.empty()) return std::nullopt;
    return study_from_row(row, 0);
  }

  StudyRecord study_from_row(const SqlRows& row, int i) {
    StudyRecord record;
    record.id = row.integer(i, 0);
    record.config =
        study::from_json_text(row.text(i, 2), url() + " (study " + row.text(i, 1) + ")");
    record.created_unix_s = row.number(i, 3);
    record.updated_unix_s = row.number(i, 4);
    record.user_attrs = attrs_from_json(row.text(i, 5));
    return record;
  }

  /// Inside a transaction.
  study::Trial load_trial_by_id(std::int64_t trial_id) {
    const SqlRows row = db_->query(
        std::string("SELECT ") + kTrialColumns + " FROM trials WHERE id = $1", {trial_id});
    if (row.empty()) throw StorageError("no trial with id " + std::to_string(trial_id));
    return trial_from_row(row, 0);
  }

  /// Inside a (snapshot) transaction: trials with their intermediate values and phases.
  std::vector<study::Trial> load_trials(std::int64_t study_id,
                                        std::optional<study::TrialState> state,
                                        std::optional<std::int64_t> number) {
    std::string sql = std::string("SELECT ") + kTrialColumns + " FROM trials WHERE study_id = $1";
    std::vector<SqlParam> params{study_id};
    if (state) {
      params.emplace_back(study::to_string(*state));
      sql += " AND state = $" + std::to_string(params.size());
    }
    std::string detail_filter = "t.study_id = $1";
    std::vector<SqlParam> detail_params{study_id};
    if (number) {
      params.emplace_back(*number);
      sql += " AND number = $" + std::to_string(params.size());
      detail_filter += " AND t.number = $2";
      detail_params.emplace_back(*number);
    }
    const SqlRows rows = db_->query(sql + " ORDER BY number", params);
    std::vector<study::Trial> trials;
    std::map<std::int64_t, std::size_t> by_id;
    for (int i = 0; i < rows.size(); ++i) {
      by_id[rows.integer(i, 0)] = trials.size();
      trials.push_back(trial_from_row(rows, i));
    }
    if (!trials.empty()) load_details(detail_filter, detail_params, by_id, trials);
    return trials;
  }

  /// Inside a (snapshot) transaction: the intermediate values and phases of `trials`.
  void load_details(const std::string& filter, const std::vector<SqlParam>& params,
                    const std::map<std::int64_t, std::size_t>& by_id,
                    std::vector<study::Trial>& trials) {
    const SqlRows intermediate = db_->query(
        "SELECT i.trial_id, i.step, i.values_json FROM trial_intermediate i JOIN trials t ON "
        "t.id = i.trial_id WHERE " +
            filter,
        params);
    for (int i = 0; i < intermediate.size(); ++i) {
      const auto it = by_id.find(intermediate.integer(i, 0));
      if (it == by_id.end()) continue;
      trials[it->second].intermediate[intermediate.integer(i, 1)] =
          numbers_from_json(intermediate.text(i, 2));
    }
    const SqlRows phases = db_->query(std::string("SELECT p.trial_id, ") + kPhaseColumns +
                                          " FROM trial_phases p JOIN trials t ON t.id = "
                                          "p.trial_id WHERE " +
                                          filter + " ORDER BY p.id",
                                      params);
    for (int i = 0; i < phases.size(); ++i) {
      const auto it = by_id.find(phases.integer(i, 0));
      if (it == by_id.end()) continue;
      trials[it->second].phases.push_back(phase_from_row(phases, i, 1));
    }
  }

  std::unique_ptr<SqlConnection> db_;
  const std::string now_;  // the dialect's clock, as SQL
  std::mutex mutex_;       // one connection per storage object; serialise its users
};

}  // namespace

std::unique_ptr<Storage> make_sql_storage(std::unique_ptr<SqlConnection> connection) {
  return std::make_unique<SqlStorage>(std::move(connection));
}

}  // namespace ecopt::storage::detail
