#pragma once
// Where studies and trials live. One interface, several backends (SQLite for one
// machine, PostgreSQL for workers on many), all with the same semantics:
//   - every state change is one transaction;
//   - trial numbers are allocated atomically, so concurrent workers never collide;
//   - a WAITING (enqueued) trial is claimed by exactly one worker;
//   - finishing a trial is optimistic: it succeeds only while the trial is RUNNING, so a
//     trial is never completed twice.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::storage {

/// A storage that cannot be used: unreadable, corrupt, locked too long, written by a
/// newer ecopt, or a bad URL. The message says which file or server and what to do.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StudyRecord {
  std::int64_t id = 0;
  study::StudyConfig config;
  double created_unix_s = 0.0;
  double updated_unix_s = 0.0;
  std::map<std::string, std::string> user_attrs;  ///< JSON text per key
};

/// Who runs a trial, recorded with it.
struct WorkerInfo {
  std::string host;
  std::string worker_id;
};

/// The outcome of a trial.
struct TrialResult {
  study::TrialState state = study::TrialState::complete;  ///< COMPLETE, PRUNED or FAIL
  std::vector<double> values;                             ///< objective values (COMPLETE)
  std::map<std::string, double> constraint_values;
  /// Why PRUNED or FAIL, for code (budgets, retries); none for COMPLETE.
  study::FailureKind failure_kind = study::FailureKind::none;
  std::string error;  ///< why PRUNED or FAIL, for people
  /// The trial's last lines of stderr (FAIL); stored through study::bounded_stderr_tail.
  std::string stderr_tail;
};

/// What a heartbeat carries besides "still alive": the trial's energy so far and its
/// current power, so a shared energy budget and a live view can count running trials.
struct TrialProgress {
  std::optional<double> energy_j;
  std::optional<double> power_w;
};

/// What to do with RUNNING trials whose worker stopped sending heartbeats.
enum class StaleAction {
  fail,     ///< mark them FAIL with the reason
  requeue,  ///< mark them FAIL and enqueue their parameters again as a new WAITING trial
};

class Storage {
 public:
  virtual ~Storage() = default;

  /// The URL this storage was opened with.
  [[nodiscard]] virtual std::string url() const = 0;

  // --- studies ---
  /// Throws StorageError when a study of that name exists.
  virtual StudyRecord create_study(const study::StudyConfig& config) = 0;
  virtual std::optional<StudyRecord> find_study(const std::string& name) = 0;
  virtual std::vector<StudyRecord> list_studies() = 0;
  /// Deletes the study and all its trials; false when there was none.
  virtual bool delete_study(const std::string& name) = 0;
  /// Sets a study attribute (JSON text), e.g. the baseline a report compares against.
  virtual void set_study_user_attr(std::int64_t study_id, const std::string& key,
                                   const std::string& json_value) = 0;

  // --- trials ---
  /// One transaction: claims the oldest WAITING trial of the study if there is one;
  /// otherwise allocates the next trial number, calls `sample(number)` for parameters
  /// and inserts the trial. Either way it returns a RUNNING trial.
  virtual study::Trial start_trial(std::int64_t study_id, const WorkerInfo& worker,
                                   const std::function<space::Params(std::int64_t)>& sample) = 0;
  /// Like start_trial, but only while fewer than `max_trials` trials of the study count
  /// towards a trial budget (RUNNING ones, and finished ones that counts_towards_budget
  /// accepts); returns nothing once they are that many. The count and the start are one
  /// transaction, so workers sharing a budget together never start more.
  virtual std::optional<study::Trial> start_trial_within_budget(
      std::int64_t study_id, std::int64_t max_trials, const WorkerInfo& worker,
      const std::function<space::Params(std::int64_t)>& sample) = 0;
  /// Adds a WAITING trial with user-chosen parameters; it runs before sampled ones.
  virtual study::Trial enqueue_trial(std::int64_t study_id, const space::Params& params) = 0;
  /// Records the outcome if the trial is still RUNNING and returns true; returns false
  /// (and changes nothing) when it is not, e.g. another worker already failed it.
  virtual bool finish_trial(std::int64_t trial_id, const TrialResult& result) = 0;

  /// Merges `metrics` (and the standard uncertainties of those that have one) into the
  /// trial's.
  virtual void record_metrics(std::int64_t trial_id, const std::map<std::string, double>& metrics,
                              const std::map<std::string, double>& uncertainties) = 0;
  virtual void record_intermediate(std::int64_t trial_id, std::int64_t step,
                                   const std::map<std::string, double>& values) = 0;
  /// Many steps' intermediate values in one transaction (one sync, not one per step), as
  /// the runner records a finished trial's reports.
  virtual void record_intermediate_steps(
      std::int64_t trial_id,
      const std::map<std::int64_t, std::map<std::string, double>>& steps) = 0;
  virtual void record_phase(std::int64_t trial_id, const study::PhaseMeasurement& phase) = 0;
  virtual void set_trial_user_attr(std::int64_t trial_id, const std::string& key,
                                   const std::string& json_value) = 0;
  /// Marks a RUNNING trial alive now, with its progress (fields left empty keep their
  /// stored values).
  virtual void heartbeat(std::int64_t trial_id, const TrialProgress& progress) = 0;

  /// Trials of a study in number order, optionally only those in `state`.
  virtual std::vector<study::Trial> trials(std::int64_t study_id,
                                           std::optional<study::TrialState> state = {}) = 0;
  virtual std::optional<study::Trial> trial(std::int64_t study_id, std::int64_t number) = 0;

  /// Fails (and with `requeue` re-enqueues) RUNNING trials whose last heartbeat (or start)
  /// is older than `max_age_s`. Returns the trials it failed.
  virtual std::vector<study::Trial> recover_stale_trials(std::int64_t study_id, double max_age_s,
                                                         StaleAction action) = 0;

  /// Copies a study from another storage in one transaction: its configuration, times and
  /// attributes, and every trial as it is (number, state, values, phases, host ...). Throws
  /// StorageError when a study of that name exists. Returns the new record.
  virtual StudyRecord import_study(const StudyRecord& study,
                                   const std::vector<study::Trial>& trials) = 0;
};

/// Whether a finished trial counts towards a trial budget, by its failure kind
/// (study::counts_towards_budget): interrupted trials and stale ones that were re-queued
/// do not, their parameters run again as a new trial.
[[nodiscard]] bool counts_towards_budget(const study::Trial& trial);

/// `url` with its password replaced by `***`, for messages, logs and stored settings. The
/// password is in the userinfo (up to the URL's last '@', so a raw '/', '?' or '@' in it
/// is covered) or in a `password=` parameter; any number of slashes may follow the scheme.
[[nodiscard]] std::string redact_url(const std::string& url);

/// `text` (say, a message of libpq's) with `url` itself and every form of its password
/// (raw or percent-decoded) replaced by their redacted forms.
[[nodiscard]] std::string redact_secrets(std::string text, const std::string& url);

/// Opens a storage by URL: `sqlite:///relative/path.db` or `sqlite:////absolute/path.db`
/// (Optuna's form), or `postgresql://user:password@host:port/database` (also
/// `postgres://`; see postgres_storage.hpp). Throws StorageError for an unknown scheme, an
/// unusable file or an unreachable server.
[[nodiscard]] std::unique_ptr<Storage> open_storage(const std::string& url);

}  // namespace ecopt::storage
