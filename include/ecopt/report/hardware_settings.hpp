#pragma once
// The hardware settings a trial was measured with, in words: "150 W, 2.4 GHz, 4 cores".
// The report reads them from the trial's recorded parameters (study file `hardware:`).

#include <map>
#include <string>

#include "ecopt/study/config_enums.hpp"

namespace ecopt::report {

/// The settings with their units, in the knobs' order, joined by ", "; "" for none.
[[nodiscard]] std::string hardware_settings_text(
    const std::map<study::HardwareKnob, double>& settings);

}  // namespace ecopt::report
