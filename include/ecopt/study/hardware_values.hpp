#pragma once
// A trial's hardware settings: the values of the study's `hardware:` knobs among its
// parameters, which the runner applied and the report states.

#include <map>

#include "ecopt/space/value.hpp"
#include "ecopt/study/study_config.hpp"

namespace ecopt::study {

/// The knob values among `params`, in the knob's unit (W, kHz, cores). Knobs missing from
/// `params` are left out.
[[nodiscard]] std::map<HardwareKnob, double> hardware_values(const StudyConfig& config,
                                                             const space::Params& params);

}  // namespace ecopt::study
