#pragma once
// The machine profile: idle power per domain, measured by `ecopt calibrate`, so that
// measurements can report net energy (gross minus idle power x duration).

#include <map>
#include <optional>
#include <string>

#include "ecopt/energy/meter.hpp"

namespace ecopt::energy {

struct MachineProfile {
  std::string meter;                           ///< the meter that measured it
  std::map<std::string, double> idle_power_w;  ///< per domain
  double duration_s = 0.0;
  double measured_unix_s = 0.0;
  std::string cpu_model;
};

/// $ECOPT_PROFILE, else $XDG_STATE_HOME/ecopt/machine-profile.json, else
/// ~/.local/state/ecopt/machine-profile.json.
[[nodiscard]] std::string default_profile_path();

/// nullopt when the file does not exist; throws std::runtime_error naming the file when it
/// exists but cannot be read or parsed.
[[nodiscard]] std::optional<MachineProfile> load_profile(const std::string& path);
/// Writes atomically (temporary file + rename), creating the directory.
void save_profile(const std::string& path, const MachineProfile& profile);

/// Measures idle power per domain over `seconds` (the caller keeps the machine idle).
[[nodiscard]] MachineProfile calibrate_idle(Meter& meter, double seconds);

}  // namespace ecopt::energy
