#include "ecopt/energy/baseline.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "cpu_tdp_table.hpp"

namespace ecopt::energy {

std::string default_profile_path() {
  if (const char* env = std::getenv("ECOPT_PROFILE"); env != nullptr && *env != '\0') return env;
  if (const char* state = std::getenv("XDG_STATE_HOME"); state != nullptr && *state != '\0') {
    return std::string(state) + "/ecopt/machine-profile.json";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/state/ecopt/machine-profile.json";
}

std::optional<MachineProfile> load_profile(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error(path + ": cannot read the machine profile; check its permissions");
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    MachineProfile profile;
    profile.meter = j.at("meter").get<std::string>();
    profile.idle_power_w = j.at("idle_power_w").get<std::map<std::string, double>>();
    profile.duration_s = j.value("duration_s", 0.0);
    profile.measured_unix_s = j.value("measured_unix_s", 0.0);
    profile.cpu_model = j.value("cpu_model", std::string());
    return profile;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not a valid machine profile (" + e.what() +
                             "); run `ecopt calibrate` again or delete the file");
  }
}

void save_profile(const std::string& path, const MachineProfile& profile) {
  const std::filesystem::path target(path);
  // The profile is written to PATH.tmp and renamed over PATH. Renaming over a device or
  // pipe (`--profile /dev/null` as root) would replace it with a regular file, so refuse.
  std::error_code status_error;
  const auto target_status = std::filesystem::status(target, status_error);
  if (std::filesystem::exists(target_status) && !std::filesystem::is_regular_file(target_status))
    throw std::runtime_error(path +
                             ": not a regular file; give --profile the path of a file "
                             "(it is created if missing)");
  if (target.has_parent_path()) std::filesystem::create_directories(target.parent_path());
  const nlohmann::ordered_json j{{"meter", profile.meter},
                                 {"idle_power_w", profile.idle_power_w},
                                 {"duration_s", profile.duration_s},
                                 {"measured_unix_s", profile.measured_unix_s},
                                 {"cpu_model", profile.cpu_model}};
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error(temporary + ": cannot write the machine profile");
  }
  std::filesystem::rename(temporary, target);
}

MachineProfile calibrate_idle(Meter& meter, double seconds) {
  const MeterReading first = meter.read();
  // Read often enough that a wrapping counter is unwrapped correctly.
  const double step_s = std::min(0.5, meter.max_read_interval_s());
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::duration<double>(step_s));
    (void)meter.read();
  }
  const MeterReading last = meter.read();
  MachineProfile profile;
  profile.meter = meter.name();
  profile.duration_s = last.timestamp_s - first.timestamp_s;
  profile.measured_unix_s =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  profile.cpu_model = detail::cpu_model_name();
  for (std::size_t d = 0; d < meter.domains().size(); ++d) {
    if (!is_reading(first.energy_j[d]) || !is_reading(last.energy_j[d])) {
      throw std::runtime_error("calibration: " + meter.domains()[d].name +
                               " could not be read at the " +
                               (is_reading(first.energy_j[d]) ? "end" : "start") +
                               " of the idle period; run `ecopt calibrate` again");
    }
    profile.idle_power_w[meter.domains()[d].name] =
        profile.duration_s > 0 ? (last.energy_j[d] - first.energy_j[d]) / profile.duration_s : 0.0;
  }
  return profile;
}

}  // namespace ecopt::energy
