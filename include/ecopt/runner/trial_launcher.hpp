#pragma once
// Starting trials. The tune loop asks a TrialLauncher for each trial and gets back a
// TrialProcess it polls, stops and collects; ProcessLauncher runs the study's command
// under the energy meter (run_measured), and a test can give the loop a launcher of its
// own that runs nothing.

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ecopt/hardware/hardware_session.hpp"
#include "ecopt/runner/trial_outcome.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::runner {

/// What the launcher measures with, for the header `tune` prints.
struct LauncherInfo {
  std::string meter;                  ///< the meter's name
  bool estimated = false;             ///< whether any of its domains is an estimate
  std::string scope;                  ///< "process" or "system" attribution
  std::vector<std::string> warnings;  ///< shown when the run starts
};

/// A `report` a running trial sent: its step and values (the runner's energy so far
/// included), for the loop to store and judge.
struct StepReport {
  std::int64_t step = 0;
  std::map<std::string, double> values;
};

/// One running trial. Destroying it stops the trial and waits for it.
class TrialProcess {
 public:
  virtual ~TrialProcess() = default;
  /// Whether it ended; then result() returns at once.
  [[nodiscard]] virtual bool finished() const = 0;
  /// Waits for the end and returns what it gave back (once).
  virtual TrialRun result() = 0;
  /// SIGTERM to its process group now, SIGKILL after the grace; its result says
  /// interrupted.
  virtual void stop() = 0;
  /// Its energy so far (J), and what its next heartbeat carries.
  [[nodiscard]] virtual double energy_j() = 0;
  [[nodiscard]] virtual storage::TrialProgress progress() = 0;
  /// The reports that arrived since the last call, oldest first (launchers that do not
  /// watch reports return none).
  [[nodiscard]] virtual std::vector<StepReport> take_reports() { return {}; }
  /// Prunes it: the trial is told on its back channel and, after the pruner's grace,
  /// stopped by signals; its result says pruned, with `reason`.
  virtual void prune(const std::string& reason) { (void)reason; }
  /// The pruner judged its report at `step` and let it go on: the trial is told on its
  /// back channel, so a client waiting in report() for that verdict goes on at once.
  virtual void continue_after(std::int64_t step) { (void)step; }
};

class TrialLauncher {
 public:
  virtual ~TrialLauncher() = default;
  [[nodiscard]] virtual LauncherInfo info() const = 0;
  /// Starts `trial` with its output in `output_dir`; `on_finished` is called (from any
  /// thread) when it ends, so the loop can wake and collect it, and when it reports (with
  /// a pruner), so the loop can judge it.
  virtual std::unique_ptr<TrialProcess> launch(const study::Trial& trial,
                                               const std::filesystem::path& output_dir,
                                               std::function<void()> on_finished) = 0;
  /// `launch` on `placement`'s CPUs with its environment added (hardware knobs). A
  /// launcher that cannot place trials runs them as `launch` does.
  virtual std::unique_ptr<TrialProcess> launch_placed(const study::Trial& trial,
                                                      const std::filesystem::path& output_dir,
                                                      const hardware::TrialPlacement& placement,
                                                      std::function<void()> on_finished) {
    (void)placement;
    return launch(trial, output_dir, std::move(on_finished));
  }
};

}  // namespace ecopt::runner
