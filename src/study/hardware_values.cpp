#include "ecopt/study/hardware_values.hpp"

#include <nlohmann/json.hpp>

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

std::string applied_hardware_json(const std::map<HardwareKnob, double>& values) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [knob, value] : values) j[std::string(to_string(knob))] = value;
  return j.dump();
}

std::map<HardwareKnob, double> hardware_values(const StudyConfig& config, const Trial& trial) {
  std::map<HardwareKnob, double> values = hardware_values(config, trial.params);
  const auto attr = trial.user_attrs.find(kAppliedHardwareAttr);
  if (attr == trial.user_attrs.end()) return values;
  const nlohmann::json applied = nlohmann::json::parse(attr->second, nullptr, false);
  if (!applied.is_object()) return values;
  for (auto& [knob, value] : values) {
    const auto it = applied.find(std::string(to_string(knob)));
    if (it != applied.end() && it->is_number()) value = it->get<double>();
  }
  return values;
}

}  // namespace ecopt::study
