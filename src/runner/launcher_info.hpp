#pragma once
// What a launcher measures with (internal to tune and optimize): the meters, the header
// tune prints (the meter, whether it estimates, the attribution scope, warnings) and the
// windows' settings, set up the same way for trial processes and in-process trials.

#include "ecopt/energy/detection.hpp"
#include "ecopt/energy/meter.hpp"
#include "ecopt/energy/window.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/study/study.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::runner {

/// Where the trials run: each in a process of its own (tune), or all in this one
/// (optimize), where trials running at once share the process's attribution.
enum class TrialHost { own_process, this_process };

/// The meters a run measures with and how its windows are cut.
struct LauncherSetup {
  energy::Detection detection;  ///< the meters (settings.meters); must outlive the launcher
  LauncherInfo info;
  energy::WindowSettings window;  ///< points into settings.baseline
};

/// Detects the meters, decides the attribution (the study's run.scope; with several
/// trials at once, system attribution would charge each the whole machine, so process
/// is used, with a warning; trials sharing this process are each charged all of its
/// share while they overlap, also with a warning), and records this host's context in the
/// study (a storage failure there becomes a warning: the run goes on without it).
[[nodiscard]] LauncherSetup set_up_launcher(study::Study& study, const TuneSettings& settings,
                                            TrialHost host);

}  // namespace ecopt::runner
