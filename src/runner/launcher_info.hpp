#pragma once
// What a launcher measures with, for the header tune prints (internal to tune and
// optimize): the meter, whether it estimates, and the attribution scope.

#include "ecopt/energy/meter.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::runner {

/// The attribution the study asks for, and a warning when it cannot be had: with several
/// trials at once, system attribution would charge each the whole machine.
[[nodiscard]] LauncherInfo launcher_info(const study::StudyConfig& config, int jobs,
                                         const energy::Meter& meter);

}  // namespace ecopt::runner
