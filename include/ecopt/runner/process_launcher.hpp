#pragma once
// The launcher `ecopt tune` uses: each trial is the study's command (as argv, never
// through a shell) run by run_measured on a thread of its own, with its own sampler of
// the shared meter, so its energy is read while it runs (heartbeats, the energy budget)
// and cut into windows when it ends.

#include <atomic>
#include <memory>

#include "ecopt/energy/device_sharing.hpp"
#include "ecopt/energy/window.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::runner {

class ProcessLauncher final : public TrialLauncher {
 public:
  /// `meter` is shared by every trial's sampler (reads are serialised) and must outlive
  /// the launcher and its trials. When `interrupt` (the caller's Ctrl-C flag) is set,
  /// every trial is stopped at once, whatever the loop is busy with.
  ProcessLauncher(const study::StudyConfig& config, energy::Meter& meter,
                  energy::WindowSettings window, double sample_interval_s, LauncherInfo info,
                  const std::atomic<bool>* interrupt = nullptr);
  ~ProcessLauncher() override;

  [[nodiscard]] LauncherInfo info() const override { return info_; }
  std::unique_ptr<TrialProcess> launch(const study::Trial& trial,
                                       const std::filesystem::path& output_dir,
                                       std::function<void()> on_finished) override;
  std::unique_ptr<TrialProcess> launch_placed(const study::Trial& trial,
                                              const std::filesystem::path& output_dir,
                                              const hardware::TrialPlacement& placement,
                                              std::function<void()> on_finished) override;

 private:
  const study::StudyConfig& config_;
  std::unique_ptr<energy::Meter> meter_;  ///< the shared meter behind a lock
  double sample_interval_s_;              ///< how often each trial's sampler reads the meters
  energy::DeviceSharing device_sharing_;
  energy::WindowSettings window_;
  LauncherInfo info_;
  const std::atomic<bool>* interrupt_;
};

}  // namespace ecopt::runner
