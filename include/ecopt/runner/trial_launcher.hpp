#pragma once
// Starting trials. The tune loop asks a TrialLauncher for each trial and gets back a
// TrialProcess it polls, stops and collects; ProcessLauncher runs the study's command
// under the energy meter (run_measured), and a test can give the loop a launcher of its
// own that runs nothing.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

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
};

class TrialLauncher {
 public:
  virtual ~TrialLauncher() = default;
  [[nodiscard]] virtual LauncherInfo info() const = 0;
  /// Starts `trial` with its output in `output_dir`; `on_finished` is called (from any
  /// thread) when it ends, so the loop can wake and collect it.
  virtual std::unique_ptr<TrialProcess> launch(const study::Trial& trial,
                                               const std::filesystem::path& output_dir,
                                               std::function<void()> on_finished) = 0;
};

}  // namespace ecopt::runner
