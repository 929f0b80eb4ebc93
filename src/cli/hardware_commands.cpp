// `ecopt hardware` lists the hardware knobs this machine offers (as `ecopt meters` lists
// meters); `ecopt hardware restore` applies a restore journal a killed ecopt left.
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "ecopt/hardware/hardware_session.hpp"
#include "ecopt/hardware/host_lock.hpp"
#include "ecopt/hardware/knob_status.hpp"
#include "output.hpp"

namespace ecopt::cli {
namespace {

std::string devices_text(const hardware::KnobStatus& status) {
  const std::string kind = status.knob == hardware::HardwareKnob::gpu_power_limit_w ? "GPU" : "CPU";
  std::string text;
  for (std::size_t i = 0; i < status.devices.size(); ++i) {
    text += (i == 0 ? "" : ", ") + kind + " " + std::to_string(status.devices[i]);
    if (status.knob != hardware::HardwareKnob::cpu_cores && i < status.current.size())
      text += " at " + hardware::format_knob_value(status.knob, status.current[i]);
  }
  return text;
}

nlohmann::ordered_json status_json(const hardware::KnobStatus& s) {
  nlohmann::ordered_json j{{"knob", study::to_string(s.knob)},
                           {"unit", hardware::knob_unit(s.knob)},
                           {"available", s.available}};
  if (!s.available) {
    j["reason"] = s.reason;
    j["fix"] = s.fix;
    return j;
  }
  j["low"] = s.low;
  j["high"] = s.high;
  j["allowed"] = s.allowed;
  j["devices"] = s.devices;
  j["current"] = s.current;
  if (!s.permission_unprobed.empty()) j["permission_unprobed"] = s.permission_unprobed;
  return j;
}

int run_hardware(bool json) {
  const std::vector<hardware::KnobStatus> knobs =
      hardware::detect_knobs(hardware::hardware_settings_from_env());
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& s : knobs) j.push_back(status_json(s));
    std::printf("%s\n", j.dump(2).c_str());
    return 0;
  }
  for (const auto& s : knobs) {
    const std::string name(study::to_string(s.knob));
    if (!s.available) {
      std::printf("%-18s unavailable\n%18s  %s\n%18s  fix: %s\n", name.c_str(), "",
                  s.reason.c_str(), "", s.fix.c_str());
      continue;
    }
    std::printf("%-18s available: %s to %s\n", name.c_str(),
                hardware::format_knob_value(s.knob, s.low).c_str(),
                hardware::format_knob_value(s.knob, s.high).c_str());
    if (!s.allowed.empty()) {
      std::string steps;
      for (double v : s.allowed)
        steps += (steps.empty() ? "" : ", ") + hardware::format_knob_value(s.knob, v);
      std::printf("%18s  steps: %s\n", "", steps.c_str());
    }
    std::printf("%18s  %s\n", "", devices_text(s).c_str());
    if (!s.permission_unprobed.empty())
      std::printf("%18s  permission to set it not probed: %s\n", "", s.permission_unprobed.c_str());
  }
  return 0;
}

int run_restore() {
  const hardware::HardwareSettings settings = hardware::hardware_settings_from_env();
  std::string reason;
  const auto lock = hardware::HostLock::try_acquire(settings.lock_file, reason);
  if (!lock) return error("hardware restore", reason + " (it restores its settings when it ends)");
  const hardware::RestoreReport report = hardware::restore_from_journal(settings);
  for (const auto& s : report.restored) {
    std::printf("restored %s of %s %d to %s\n", std::string(study::to_string(s.knob)).c_str(),
                s.knob == hardware::HardwareKnob::gpu_power_limit_w ? "GPU" : "CPU", s.device,
                hardware::format_knob_value(s.knob, s.value).c_str());
  }
  if (!report.problems.empty()) {
    for (const auto& problem : report.problems) warning("hardware restore", problem);
    return error("hardware restore",
                 "some settings could not be restored; the journal keeps them (run as root?)");
  }
  if (report.journals.empty())
    std::printf("nothing to restore: no journal at %s (nor an earlier version's at %s)\n",
                settings.journal_file.c_str(), settings.legacy_journal_file.c_str());
  return 0;
}

}  // namespace

void add_hardware_commands(CLI::App& app, Runner& run) {
  auto json = std::make_shared<bool>(false);
  CLI::App* hardware = app.add_subcommand(
      "hardware",
      "List the hardware knobs a study's `hardware:` section can use on this machine (GPU power "
      "limit, CPU frequency cap, cores), with their ranges and why a knob is missing.");
  hardware->add_flag("--json", *json, "Print JSON");
  CLI::App* restore = hardware->add_subcommand(
      "restore",
      "Put back the hardware settings a killed ecopt left changed (the host's restore journal, "
      "beside the hardware lock); `ecopt tune` does this by itself at its start.");
  restore->callback([&run] { run = [] { return run_restore(); }; });
  hardware->callback([&run, json, hardware] {
    if (hardware->get_subcommands().empty()) run = [json] { return run_hardware(*json); };
  });
}

}  // namespace ecopt::cli
