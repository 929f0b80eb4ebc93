#include "launcher_info.hpp"

namespace ecopt::runner {

LauncherInfo launcher_info(const study::StudyConfig& config, int jobs, const energy::Meter& meter) {
  LauncherInfo info;
  info.meter = meter.name();
  for (const auto& d : meter.domains()) info.estimated = info.estimated || d.estimated;
  info.scope = config.run.scope == study::AttributionScope::automatic
                   ? (jobs > 1 ? "process" : "system")
                   : std::string(study::to_string(config.run.scope));
  if (jobs > 1 && info.scope == "system") {
    info.warnings.push_back(
        "run.scope is system but " + std::to_string(jobs) +
        " trials run at once and share the counters, so each would be charged the whole "
        "machine; using process attribution instead");
    info.scope = "process";
  }
  return info;
}

}  // namespace ecopt::runner
