#pragma once
// The study records its own context (internal to tune): at every `ecopt tune` and `ecopt
// worker` start, this host's facts (energy::HostFacts) and the meter and grid intensity
// the run uses, as the study attribute "host.HOSTNAME". Several workers' hosts
// accumulate; a host that starts again replaces its own entry.

#include <string>

#include "ecopt/energy/detection.hpp"
#include "ecopt/runner/tune.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::runner {

/// Collects and records the facts. Returns "" once recorded, else why not (the storage
/// failed): the run goes on without them.
[[nodiscard]] std::string record_host_context(study::Study& study, const energy::Meter& meter,
                                              const TuneSettings& settings);

}  // namespace ecopt::runner
