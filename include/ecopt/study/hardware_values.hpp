#pragma once
// A trial's hardware settings: the values of the study's `hardware:` knobs among its
// parameters, which the runner applies, and the values the devices took (read back after
// setting: cpufreq resolves a cap to a listed frequency, NVML may clamp a limit), which
// the runner records with the trial and the report states.

#include <map>

#include "ecopt/space/value.hpp"
#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::study {

/// The trial user attribute holding the knob values the devices took, as JSON
/// {"gpu_power_limit_w": 150, ...}.
inline constexpr const char* kAppliedHardwareAttr = "hardware_applied";

/// `values` as kAppliedHardwareAttr's JSON text.
[[nodiscard]] std::string applied_hardware_json(const std::map<HardwareKnob, double>& values);

/// The settings `trial` ran with: the values the devices took where recorded
/// (kAppliedHardwareAttr), else its parameters' (trials recorded before it was).
[[nodiscard]] std::map<HardwareKnob, double> hardware_values(const StudyConfig& config,
                                                             const Trial& trial);

/// The knob values among `params`, in the knob's unit (W, kHz, cores). Knobs missing from
/// `params` are left out.
[[nodiscard]] std::map<HardwareKnob, double> hardware_values(const StudyConfig& config,
                                                             const space::Params& params);

}  // namespace ecopt::study
