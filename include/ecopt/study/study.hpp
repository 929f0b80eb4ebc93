#pragma once
// A study: ask for a trial, tell its outcome, query the results. Usable without the CLI.
//
// Layering: the study's data (StudyConfig, Trial) is plain data shared by storage and
// optim; this class sits above both, joining a Storage (where trials live) with a Sampler
// (which chooses parameters).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/optim/sampler.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::study {

/// What Study::tell did. Not recording is an expected outcome, not an error: another
/// worker may have failed the trial as stale while it ran, or it was told already.
struct [[nodiscard]] TellResult {
  bool recorded = false;
  std::string why_not;  ///< when not recorded: the trial's state now and why, in words
};

/// `config` as storages keep and print it: its storage URL's password redacted.
[[nodiscard]] StudyConfig as_stored(StudyConfig config);

class Study {
 public:
  /// Creates the study in `storage`, keeping `config` as_stored. Throws
  /// storage::StorageError when one of that name exists.
  static Study create(storage::Storage& storage, const StudyConfig& config);
  /// Opens an existing study. Throws storage::StorageError naming the storage and how to
  /// create the study when there is none.
  static Study open(storage::Storage& storage, const std::string& name);

  [[nodiscard]] const StudyConfig& config() const { return record_.config; }
  /// Whether `file_config` (read from a study file) defines this study.
  [[nodiscard]] bool defined_by(const StudyConfig& file_config) const;
  [[nodiscard]] std::int64_t id() const { return record_.id; }
  [[nodiscard]] const storage::StudyRecord& record() const { return record_; }
  [[nodiscard]] storage::Storage& storage() const { return *storage_; }

  /// A RUNNING trial: the oldest enqueued one if any, else one with the sampler's
  /// parameters.
  Trial ask(const storage::WorkerInfo& worker = local_worker());
  /// Like ask, but only while fewer than `max_trials` trials count towards the trial
  /// budget (storage::Storage::start_trial_within_budget); nothing once they are that
  /// many. Workers sharing a study use it so that together they never start more.
  std::optional<Trial> ask_within_budget(std::int64_t max_trials,
                                         const storage::WorkerInfo& worker = local_worker());
  /// Completes a trial with one value per objective (in study order). `metrics` are
  /// recorded too and feed the constraints. Throws std::invalid_argument for a wrong
  /// number of values or a non-finite one. Records nothing, and says why, when the trial is
  /// no longer RUNNING (already told, or failed as stale by another worker).
  TellResult tell(const Trial& trial, const std::vector<double>& values,
                  const std::map<std::string, double>& metrics = {});
  /// Ends a trial as PRUNED (kind pruned) or FAIL (kind failed) with a reason for people.
  TellResult tell(const Trial& trial, TrialState state, const std::string& reason);
  /// Ends a trial as PRUNED (kind pruned) or FAIL (any other kind but none) with a reason
  /// for people and, when it crashed, the last lines of its stderr (kept bounded and as
  /// valid UTF-8, study::bounded_stderr_tail); budgets and retries act on the kind.
  TellResult tell(const Trial& trial, FailureKind kind, const std::string& reason,
                  const std::string& stderr_tail = {});
  /// Adds a trial with user-chosen parameters (a baseline, a warm start); it runs before
  /// sampled ones. Fixed parameters may be omitted. Throws std::invalid_argument listing
  /// every problem with the parameters.
  Trial enqueue(space::Params params);

  [[nodiscard]] std::vector<Trial> trials(std::optional<TrialState> state = {}) const;
  /// COMPLETE trials that satisfy every constraint.
  [[nodiscard]] std::vector<Trial> feasible_trials() const;
  /// The feasible trials no other feasible trial dominates, in number order.
  [[nodiscard]] std::vector<Trial> pareto_set() const;
  /// The feasible trial best in objective `objective_index`, if any. `extra` constraints
  /// apply on top of the study's, e.g. "energy.inference.per_sample <= 0.002" to ask for
  /// the most accurate model within an energy budget; a constraint's metric is looked up
  /// among the objectives, then the trial's metrics.
  [[nodiscard]] std::optional<Trial> best_trial(std::size_t objective_index = 0,
                                                const std::vector<Constraint>& extra = {}) const;
  /// Sets a study attribute; `json_value` is JSON text.
  void set_user_attr(const std::string& key, const std::string& json_value);
  /// See storage::Storage::recover_stale_trials.
  std::vector<Trial> recover_stale_trials(double max_age_s, storage::StaleAction action);

  /// This host's name and process id.
  static storage::WorkerInfo local_worker();

  /// The earlier study's trials that `sampler.warm_start` names, for the sampler to learn
  /// from; the runner reads them from storage (runner/warm_start.hpp). Null: none.
  void set_warm_start(std::shared_ptr<const optim::WarmStart> warm_start) {
    warm_start_ = std::move(warm_start);
  }

 private:
  Study(storage::Storage& storage, storage::StudyRecord record);
  std::optional<Trial> ask_impl(const storage::WorkerInfo& worker,
                                std::optional<std::int64_t> max_trials);
  TellResult finish(const Trial& trial, const storage::TrialResult& result);

  storage::Storage* storage_;
  storage::StudyRecord record_;
  std::unique_ptr<optim::Sampler> sampler_;
  std::shared_ptr<const optim::WarmStart> warm_start_;
};

/// Whether a COMPLETE trial satisfies every constraint of `config` (a constraint whose
/// metric was not reported counts as violated).
[[nodiscard]] bool is_feasible(const Trial& trial, const StudyConfig& config);

/// The feasible trials of `trials` that no other feasible one dominates, in their order.
[[nodiscard]] std::vector<Trial> pareto_set(const std::vector<Trial>& trials,
                                            const StudyConfig& config);

}  // namespace ecopt::study
