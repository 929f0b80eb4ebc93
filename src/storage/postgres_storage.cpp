#include "ecopt/storage/postgres_storage.hpp"

#include <map>
#include <mutex>
#include <random>

#include "ecopt/study/study_file.hpp"
#include "postgres_connection.hpp"
#include "postgres_schema.hpp"
#include "trial_budget.hpp"
#include "trial_codec.hpp"

namespace ecopt::storage {
namespace {

using detail::pg_param;
using detail::PgConnection;
using detail::PgError;
using detail::PgParam;
using detail::PgResult;

/// The server's clock, in seconds since the epoch: every time the store writes comes from
/// one clock, so heartbeats from many machines compare fairly.
const std::string kNow = "EXTRACT(EPOCH FROM clock_timestamp())::float8";

constexpr const char* kTrialColumns =
    "id, number, state, origin, params_json, values_json, constraints_json, metrics_json, "
    "user_attrs_json, host, worker_id, heartbeat_unix_s, error, created_unix_s, started_unix_s, "
    "finished_unix_s, metric_uncertainties_json, running_energy_j, running_power_w, failure_kind";

constexpr int kTrialColumnCount = 20;  // the columns of kTrialColumns

constexpr const char* kStudyColumns =
    "id, name, config_json, created_unix_s, updated_unix_s, user_attrs_json";

std::string_view origin_name(study::TrialOrigin origin) {
  return origin == study::TrialOrigin::enqueued ? "enqueued" : "sampler";
}

study::Trial trial_from_row(const PgResult& r, int row) {
  study::Trial t;
  t.id = r.integer(row, 0);
  t.number = r.integer(row, 1);
  t.state = study::parse_trial_state(r.text(row, 2)).value_or(study::TrialState::fail);
  t.origin =
      r.text(row, 3) == "enqueued" ? study::TrialOrigin::enqueued : study::TrialOrigin::sampler;
  t.params = detail::params_from_json(r.text(row, 4));
  if (!r.is_null(row, 5)) t.values = detail::values_from_json(r.text(row, 5));
  t.constraint_values = detail::numbers_from_json(r.text(row, 6));
  t.metrics = detail::numbers_from_json(r.text(row, 7));
  t.user_attrs = detail::attrs_from_json(r.text(row, 8));
  t.host = r.text(row, 9);
  t.worker_id = r.text(row, 10);
  t.heartbeat_unix_s = r.optional_number(row, 11);
  t.error = r.text(row, 12);
  t.created_unix_s = r.number(row, 13);
  t.started_unix_s = r.optional_number(row, 14);
  t.finished_unix_s = r.optional_number(row, 15);
  t.metric_uncertainties = detail::numbers_from_json(r.text(row, 16));
  t.running_energy_j = r.optional_number(row, 17);
  t.running_power_w = r.optional_number(row, 18);
  t.failure_kind = detail::failure_kind_from_text(t.state, r.text(row, 19));
  return t;
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

class PostgresStorage final : public Storage {
 public:
  PostgresStorage(const std::string& url, const PostgresOptions& options) : db_(url, options) {
    detail::migrate(db_);
    // Tokens only matter for the seconds a retry takes; keep a day of them.
    db_.transaction("forget old operation tokens", [&] {
      db_.exec("DELETE FROM applied_operations WHERE applied_unix_s < " + kNow + " - 86400");
    });
  }

  std::string url() const override { return db_.display_url(); }

  StudyRecord create_study(const study::StudyConfig& config) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_.transaction("create study '" + config.name + "'", [&] {
      if (const auto id = applied(token)) return load_study("id = $1", {pg_param(*id)}).value();
      if (db_.exec("SELECT 1 FROM studies WHERE name = $1", {pg_param(config.name)}).rows() > 0) {
        throw StorageError("a study named '" + config.name + "' already exists in " + url() +
                           "; choose another name or delete it with `ecopt study delete " +
                           config.name + "`");
      }
      PgResult inserted = exec_unique(
          "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s) VALUES ($1, "
          "$2, " +
              kNow + ", " + kNow + ") RETURNING id, created_unix_s",
          {pg_param(config.name), pg_param(study::to_json_text(config))}, config.name);
      StudyRecord record{
          inserted.integer(0, 0), config, inserted.number(0, 1), inserted.number(0, 1), {}};
      mark_applied(token, record.id);
      return record;
    });
  }

  std::optional<StudyRecord> find_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    return db_.transaction("find study '" + name + "'",
                           [&] { return load_study("name = $1", {pg_param(name)}); });
  }

  std::vector<StudyRecord> list_studies() override {
    std::lock_guard lock(mutex_);
    return db_.transaction("list studies", [&] {
      PgResult rows =
          db_.exec(std::string("SELECT ") + kStudyColumns + " FROM studies ORDER BY name");
      std::vector<StudyRecord> studies;
      for (int i = 0; i < rows.rows(); ++i) studies.push_back(study_from_row(rows, i));
      return studies;
    });
  }

  bool delete_study(const std::string& name) override {
    std::lock_guard lock(mutex_);
    return db_.transaction("delete study '" + name + "'", [&] {
      return db_.exec("DELETE FROM studies WHERE name = $1", {pg_param(name)}).affected_rows() > 0;
    });
  }

  void set_study_user_attr(std::int64_t study_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr("studies", study_id, key, json_value);
  }

  study::Trial start_trial(std::int64_t study_id, const WorkerInfo& worker,
                           const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_.transaction("start a trial",
                           [&] { return start_in_transaction(study_id, worker, sample, token); });
  }

  std::optional<study::Trial> start_trial_within_budget(
      std::int64_t study_id, std::int64_t max_trials, const WorkerInfo& worker,
      const std::function<space::Params(std::int64_t)>& sample) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_.transaction("start a trial", [&]() -> std::optional<study::Trial> {
      if (const auto id = applied(token)) return load_trial_by_id(*id);
      // The study row's lock orders the count and the start against every other
      // worker's (FOR NO KEY UPDATE: trial inserts, which only key-share the row, go on).
      if (db_.exec("SELECT 1 FROM studies WHERE id = $1 FOR NO KEY UPDATE", {pg_param(study_id)})
              .rows() == 0) {
        throw StorageError("no study with id " + std::to_string(study_id) + " in " + url());
      }
      PgResult count =
          db_.exec(std::string("SELECT count(*) FROM trials WHERE study_id = $1 AND ") +
                       detail::counts_towards_budget_sql(),
                   {pg_param(study_id)});
      if (count.integer(0, 0) >= max_trials) return std::nullopt;
      return start_in_transaction(study_id, worker, sample, token);
    });
  }

  study::Trial enqueue_trial(std::int64_t study_id, const space::Params& params) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    return db_.transaction("enqueue a trial", [&] {
      if (const auto id = applied(token)) return load_trial_by_id(*id);
      const std::int64_t id = insert_waiting(study_id, params, "{}");
      mark_applied(token, id);
      return load_trial_by_id(id);
    });
  }

  bool finish_trial(std::int64_t trial_id, const TrialResult& result) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    const PgParam values = result.state == study::TrialState::complete
                               ? pg_param(detail::values_to_json(result.values))
                               : PgParam{};
    return db_.transaction("record the result of trial id " + std::to_string(trial_id), [&] {
      if (applied(token)) return true;
      // Only a RUNNING row matches: when another worker failed the trial as stale first,
      // nothing changes and the caller learns it. The token goes in the same statement.
      PgResult finished = db_.exec(
          "WITH finished AS (UPDATE trials SET state = $1, values_json = $2, constraints_json = "
          "$3, error = $4, failure_kind = $7, finished_unix_s = " +
              kNow +
              " WHERE id = $5 AND state = 'RUNNING' RETURNING id), token AS (INSERT INTO "
              "applied_operations (token, result, applied_unix_s) SELECT $6, id, " +
              kNow + " FROM finished) SELECT count(*) FROM finished",
          {pg_param(study::to_string(result.state)), values,
           pg_param(detail::numbers_to_json(result.constraint_values)), pg_param(result.error),
           pg_param(trial_id), pg_param(token),
           pg_param(study::to_string(
               detail::failure_kind_to_store(result.state, result.failure_kind)))});
      return finished.integer(0, 0) == 1;
    });
  }

  void record_metrics(std::int64_t trial_id, const std::map<std::string, double>& metrics,
                      const std::map<std::string, double>& uncertainties) override {
    std::lock_guard lock(mutex_);
    db_.transaction("record metrics of trial id " + std::to_string(trial_id), [&] {
      PgResult row = db_.exec(
          "SELECT metrics_json, metric_uncertainties_json FROM trials WHERE id = $1 FOR UPDATE",
          {pg_param(trial_id)});
      if (row.rows() == 0)
        throw StorageError("record_metrics: no trial with id " + std::to_string(trial_id));
      std::map<std::string, double> merged = detail::numbers_from_json(row.text(0, 0));
      std::map<std::string, double> merged_uncertainties =
          detail::numbers_from_json(row.text(0, 1));
      for (const auto& [name, value] : metrics) merged[name] = value;
      for (const auto& [name, value] : uncertainties) merged_uncertainties[name] = value;
      db_.exec("UPDATE trials SET metrics_json = $1, metric_uncertainties_json = $2 WHERE id = $3",
               {pg_param(detail::numbers_to_json(merged)),
                pg_param(detail::numbers_to_json(merged_uncertainties)), pg_param(trial_id)});
    });
  }

  void record_intermediate(std::int64_t trial_id, std::int64_t step,
                           const std::map<std::string, double>& values) override {
    std::lock_guard lock(mutex_);
    db_.transaction("record an intermediate value of trial id " + std::to_string(trial_id), [&] {
      db_.exec(
          "INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES ($1, $2, $3) "
          "ON CONFLICT (trial_id, step) DO UPDATE SET values_json = excluded.values_json",
          {pg_param(trial_id), pg_param(step), pg_param(detail::numbers_to_json(values))});
    });
  }

  void record_phase(std::int64_t trial_id, const study::PhaseMeasurement& phase) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    db_.transaction("record a phase of trial id " + std::to_string(trial_id), [&] {
      if (applied(token)) return;
      insert_phase(trial_id, phase);
      mark_applied(token, trial_id);
    });
  }

  void set_trial_user_attr(std::int64_t trial_id, const std::string& key,
                           const std::string& json_value) override {
    merge_user_attr("trials", trial_id, key, json_value);
  }

  void heartbeat(std::int64_t trial_id, const TrialProgress& progress) override {
    std::lock_guard lock(mutex_);
    db_.transaction("send a heartbeat for trial id " + std::to_string(trial_id), [&] {
      db_.exec("UPDATE trials SET heartbeat_unix_s = " + kNow +
                   ", running_energy_j = COALESCE($2, running_energy_j), running_power_w = "
                   "COALESCE($3, running_power_w) WHERE id = $1 AND state = 'RUNNING'",
               {pg_param(trial_id), pg_param(progress.energy_j), pg_param(progress.power_w)});
    });
  }

  std::vector<study::Trial> trials(std::int64_t study_id,
                                   std::optional<study::TrialState> state) override {
    std::lock_guard lock(mutex_);
    return db_.transaction(
        "read the trials", [&] { return load_trials(study_id, state, std::nullopt); },
        PgConnection::Mode::snapshot);
  }

  std::optional<study::Trial> trial(std::int64_t study_id, std::int64_t number) override {
    std::lock_guard lock(mutex_);
    std::vector<study::Trial> found = db_.transaction(
        "read trial " + std::to_string(number),
        [&] { return load_trials(study_id, std::nullopt, number); }, PgConnection::Mode::snapshot);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  }

  std::vector<study::Trial> recover_stale_trials(std::int64_t study_id, double max_age_s,
                                                 StaleAction action) override {
    std::lock_guard lock(mutex_);
    return db_.transaction("recover stale trials", [&] {
      // SKIP LOCKED: a trial whose row is locked is being finished right now; it is not
      // stale, and waiting for it would only delay this worker.
      PgResult rows = db_.exec(
          std::string("SELECT ") + kTrialColumns + ", " + kNow +
              " - COALESCE(heartbeat_unix_s, started_unix_s, created_unix_s) FROM trials WHERE "
              "study_id = $1 AND state = 'RUNNING' AND COALESCE(heartbeat_unix_s, "
              "started_unix_s, created_unix_s) < " +
              kNow + " - $2 ORDER BY number FOR UPDATE SKIP LOCKED",
          {pg_param(study_id), pg_param(max_age_s)});
      std::vector<study::Trial> stale;
      for (int i = 0; i < rows.rows(); ++i) {
        study::Trial t = trial_from_row(rows, i);
        t.error = "stale: no heartbeat for " +
                  std::to_string(static_cast<long long>(rows.number(i, kTrialColumnCount))) +
                  " s (its worker on '" + t.host + "' stopped)" +
                  (action == StaleAction::requeue ? "; re-queued as a new trial" : "");
        t.failure_kind = action == StaleAction::requeue ? study::FailureKind::stale_requeued
                                                        : study::FailureKind::stale;
        PgResult update = db_.exec(
            "UPDATE trials SET state = 'FAIL', error = $1, failure_kind = $3, finished_unix_s = " +
                kNow + " WHERE id = $2 AND state = 'RUNNING'",
            {pg_param(t.error), pg_param(t.id), pg_param(study::to_string(t.failure_kind))});
        if (update.affected_rows() != 1) continue;
        t.state = study::TrialState::fail;
        if (action == StaleAction::requeue) {
          insert_waiting(study_id, t.params, "{\"retry_of\":" + std::to_string(t.number) + "}");
        }
        stale.push_back(std::move(t));
      }
      return stale;
    });
  }

  StudyRecord import_study(const StudyRecord& study,
                           const std::vector<study::Trial>& trials) override {
    std::lock_guard lock(mutex_);
    const std::string token = new_token();
    const std::string& name = study.config.name;
    return db_.transaction("copy study '" + name + "'", [&] {
      if (const auto id = applied(token)) return load_study("id = $1", {pg_param(*id)}).value();
      if (db_.exec("SELECT 1 FROM studies WHERE name = $1", {pg_param(name)}).rows() > 0) {
        throw StorageError("cannot copy study '" + name + "' into " + url() +
                           ": a study of that name exists there; delete it first or copy "
                           "into another storage");
      }
      std::int64_t next_number = 0;
      for (const study::Trial& t : trials) next_number = std::max(next_number, t.number + 1);
      PgResult inserted = exec_unique(
          "INSERT INTO studies (name, config_json, created_unix_s, updated_unix_s, "
          "user_attrs_json, next_number) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          {pg_param(name), pg_param(study::to_json_text(study.config)),
           pg_param(study.created_unix_s), pg_param(study.updated_unix_s),
           pg_param(detail::attrs_to_json(study.user_attrs)), pg_param(next_number)},
          name);
      StudyRecord record = study;
      record.id = inserted.integer(0, 0);
      for (const study::Trial& t : trials) {
        PgResult trial_row = db_.exec(
            "INSERT INTO trials (study_id, number, state, origin, params_json, values_json, "
            "constraints_json, metrics_json, user_attrs_json, host, worker_id, "
            "heartbeat_unix_s, error, created_unix_s, started_unix_s, finished_unix_s, "
            "metric_uncertainties_json, running_energy_j, running_power_w, failure_kind) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
            "$18, $19, $20) RETURNING id",
            {pg_param(record.id),
             pg_param(t.number),
             pg_param(study::to_string(t.state)),
             pg_param(origin_name(t.origin)),
             pg_param(detail::params_to_json(t.params)),
             t.state == study::TrialState::complete ? pg_param(detail::values_to_json(t.values))
                                                    : PgParam{},
             pg_param(detail::numbers_to_json(t.constraint_values)),
             pg_param(detail::numbers_to_json(t.metrics)),
             pg_param(detail::attrs_to_json(t.user_attrs)),
             pg_param(t.host),
             pg_param(t.worker_id),
             pg_param(t.heartbeat_unix_s),
             pg_param(t.error),
             pg_param(t.created_unix_s),
             pg_param(t.started_unix_s),
             pg_param(t.finished_unix_s),
             pg_param(detail::numbers_to_json(t.metric_uncertainties)),
             pg_param(t.running_energy_j),
             pg_param(t.running_power_w),
             pg_param(study::to_string(detail::failure_kind_to_store(t.state, t.failure_kind)))});
        const std::int64_t trial_id = trial_row.integer(0, 0);
        for (const auto& [step, values] : t.intermediate) {
          db_.exec(
              "INSERT INTO trial_intermediate (trial_id, step, values_json) VALUES ($1, $2, $3)",
              {pg_param(trial_id), pg_param(step), pg_param(detail::numbers_to_json(values))});
        }
        for (const study::PhaseMeasurement& p : t.phases) insert_phase(trial_id, p);
      }
      mark_applied(token, record.id);
      return record;
    });
  }

 private:
  /// Inside a transaction: the result of the write named `token`, if an earlier attempt
  /// committed it before its connection broke.
  std::optional<std::int64_t> applied(const std::string& token) {
    if (!db_.earlier_attempt_may_have_committed()) return std::nullopt;
    PgResult row =
        db_.exec("SELECT result FROM applied_operations WHERE token = $1", {pg_param(token)});
    if (row.rows() == 0) return std::nullopt;
    return row.integer(0, 0);
  }

  void mark_applied(const std::string& token, std::int64_t result) {
    db_.exec("INSERT INTO applied_operations (token, result, applied_unix_s) VALUES ($1, $2, " +
                 kNow + ")",
             {pg_param(token), pg_param(result)});
  }

  /// An INSERT into studies; a concurrent insert of the same name becomes the usual message.
  PgResult exec_unique(const std::string& sql, const std::vector<PgParam>& params,
                       const std::string& name) {
    try {
      return db_.exec(sql, params);
    } catch (const PgError& e) {
      if (e.sqlstate() != "23505") throw;
      throw StorageError("a study named '" + name + "' already exists in " + url() +
                         " (created by another process just now)");
    }
  }

  /// Inside a transaction: claims the oldest WAITING trial, or inserts a sampled one.
  study::Trial start_in_transaction(std::int64_t study_id, const WorkerInfo& worker,
                                    const std::function<space::Params(std::int64_t)>& sample,
                                    const std::string& token) {
    if (const auto id = applied(token)) return load_trial_by_id(*id);
    // One statement each way, so a claim costs one round trip: the oldest WAITING trial,
    // the UPDATE that claims it, and the token. SKIP LOCKED: workers claiming at once
    // each get a different trial instead of queueing behind the first one's lock.
    const std::string record_token =
        "token AS (INSERT INTO applied_operations (token, result, applied_unix_s) SELECT $1, "
        "id, " +
        kNow + " FROM started) SELECT * FROM started";
    PgResult claimed = db_.exec(
        "WITH next AS (SELECT id AS next_id FROM trials WHERE study_id = $2 AND state = "
        "'WAITING' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED), started AS (UPDATE trials "
        "SET state = 'RUNNING', host = $3, worker_id = $4, started_unix_s = " +
            kNow + ", heartbeat_unix_s = " + kNow +
            " FROM next WHERE id = next.next_id RETURNING " + kTrialColumns + "), " + record_token,
        {pg_param(token), pg_param(study_id), pg_param(worker.host), pg_param(worker.worker_id)});
    if (claimed.rows() > 0) return trial_from_row(claimed, 0);
    const std::int64_t number = allocate_number(study_id);
    const space::Params params = sample(number);
    PgResult inserted = db_.exec(
        "WITH started AS (INSERT INTO trials (study_id, number, state, origin, params_json, "
        "host, worker_id, heartbeat_unix_s, created_unix_s, started_unix_s) VALUES ($2, $3, "
        "'RUNNING', 'sampler', $4, $5, $6, " +
            kNow + ", " + kNow + ", " + kNow + ") RETURNING " + kTrialColumns + "), " +
            record_token,
        {pg_param(token), pg_param(study_id), pg_param(number),
         pg_param(detail::params_to_json(params)), pg_param(worker.host),
         pg_param(worker.worker_id)});
    return trial_from_row(inserted, 0);
  }

  /// Inside a transaction: the study's next trial number. The row lock it takes lasts
  /// until the transaction ends, so numbers are unique and without gaps.
  std::int64_t allocate_number(std::int64_t study_id) {
    PgResult row =
        db_.exec("UPDATE studies SET next_number = next_number + 1, updated_unix_s = " + kNow +
                     " WHERE id = $1 RETURNING next_number - 1",
                 {pg_param(study_id)});
    if (row.rows() == 0) {
      throw StorageError("no study with id " + std::to_string(study_id) + " in " + url() +
                         " (deleted meanwhile?)");
    }
    return row.integer(0, 0);
  }

  /// Inside a transaction.
  std::int64_t insert_waiting(std::int64_t study_id, const space::Params& params,
                              const std::string& attrs_json) {
    const std::int64_t number = allocate_number(study_id);
    PgResult inserted = db_.exec(
        "INSERT INTO trials (study_id, number, state, origin, params_json, user_attrs_json, "
        "created_unix_s) VALUES ($1, $2, 'WAITING', 'enqueued', $3, $4, " +
            kNow + ") RETURNING id",
        {pg_param(study_id), pg_param(number), pg_param(detail::params_to_json(params)),
         pg_param(attrs_json)});
    return inserted.integer(0, 0);
  }

  /// Inside a transaction.
  void insert_phase(std::int64_t trial_id, const study::PhaseMeasurement& p) {
    db_.exec(
        "INSERT INTO trial_phases (trial_id, phase, start_monotonic_s, end_monotonic_s, "
        "start_unix_s, end_unix_s, duration_s, energy_json, meter, estimated, uncertainty_j, "
        "samples, net_energy_json, scope, details_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9, $10, $11, $12, $13, $14, $15)",
        {pg_param(trial_id), pg_param(p.phase), pg_param(p.start_monotonic_s),
         pg_param(p.end_monotonic_s), pg_param(p.start_unix_s), pg_param(p.end_unix_s),
         pg_param(p.duration_s), pg_param(detail::numbers_to_json(p.energy_j)), pg_param(p.meter),
         pg_param(p.estimated), pg_param(p.uncertainty_j), pg_param(p.samples),
         pg_param(detail::numbers_to_json(p.net_energy_j)), pg_param(p.scope),
         pg_param(detail::phase_details_to_json(p))});
  }

  /// Sets one key of a study's or trial's user attributes, in one transaction.
  void merge_user_attr(const std::string& table, std::int64_t id, const std::string& key,
                       const std::string& json_value) {
    const std::string canonical = detail::canonical_json(json_value);
    const bool is_study = table == "studies";
    std::lock_guard lock(mutex_);
    db_.transaction("set attribute '" + key + "'", [&] {
      PgResult row = db_.exec("SELECT user_attrs_json FROM " + table + " WHERE id = $1 FOR UPDATE",
                              {pg_param(id)});
      if (row.rows() == 0) {
        throw StorageError(std::string("no ") + (is_study ? "study" : "trial") + " with id " +
                           std::to_string(id) + " to set attribute '" + key + "' on");
      }
      std::map<std::string, std::string> attrs = detail::attrs_from_json(row.text(0, 0));
      attrs[key] = canonical;
      db_.exec("UPDATE " + table + " SET user_attrs_json = $1" +
                   (is_study ? ", updated_unix_s = " + kNow : std::string()) + " WHERE id = $2",
               {pg_param(detail::attrs_to_json(attrs)), pg_param(id)});
    });
  }

  /// Inside a transaction.
  std::optional<StudyRecord> load_study(const std::string& condition,
                                        const std::vector<PgParam>& params) {
    PgResult row = db_.exec(
        std::string("SELECT ") + kStudyColumns + " FROM studies WHERE " + condition, params);
    if (row.rows() == 0) return std::nullopt;
    return study_from_row(row, 0);
  }

  StudyRecord study_from_row(const PgResult& row, int i) {
    StudyRecord record;
    record.id = row.integer(i, 0);
    record.config =
        study::parse_study_config(row.text(i, 2), url() + " (study " + row.text(i, 1) + ")");
    record.created_unix_s = row.number(i, 3);
    record.updated_unix_s = row.number(i, 4);
    record.user_attrs = detail::attrs_from_json(row.text(i, 5));
    return record;
  }

  /// Inside a transaction.
  study::Trial load_trial_by_id(std::int64_t trial_id) {
    PgResult row = db_.exec(std::string("SELECT ") + kTrialColumns + " FROM trials WHERE id = $1",
                            {pg_param(trial_id)});
    if (row.rows() == 0) throw StorageError("no trial with id " + std::to_string(trial_id));
    return trial_from_row(row, 0);
  }

  /// Inside a (snapshot) transaction: trials with their intermediate values and phases.
  std::vector<study::Trial> load_trials(std::int64_t study_id,
                                        std::optional<study::TrialState> state,
                                        std::optional<std::int64_t> number) {
    std::string sql = std::string("SELECT ") + kTrialColumns + " FROM trials WHERE study_id = $1";
    std::vector<PgParam> params{pg_param(study_id)};
    if (state) {
      params.push_back(pg_param(study::to_string(*state)));
      sql += " AND state = $" + std::to_string(params.size());
    }
    std::string detail_filter = "t.study_id = $1";
    std::vector<PgParam> detail_params{pg_param(study_id)};
    if (number) {
      params.push_back(pg_param(*number));
      sql += " AND number = $" + std::to_string(params.size());
      detail_filter += " AND t.number = $2";
      detail_params.push_back(pg_param(*number));
    }
    sql += " ORDER BY number";
    PgResult rows = db_.exec(sql, params);
    std::vector<study::Trial> trials;
    std::map<std::int64_t, std::size_t> by_id;
    for (int i = 0; i < rows.rows(); ++i) {
      by_id[rows.integer(i, 0)] = trials.size();
      trials.push_back(trial_from_row(rows, i));
    }
    if (trials.empty()) return trials;
    PgResult intermediate = db_.exec(
        "SELECT i.trial_id, i.step, i.values_json FROM trial_intermediate i JOIN trials t ON "
        "t.id = i.trial_id WHERE " +
            detail_filter,
        detail_params);
    for (int i = 0; i < intermediate.rows(); ++i) {
      const auto it = by_id.find(intermediate.integer(i, 0));
      if (it == by_id.end()) continue;
      trials[it->second].intermediate[intermediate.integer(i, 1)] =
          detail::numbers_from_json(intermediate.text(i, 2));
    }
    PgResult phases = db_.exec(
        "SELECT p.trial_id, p.phase, p.start_monotonic_s, p.end_monotonic_s, p.start_unix_s, "
        "p.end_unix_s, p.duration_s, p.energy_json, p.meter, p.estimated, p.uncertainty_j, "
        "p.samples, p.net_energy_json, p.scope, p.details_json FROM trial_phases p JOIN trials t "
        "ON t.id = p.trial_id WHERE " +
            detail_filter + " ORDER BY p.id",
        detail_params);
    for (int i = 0; i < phases.rows(); ++i) {
      const auto it = by_id.find(phases.integer(i, 0));
      if (it == by_id.end()) continue;
      study::PhaseMeasurement p;
      p.phase = phases.text(i, 1);
      p.start_monotonic_s = phases.number(i, 2);
      p.end_monotonic_s = phases.number(i, 3);
      p.start_unix_s = phases.number(i, 4);
      p.end_unix_s = phases.number(i, 5);
      p.duration_s = phases.number(i, 6);
      p.energy_j = detail::numbers_from_json(phases.text(i, 7));
      p.meter = phases.text(i, 8);
      p.estimated = phases.boolean(i, 9);
      p.uncertainty_j = phases.number(i, 10);
      p.samples = phases.integer(i, 11);
      p.net_energy_j = detail::numbers_from_json(phases.text(i, 12));
      p.scope = phases.text(i, 13);
      detail::phase_details_from_json(phases.text(i, 14), p);
      trials[it->second].phases.push_back(std::move(p));
    }
    return trials;
  }

  PgConnection db_;
  std::mutex mutex_;  // one connection per storage object; serialise its users
};

}  // namespace

std::unique_ptr<Storage> open_postgres_storage(const std::string& url,
                                               const PostgresOptions& options) {
  return std::make_unique<PostgresStorage>(url, options);
}

}  // namespace ecopt::storage
