#pragma once
// Running a command (as argv, never through a shell) while measuring its energy, with
// the phases it marks through the trial protocol. The same code runs `ecopt measure`
// and every trial of `ecopt tune`.

#include <atomic>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ecopt/energy/window.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

/// Intermediate values kept per trial: steps beyond it are dropped with a protocol warning.
inline constexpr std::size_t kMaxReportStepsPerTrial = 10000;

struct ProcessOptions {
  std::map<std::string, std::string> extra_env;  ///< added to (and overriding) ecopt's environment
  std::string workdir;                           ///< empty: the current directory
  std::vector<int> cpus;  ///< the command's CPU affinity (hardware.cpu_cores); empty: ecopt's
  /// Where stdout and stderr go: empty inherits ecopt's; otherwise files stdout.log and
  /// stderr.log in this directory (created).
  std::string output_dir;
  double timeout_s = 0.0;        ///< 0: none. Then SIGTERM to the process group ...
  double kill_grace_s = 10.0;    ///< ... and SIGKILL this long after.
  bool stdout_protocol = false;  ///< also accept "ecopt: {json}" lines on stdout (needs output_dir)
  bool stdout_metrics = false;   ///< also accept Katib-style "name=value" lines on stdout
  const std::atomic<bool>* interrupt = nullptr;  ///< when set to true: terminate like a timeout
  /// A second such flag, e.g. Ctrl-C for every trial, seen even while the caller is busy.
  const std::atomic<bool>* interrupt_all = nullptr;
  /// Called (on the caller's thread) after each `report`, with the step's values as they
  /// are kept, the runner's energy so far (`energy.total`) included.
  std::function<void(std::int64_t step, const std::map<std::string, double>& values)> on_report;
  /// When set to true the trial is pruned: it is told on its back channel
  /// ($ECOPT_PRUNE_FD), and `prune_grace_s` later, if it has not exited, its process group
  /// gets SIGTERM (and SIGKILL after `kill_grace_s`).
  const std::atomic<bool>* prune = nullptr;
  double prune_grace_s = 30.0;
  /// The steps the pruner judged and let go on since the last call: taken on the caller's
  /// thread (about every 100 ms while the trial runs) and each answered on the back
  /// channel with continue_message(), so a client waiting in report() for its step's
  /// verdict goes on at once (docs/protocol.md). Unset: only a prune is ever sent.
  std::function<std::vector<std::int64_t>()> take_continued_steps;
};

/// The environment variable naming the back channel's fd (runner -> trial).
inline constexpr const char* kPruneFdVariable = "ECOPT_PRUNE_FD";
/// The line the runner writes on the back channel when it prunes the trial.
inline constexpr const char* kPruneMessage = "{\"prune\": true}\n";
/// The environment variable promising a verdict for every report (set only with a
/// pruner): how long, in seconds, a client's report() may wait for it.
inline constexpr const char* kVerdictWaitVariable = "ECOPT_VERDICT_WAIT_S";
/// Its value: long enough for the runner to store and judge a report on a loaded machine
/// (a few database writes); a verdict that comes later still stops the trial.
inline constexpr const char* kVerdictWaitText = "5";
/// The line the runner writes on the back channel when the pruner judged `step` and let
/// the trial go on: {"step": 3, "verdict": "continue"}.
[[nodiscard]] std::string continue_message(std::int64_t step);

struct MeasuredRun {
  int exit_status = 0;  ///< the command's exit code, or 128 + signal number
  bool timed_out = false;
  bool interrupted = false;
  bool pruned = false;            ///< the runner asked it to stop early, however it then ended
  study::PhaseMeasurement total;  ///< the whole run, phase "total"
  std::vector<study::PhaseMeasurement> phases;  ///< as the command marked them
  std::map<std::string, double> metrics;
  std::map<std::string, std::string> attrs;
  /// step -> values; each step also holds `energy.total`, the run's energy so far (J) when
  /// the step was reported, unless the trial reported that name itself.
  std::map<std::int64_t, std::map<std::string, double>> reports;
  std::vector<std::string> protocol_errors;  ///< malformed or unmatched messages
  std::string stderr_tail;                   ///< last lines of stderr (with output_dir)
  std::string stdout_tail;
  /// An in-process trial (function_launcher.hpp): what its function raised, in words;
  /// empty when it returned. Judged like a crash.
  std::string exception;
  /// An in-process trial: it could not be signalled, so a timeout or a prune took effect
  /// when it returned (the reasons say so).
  bool in_process = false;
};

/// The command could not be started: not found, not executable, or its working directory
/// is missing. `error_number` is the errno, so a caller can answer as a shell does (127 for
/// not found, 126 for found but not runnable).
class StartError : public std::runtime_error {
 public:
  StartError(const std::string& what, int error_number)
      : std::runtime_error(what), error_number_(error_number) {}
  [[nodiscard]] int error_number() const { return error_number_; }

 private:
  int error_number_;
};

/// Spawns `argv` in its own process group with $ECOPT_FD open for protocol messages (it
/// dies with the thread that started it, and what it leaves in its group is stopped when
/// it ends: SIGTERM, then SIGKILL after `kill_grace_s`),
/// tracks its process tree in `sampler` (which must be running), waits for it (enforcing
/// the timeout and the interrupt flag), and cuts the windows. Throws StartError when the
/// command cannot be started, naming it and why.
[[nodiscard]] MeasuredRun run_measured(const std::vector<std::string>& argv,
                                       energy::EnergySampler& sampler,
                                       const energy::WindowSettings& settings,
                                       const ProcessOptions& options = {});

/// The last `max_bytes` of a file, starting at a line boundary.
[[nodiscard]] std::string file_tail(const std::string& path, std::size_t max_bytes = 4096);

}  // namespace ecopt::runner
