#include "launcher_info.hpp"

#include "host_context.hpp"

namespace ecopt::runner {
namespace {

LauncherInfo launcher_info(const study::StudyConfig& config, int jobs, const energy::Meter& meter,
                           TrialHost host) {
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
  if (host == TrialHost::this_process && jobs > 1 && info.scope == "process") {
    info.warnings.push_back(
        "the " + std::to_string(jobs) +
        " trials running at once share this process, so each is charged the process's whole "
        "share of the machine while they overlap; use jobs=1 for energy objectives");
  }
  return info;
}

}  // namespace

LauncherSetup set_up_launcher(study::Study& study, const TuneSettings& settings, TrialHost host) {
  LauncherSetup setup;
  setup.detection = energy::detect_meters(settings.meters);
  setup.info =
      launcher_info(study.config(), std::max(1, settings.jobs), *setup.detection.meter, host);
  if (std::string problem = record_host_context(study, *setup.detection.meter, settings);
      !problem.empty()) {
    setup.info.warnings.push_back(problem);
  }
  setup.window = {setup.info.scope == "process" ? energy::Scope::process : energy::Scope::system,
                  settings.baseline ? &*settings.baseline : nullptr};
  return setup;
}

}  // namespace ecopt::runner
