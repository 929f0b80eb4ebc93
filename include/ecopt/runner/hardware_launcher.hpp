#pragma once
// Hardware knobs around each trial (docs/hardware.md): a launcher that wraps the one that
// runs trials, applies the trial's `hardware:` values through the HardwareSession before
// it starts, places it on its CPUs, and puts every setting back when the trial is
// collected or dropped, however it ended (completed, crashed, timed out, interrupted).

#include <map>

#include "ecopt/hardware/hardware_session.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::runner {

/// The study's knobs and the values their parameters may take, for the session's checks.
[[nodiscard]] std::vector<hardware::KnobRequest> knob_requests(const study::StudyConfig& config);

class HardwareLauncher final : public TrialLauncher {
 public:
  /// `inner`, `session` and `config` must outlive the launcher and its trials.
  HardwareLauncher(TrialLauncher& inner, hardware::HardwareSession& session,
                   const study::StudyConfig& config)
      : inner_(inner), session_(session), config_(config) {}

  [[nodiscard]] LauncherInfo info() const override { return inner_.info(); }
  /// A trial whose settings cannot be applied does not run: it ends at once with the
  /// reason as its launch error, and nothing stays changed.
  std::unique_ptr<TrialProcess> launch(const study::Trial& trial,
                                       const std::filesystem::path& output_dir,
                                       std::function<void()> on_finished) override;

 private:
  TrialLauncher& inner_;
  hardware::HardwareSession& session_;
  const study::StudyConfig& config_;
};

}  // namespace ecopt::runner
