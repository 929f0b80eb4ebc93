#include "ecopt/runner/tune.hpp"

#include "ecopt/runner/hardware_launcher.hpp"
#include "ecopt/runner/process_launcher.hpp"
#include "ecopt/runner/warm_start.hpp"
#include "guarded_process.hpp"
#include "launcher_info.hpp"
#include "tune_loop.hpp"

namespace ecopt::runner {

TuneSummary tune(study::Study& study, const TuneSettings& settings,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  // Checked first: a study whose knobs cannot be used is refused before anything runs.
  std::optional<hardware::HardwareSession> hardware;
  if (!study.config().hardware.empty()) {
    hardware.emplace(settings.hardware, knob_requests(study.config()), std::max(1, settings.jobs),
                     stderr);
  }
  // What a trial leaves behind is re-parented to ecopt, which stops it with the trial.
  become_child_subreaper();
  const LauncherSetup setup = set_up_launcher(study, settings, TrialHost::own_process);
  ProcessLauncher launcher(study.config(), *setup.detection.meter, setup.window,
                           settings.sample_interval_s, setup.info, &interrupt);
  if (!hardware) return tune(study, settings, launcher, interrupt, out);
  HardwareLauncher placed(launcher, *hardware, study.config());
  return tune(study, settings, placed, interrupt, out);
}

TuneSummary tune(study::Study& study, const TuneSettings& settings, TrialLauncher& launcher,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  // Read once, before any trial starts: an earlier study that cannot be used is refused
  // up front, and its trials do not change while this study runs.
  load_warm_start(study);
  TuneLoop loop(study, settings, launcher, out);
  return loop.run(interrupt);
}

}  // namespace ecopt::runner
