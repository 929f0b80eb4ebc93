#pragma once
// Puts finished trials into the storage, and rides out storage outages.
//
// Each outcome is a sequence of writes (phases, intermediate values and attributes,
// metrics, the meter, the outcome itself, then any re-queue or retry); after a failed
// write the outcome waits, and later resumes at that write instead of repeating earlier
// ones. A storage::StorageError (the storage has retried for a while by then) starts an
// outage instead of ending the run. An outage is judged by the operation that failed: it
// ends only when an operation of that kind (a read, a write) works again, so a database
// that can be read but not written (a read-only file) is an outage that lasts. After
// `give_up_after_s` of it, give_up() writes every result still waiting to the
// unrecorded-results file and throws.

#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/runner/retry_policy.hpp"
#include "ecopt/runner/trial_outcome.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::runner {

/// What a storage operation does, for judging an outage by the operation that failed.
enum class Access { read, write };

struct RecorderSettings {
  double give_up_after_s = 600.0;
  std::filesystem::path unrecorded_file;
  std::string meter_json;  ///< the trial attribute "meter": which meter measured it
  RetryPolicy retry;
};

/// What the recorder tells the loop, which shows it and counts it.
class RecorderEvents {
 public:
  virtual ~RecorderEvents() = default;
  virtual void warning(const std::string& text) = 0;
  virtual void trial_warning(const study::Trial& trial, const std::string& text) = 0;
  /// The outcome is recorded; `dropped`: another process had ended the trial first, so
  /// it went to the unrecorded-results file instead and does not count here.
  virtual void recorded(const TrialOutcome& outcome, bool dropped) = 0;
};

class Recorder {
 public:
  Recorder(study::Study& study, RecorderSettings settings, RecorderEvents& events);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  /// Runs a storage operation; false when it failed with a StorageError, which starts
  /// (or continues) an outage. Other exceptions pass.
  bool attempt(Access access, const std::function<void()>& operation);

  /// Records `outcome` after those still waiting; it waits too if the storage fails.
  void record(TrialOutcome outcome);
  /// Retries the waiting outcomes in order; true when none is left.
  bool flush();
  /// Whether outcomes wait for the storage.
  [[nodiscard]] bool pending() const { return !waiting_.empty(); }
  [[nodiscard]] bool in_outage() const { return outage_since_.has_value(); }
  /// Whether the outage has lasted `give_up_after_s`.
  [[nodiscard]] bool outage_expired() const;

  /// Writes every waiting outcome and `more` to the unrecorded-results file and throws
  /// storage::StorageError saying how long the storage was away and where they are.
  [[noreturn]] void give_up(std::vector<TrialOutcome> more);

 private:
  struct Waiting;
  bool record_writes(Waiting& w);
  void write(Waiting& w, std::size_t index);
  void tell(Waiting& w);
  void follow_up(const TrialOutcome& o);
  void write_unrecorded(const std::vector<const TrialOutcome*>& outcomes, const std::string& why);

  study::Study& study_;
  RecorderSettings settings_;
  RecorderEvents& events_;
  std::deque<std::unique_ptr<Waiting>> waiting_;
  std::optional<std::chrono::steady_clock::time_point> outage_since_;
  std::optional<Access> failed_access_;  ///< the kind of operation the outage is about
  std::string outage_error_;
};

}  // namespace ecopt::runner
