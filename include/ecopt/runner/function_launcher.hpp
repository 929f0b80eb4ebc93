#pragma once
// Trials as a function called in this process (the Python module's Study.optimize): the
// same tune loop as `ecopt tune` (budgets, recording, retries, Ctrl-C, the display), with
// a launcher that calls the function on a thread of its own under its own sampler, so
// phases and derived objectives (energy.inference.per_sample) are measured as a trial
// process's are. The whole call is the trial's "total" window.
//
// A function cannot be killed as a process can: stop() (Ctrl-C) sets the trial's
// stop_requested() and calls its on_stop hook; the trial is recorded as interrupted when
// it then returns or raises. The study's pruner judges its report_step()s as a trial
// process's reports, and run.timeout sets its deadline: both are cooperative
// (InProcessTrial::should_prune()), and the trial is recorded PRUNED or timed out when
// it returns, whatever it returns.

#include <atomic>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ecopt/energy/device_sharing.hpp"
#include "ecopt/runner/in_process_trial.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::runner {

/// Runs one trial; returns metrics to record (objectives among them). What it throws
/// fails the trial with the exception's message as the reason (FailureKind::crashed).
using TrialFunction = std::function<std::map<std::string, double>(InProcessTrial&)>;

class FunctionLauncher final : public TrialLauncher {
 public:
  /// `meter` is shared by every trial's sampler and must outlive the launcher; so must
  /// `config` (its pruner and run.timeout apply to each trial).
  FunctionLauncher(TrialFunction function, const study::StudyConfig& config, energy::Meter& meter,
                   energy::WindowSettings window, double sample_interval_s, LauncherInfo info);
  ~FunctionLauncher() override;

  [[nodiscard]] LauncherInfo info() const override { return info_; }
  std::unique_ptr<TrialProcess> launch(const study::Trial& trial,
                                       const std::filesystem::path& output_dir,
                                       std::function<void()> on_finished) override;

 private:
  TrialFunction function_;
  const study::StudyConfig& config_;
  std::unique_ptr<energy::Meter> meter_;  ///< the shared meter behind a lock
  double sample_interval_s_;
  energy::DeviceSharing device_sharing_;
  energy::WindowSettings window_;
  LauncherInfo info_;
};

/// tune() with trials from `function`: detects the meters (settings.meters), records the
/// host's context, and runs the loop. Scope "process" charges each trial this process's
/// share of the machine; trials running at once (jobs > 1) share one process, so each is
/// charged all of it while they overlap (the launcher's warning says so).
TuneSummary optimize(study::Study& study, const TrialFunction& function,
                     const TuneSettings& settings, const std::atomic<bool>& interrupt,
                     std::FILE* out);

}  // namespace ecopt::runner
