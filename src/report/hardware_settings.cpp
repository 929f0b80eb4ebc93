#include "ecopt/report/hardware_settings.hpp"

#include "ecopt/hardware/knob_status.hpp"

namespace ecopt::report {

std::string hardware_settings_text(const std::map<study::HardwareKnob, double>& settings) {
  std::string text;
  for (const auto& [knob, value] : settings)
    text += (text.empty() ? "" : ", ") + hardware::format_knob_value(knob, value);
  return text;
}

}  // namespace ecopt::report
