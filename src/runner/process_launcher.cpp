#include "ecopt/runner/process_launcher.hpp"

#include <atomic>
#include <utility>

#include "ecopt/energy/locked_meter.hpp"
#include "ecopt/runner/trial_inputs.hpp"
#include "threaded_trial.hpp"

namespace ecopt::runner {
namespace {

/// The study's command on a thread of its own, measured by its own sampler.
class MeasuredTrial final : public ThreadedTrial {
 public:
  MeasuredTrial(const study::StudyConfig& config, energy::Meter& meter,
                energy::WindowSettings window, const energy::SamplerSettings& sampling,
                const study::Trial& trial, const std::filesystem::path& output_dir,
                const hardware::TrialPlacement& placement, const std::atomic<bool>* interrupt,
                std::function<void()> on_finished)
      : ThreadedTrial(trial, window, std::move(on_finished)) {
    placement_env_ = placement.env;
    ProcessOptions options;
    options.cpus = placement.cpus;
    options.workdir = config.run.workdir;
    options.output_dir = output_dir.string();
    options.timeout_s = config.run.timeout_s.value_or(0.0);
    options.kill_grace_s = config.run.kill_grace_s;
    options.stdout_protocol = true;
    options.stdout_metrics = config.run.stdout_metrics;
    options.interrupt = &stop_;
    options.interrupt_all = interrupt;
    options.prune = &prune_requested();
    options.prune_grace_s = config.pruner.grace_s;
    if (config.pruner.name != study::PrunerKind::none) {
      // Only a pruner needs the reports as they come; the loop stores and judges them.
      options.on_report = [this](std::int64_t step, const std::map<std::string, double>& values) {
        add_report(step, values);
      };
      options.take_continued_steps = [this] { return take_continued_steps(); };
    }
    start(meter, sampling,
          [this, &config, window, options = std::move(options)](energy::EnergySampler& sampler) {
            return measure(config, window, options, sampler);
          });
  }

  ~MeasuredTrial() override { stop_and_join(); }

  void stop() override { stop_ = true; }

 private:
  MeasuredRun measure(const study::StudyConfig& config, energy::WindowSettings window,
                      ProcessOptions options, energy::EnergySampler& sampler) {
    const std::vector<std::string> argv = trial_argv(config, trial().params);
    options.extra_env = trial_env(config, trial(),
                                  options.output_dir.empty()
                                      ? std::filesystem::path()
                                      : write_params_file(options.output_dir, trial().params));
    for (const auto& [name, value] : placement_env_) options.extra_env[name] = value;
    if (config.pruner.name != study::PrunerKind::none) {
      // Every report gets a verdict: the runner's word wins over run.env's.
      options.extra_env[kVerdictWaitVariable] = kVerdictWaitText;
    }
    return run_measured(argv, sampler, window, options);
  }
  /// The environment of the trial's hardware placement (OMP_NUM_THREADS and friends).
  std::map<std::string, std::string> placement_env_;
  std::atomic<bool> stop_{false};
};

}  // namespace

ProcessLauncher::ProcessLauncher(const study::StudyConfig& config, energy::Meter& meter,
                                 energy::WindowSettings window, double sample_interval_s,
                                 LauncherInfo info, const std::atomic<bool>* interrupt)
    : config_(config),
      meter_(std::make_unique<energy::LockedMeter>(meter)),
      sample_interval_s_(sample_interval_s),
      window_(window),
      info_(std::move(info)),
      interrupt_(interrupt) {}

ProcessLauncher::~ProcessLauncher() = default;

std::unique_ptr<TrialProcess> ProcessLauncher::launch(const study::Trial& trial,
                                                      const std::filesystem::path& output_dir,
                                                      std::function<void()> on_finished) {
  return launch_placed(trial, output_dir, {}, std::move(on_finished));
}

std::unique_ptr<TrialProcess> ProcessLauncher::launch_placed(
    const study::Trial& trial, const std::filesystem::path& output_dir,
    const hardware::TrialPlacement& placement, std::function<void()> on_finished) {
  // Trials running at once split a GPU they share instead of each being charged it whole.
  const energy::SamplerSettings sampling{.interval_s = sample_interval_s_,
                                         .sharing = &device_sharing_};
  return std::make_unique<MeasuredTrial>(config_, *meter_, window_, sampling, trial, output_dir,
                                         placement, interrupt_, std::move(on_finished));
}

}  // namespace ecopt::runner
