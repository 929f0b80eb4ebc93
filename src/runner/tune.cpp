#include "ecopt/runner/tune.hpp"

#include "ecopt/runner/process_launcher.hpp"
#include "guarded_process.hpp"
#include "host_context.hpp"
#include "tune_loop.hpp"

namespace ecopt::runner {
namespace {

/// The attribution the study asks for, and a warning when it cannot be had: with several
/// trials at once, system attribution would charge each the whole machine.
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

}  // namespace

TuneSummary tune(study::Study& study, const TuneSettings& settings,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  // What a trial leaves behind is re-parented to ecopt, which stops it with the trial.
  become_child_subreaper();
  energy::Detection detection = energy::detect_meters(settings.meters);
  LauncherInfo info = launcher_info(study.config(), std::max(1, settings.jobs), *detection.meter);
  if (std::string problem = record_host_context(study, *detection.meter, settings);
      !problem.empty()) {
    info.warnings.push_back(problem);
  }
  const energy::WindowSettings window{
      info.scope == "process" ? energy::Scope::process : energy::Scope::system,
      settings.baseline ? &*settings.baseline : nullptr};
  ProcessLauncher launcher(study.config(), *detection.meter, window, settings.sample_interval_s,
                           info, &interrupt);
  return tune(study, settings, launcher, interrupt, out);
}

TuneSummary tune(study::Study& study, const TuneSettings& settings, TrialLauncher& launcher,
                 const std::atomic<bool>& interrupt, std::FILE* out) {
  TuneLoop loop(study, settings, launcher, out);
  return loop.run(interrupt);
}

}  // namespace ecopt::runner
