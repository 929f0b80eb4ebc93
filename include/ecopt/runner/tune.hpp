#pragma once
// `ecopt tune` and `ecopt worker`: run a study until its budget is spent. Asks the
// sampler for parameters, runs each trial as a process, measures its energy phase by
// phase, records everything, and shows progress and the growing Pareto set.
//
// The loop is made of parts, each with its own header: a TrialLauncher starts trials
// (trial_launcher.hpp, process_launcher.hpp), judge_trial turns a finished one into an
// outcome (trial_outcome.hpp), the Recorder writes outcomes and rides out storage
// outages (recorder.hpp), the BudgetPolicy says when to stop (budget_policy.hpp), the
// RetryPolicy what follows a failure (retry_policy.hpp), and RunLayout where the files
// go (run_layout.hpp).
//
// Budgets: trials (finished trials of the study that storage::counts_towards_budget
// accepts, plus running ones, of every process sharing the study: the storage checks the
// count when it starts a trial, so workers together never overshoot), energy
// (committed_energy_j: the finished trials' measured energy plus the running trials'
// energy so far, this process's read live from their samplers, other workers' from their
// heartbeats), and wall-clock time (of this run; for shared workers, since the study's
// first trial). When one is reached no new trial starts; running trials finish, so the
// energy can end above its budget, by at most what the trials running then still use: the
// summary says by how much.
//
// Ctrl-C (SIGINT/SIGTERM): no new trial starts, running trials get SIGTERM (then SIGKILL
// after their grace), and are recorded as FAIL "interrupted" and, by default, re-queued
// with the same parameters, so running `ecopt tune` again resumes with no trial lost or
// run twice.
//
// Heartbeats and dead workers: every running trial heartbeats every few seconds, with its
// energy so far and its mean power since the previous heartbeat; RUNNING
// trials whose heartbeat is older than `stale_after_s` (their process was killed, their
// node lost) are failed and re-queued, at start and every `stale_check_interval_s`, by
// whichever process sharing the study looks first. While the trial budget is taken up by
// other processes' running trials, tune waits for them rather than stopping, so a
// re-queued trial still runs.
//
// Storage outages: a result that cannot be recorded is kept and retried (no new trial
// starts meanwhile). An outage lasts until an operation of the kind that failed works
// again. After `give_up_after_s` of it, tune stops its trials,
// writes every unrecorded result to `unrecorded_file` as JSON lines, and throws
// storage::StorageError saying where they are.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "ecopt/energy/baseline.hpp"
#include "ecopt/energy/carbon.hpp"
#include "ecopt/energy/detection.hpp"
#include "ecopt/hardware/knob_status.hpp"
#include "ecopt/runner/budget_policy.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::runner {

struct TuneSettings {
  std::optional<std::int64_t> trials;     ///< overrides the study's budget.trials
  std::optional<double> energy_budget_j;  ///< overrides budget.energy
  std::optional<double> time_budget_s;    ///< overrides budget.time
  int jobs = 1;
  bool quiet = false;
  bool json_log = false;  ///< JSON lines of events on `out` instead of text
  bool requeue_interrupted = true;
  double stale_after_s = 60.0;  ///< RUNNING trials without a heartbeat this long are recovered
  double heartbeat_interval_s = 2.0;
  double stale_check_interval_s = 10.0;  ///< how often to look for stale trials; 0: at start only
  /// Workers sharing the study (`ecopt worker`): the time budget runs from the study's
  /// first trial instead of from this process's start.
  bool shared = false;
  std::string program = "tune";  ///< how the output names this process
  /// How long results wait for an unreachable storage before they go to the file.
  double give_up_after_s = 600.0;
  std::string unrecorded_file;  ///< default: RunLayout::unrecorded_file()
  energy::DetectionSettings meters;
  double sample_interval_s = 0.1;  ///< how often each trial's sampler reads the meters
  energy::CarbonSettings carbon{472.94, 1.0, "Ember yearly average for WORLD (CC BY-SA 4.0)"};
  /// The region `carbon` was looked up for (recorded in the study's context); "" when the
  /// intensity was given by hand.
  std::string grid_region = "WORLD";
  std::optional<energy::MachineProfile> baseline;
  /// Where the study's `hardware:` knobs live, its restore journal and the host lock.
  hardware::HardwareSettings hardware = hardware::hardware_settings_from_env();
};

struct TuneSummary {
  std::int64_t completed = 0;  ///< in this run
  std::int64_t failed = 0;
  std::int64_t interrupted = 0;
  std::int64_t pruned = 0;
  double energy_j = 0.0;              ///< measured in this run
  bool estimated = false;             ///< whether that energy is an estimate
  std::string stop_reason;            ///< "trial budget reached", "interrupted", ... (for people)
  bool stopped_by_interrupt = false;  ///< Ctrl-C or SIGTERM stopped the run
  /// The whole study's energy at the end (committed_energy_j: every process's trials),
  /// and the part of it in trials other workers are still running.
  double study_energy_j = 0.0;
  double study_running_energy_j = 0.0;
  std::optional<double> energy_budget_j;  ///< the budget this run had, if any
  /// How far the study's energy went over the budget (0 when within it or without one).
  [[nodiscard]] double overshoot_j() const {
    return energy_budget_j ? std::max(0.0, study_energy_j - *energy_budget_j) : 0.0;
  }
};

/// Runs the study: its trials run as processes (ProcessLauncher) under the meters that
/// settings.meters detects, with the study's `hardware:` knobs applied around each
/// (HardwareLauncher) and restored at the end. `interrupt` is set by the caller's signal
/// handler. Throws std::runtime_error before any trial starts when the runs_dir cannot be
/// written, and hardware::HardwareError when the knobs cannot be used (unavailable, no
/// privilege, out of range, another ecopt holds the host's hardware).
TuneSummary tune(study::Study& study, const TuneSettings& settings,
                 const std::atomic<bool>& interrupt, std::FILE* out);

/// The same loop with trials from `launcher` (a test's launcher that runs no process).
TuneSummary tune(study::Study& study, const TuneSettings& settings, TrialLauncher& launcher,
                 const std::atomic<bool>& interrupt, std::FILE* out);

}  // namespace ecopt::runner
