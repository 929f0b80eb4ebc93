#include "ecopt/runner/process_launcher.hpp"

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

#include "ecopt/energy/locked_meter.hpp"
#include "ecopt/energy/sampler.hpp"
#include "ecopt/runner/trial_inputs.hpp"
#include "live_energy.hpp"

namespace ecopt::runner {
namespace {

/// A trial on a thread of its own, measured by its own sampler.
class MeasuredTrial final : public TrialProcess {
 public:
  MeasuredTrial(const study::StudyConfig& config, energy::Meter& meter,
                energy::WindowSettings window, energy::SamplerSettings sampling,
                const study::Trial& trial, const std::filesystem::path& output_dir,
                const hardware::TrialPlacement& placement, const std::atomic<bool>* interrupt,
                std::function<void()> on_finished)
      : live_(window), placement_(placement) {
    result_.trial = trial;
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
    options.prune = &prune_;
    options.prune_grace_s = config.pruner.grace_s;
    if (config.pruner.name != study::PrunerKind::none) {
      // Only a pruner needs the reports as they come; the loop stores and judges them.
      options.on_report = [this, on_finished](std::int64_t step,
                                              const std::map<std::string, double>& values) {
        {
          std::lock_guard lock(mutex_);
          reports_.push_back({step, values});
        }
        on_finished();
      };
    }
    thread_ = std::thread([this, &config, &meter, window, sampling, options = std::move(options),
                           on_finished = std::move(on_finished)]() mutable {
      run(config, meter, window, sampling, options);
      done_ = true;
      on_finished();
    });
  }

  ~MeasuredTrial() override {
    stop();
    if (thread_.joinable()) thread_.join();
  }

  bool finished() const override { return done_; }
  TrialRun result() override {
    if (thread_.joinable()) thread_.join();
    return std::move(result_);
  }
  void stop() override { stop_ = true; }
  std::vector<StepReport> take_reports() override {
    std::lock_guard lock(mutex_);
    return std::exchange(reports_, {});
  }
  void prune(const std::string& reason) override {
    {
      std::lock_guard lock(mutex_);
      prune_reason_ = reason;
    }
    prune_ = true;
  }
  double energy_j() override { return live_.energy_j(); }
  storage::TrialProgress progress() override { return live_.progress(); }

 private:
  void run(const study::StudyConfig& config, energy::Meter& meter, energy::WindowSettings window,
           const energy::SamplerSettings& sampling, ProcessOptions& options) {
    try {
      const std::vector<std::string> argv = trial_argv(config, result_.trial.params);
      options.extra_env = trial_env(
          config, result_.trial,
          options.output_dir.empty() ? std::filesystem::path()
                                     : write_params_file(options.output_dir, result_.trial.params));
      for (const auto& [name, value] : placement_.env) options.extra_env[name] = value;
      energy::EnergySampler sampler(meter, sampling);
      sampler.start();
      const LiveEnergy::Attachment attached(live_, sampler);
      result_.run = run_measured(argv, sampler, window, options);
      if (result_.run->pruned) {
        std::lock_guard lock(mutex_);
        result_.prune_reason = prune_reason_;
      }
      live_.finish(result_.run->total.total_energy_j());
      sampler.stop();
    } catch (const std::exception& e) {
      result_.launch_error = e.what();
    }
  }

  LiveEnergy live_;
  hardware::TrialPlacement placement_;
  TrialRun result_;
  std::mutex mutex_;                 ///< guards reports_ and prune_reason_
  std::vector<StepReport> reports_;  ///< not yet taken by the loop
  std::string prune_reason_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> prune_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;  ///< last: starts once everything it uses exists
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
