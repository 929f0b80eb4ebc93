#include "ecopt/study/hardware_values.hpp"

namespace ecopt::study {

std::map<HardwareKnob, double> hardware_values(const StudyConfig& config,
                                               const space::Params& params) {
  std::map<HardwareKnob, double> values;
  for (const HardwareKnob knob : config.hardware) {
    const auto it = params.find(std::string(to_string(knob)));
    if (it == params.end()) continue;
    // The study file allows only numbers for knobs.
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) {
      values[knob] = static_cast<double>(*i);
    } else if (const auto* d = std::get_if<double>(&it->second)) {
      values[knob] = *d;
    }
  }
  return values;
}

}  // namespace ecopt::study
