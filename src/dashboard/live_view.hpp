#pragma once
// What a static report cannot show, read from the stored trials as they are now: the
// running trials (their heartbeats carry energy so far and current power into the
// storage), the failed ones with their reason and stderr tail, and the budget used and
// left. Pure functions of the study's record, its trials and the time now.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/storage/storage.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::dashboard {

struct RunningTrial {
  std::int64_t number = 0;
  std::string host;
  std::string worker_id;
  std::optional<double> elapsed_s;        ///< since it started
  std::optional<double> energy_j;         ///< so far, from its last heartbeat
  std::optional<double> power_w;          ///< over the last heartbeat interval
  std::optional<double> heartbeat_age_s;  ///< since its last heartbeat
};

struct FailedTrial {
  std::int64_t number = 0;
  std::string kind;         ///< study::FailureKind's name: crashed, timeout ...
  std::string reason;       ///< the first line of its error
  std::string stderr_tail;  ///< the last lines of its stderr, when the runner kept them
  std::optional<double> finished_unix_s;
};

/// One budget: what is used and, where the study sets a limit, the limit and what is left.
struct BudgetLine {
  std::string quantity;  ///< "trials", "energy", "time"
  double used = 0.0;     ///< trials, J or s
  std::optional<double> limit;
  std::optional<double> left;
};

struct LiveView {
  std::vector<RunningTrial> running;
  std::vector<FailedTrial> failed;  ///< newest first
  std::vector<BudgetLine> budget;   ///< trials, energy, time
  std::int64_t finished = 0;        ///< COMPLETE, PRUNED or FAIL
};

/// The live parts of a study's page at `now_unix_s`.
[[nodiscard]] LiveView live_view(const storage::StudyRecord& record,
                                 const std::vector<study::Trial>& trials, double now_unix_s);

/// A failed trial as the live view shows it: the first line of its error, and its stderr
/// tail as stored.
[[nodiscard]] FailedTrial failed_trial(const study::Trial& trial);

}  // namespace ecopt::dashboard
