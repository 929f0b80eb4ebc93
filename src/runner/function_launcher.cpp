#include "ecopt/runner/function_launcher.hpp"

#include <unistd.h>

#include "ecopt/energy/locked_meter.hpp"
#include "ecopt/energy/sampler.hpp"
#include "ecopt/hardware/hardware_session.hpp"
#include "launcher_info.hpp"
#include "threaded_trial.hpp"

namespace ecopt::runner {
namespace {

/// The function on a thread of its own, measured by its own sampler.
class FunctionTrial final : public ThreadedTrial {
 public:
  FunctionTrial(const TrialFunction& function, const study::StudyConfig& config,
                energy::Meter& meter, energy::WindowSettings window,
                const energy::SamplerSettings& sampling, const study::Trial& trial,
                std::function<void()> on_finished)
      : ThreadedTrial(trial, window, std::move(on_finished)) {
    start(meter, sampling, [this, &function, &config, window](energy::EnergySampler& sampler) {
      return measure(function, config, window, sampler);
    });
  }

  ~FunctionTrial() override { stop_and_join(); }

  void stop() override {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    if (trial_ != nullptr) trial_->request_stop();
  }

 private:
  MeasuredRun measure(const TrialFunction& function, const study::StudyConfig& config,
                      energy::WindowSettings window, energy::EnergySampler& sampler) {
    InProcessTrial trial(this->trial(), sampler, window);
    if (config.run.timeout_s) {
      trial.set_deadline(energy::monotonic_now_s() + *config.run.timeout_s);
    }
    if (config.pruner.name != study::PrunerKind::none) {
      // Only a pruner needs the reports as they come; the loop stores and judges them.
      trial.on_report([this](std::int64_t step, const std::map<std::string, double>& values) {
        add_report(step, values);
      });
    }
    attach(&trial);
    std::string exception;
    std::map<std::string, double> returned;
    try {
      returned = function(trial);
    } catch (const std::exception& e) {
      exception = e.what();
    }
    attach(nullptr);
    MeasuredRun run = trial.take_run();
    for (const auto& [name, value] : returned) run.metrics[name] = value;
    run.interrupted = trial.stop_requested();
    if (!run.interrupted) run.exception = std::move(exception);
    return run;
  }

  /// The verdict goes straight to the function's report_step(), which waits for it
  /// (a process's client reads it on the back channel).
  void continue_after(std::int64_t step) override {
    std::lock_guard lock(mutex_);
    if (trial_ != nullptr) trial_->verdict_after(step);
  }

  void on_prune() override {
    std::lock_guard lock(mutex_);
    if (trial_ != nullptr) trial_->request_prune();
  }

  /// The trial stop() and prune() reach; what came before it is passed on at once.
  void attach(InProcessTrial* trial) {
    std::lock_guard lock(mutex_);
    trial_ = trial;
    if (trial_ == nullptr) return;
    if (stop_requested_) trial_->request_stop();
    if (prune_requested()) trial_->request_prune();
  }

  std::mutex mutex_;
  InProcessTrial* trial_ = nullptr;  ///< guarded by mutex_, while the function runs
  bool stop_requested_ = false;      ///< guarded by mutex_
};

}  // namespace

FunctionLauncher::FunctionLauncher(TrialFunction function, const study::StudyConfig& config,
                                   energy::Meter& meter, energy::WindowSettings window,
                                   double sample_interval_s, LauncherInfo info)
    : function_(std::move(function)),
      config_(config),
      meter_(std::make_unique<energy::LockedMeter>(meter)),
      sample_interval_s_(sample_interval_s),
      window_(window),
      info_(std::move(info)) {}

FunctionLauncher::~FunctionLauncher() = default;

std::unique_ptr<TrialProcess> FunctionLauncher::launch(const study::Trial& trial,
                                                       const std::filesystem::path& /*output_dir*/,
                                                       std::function<void()> on_finished) {
  energy::SamplerSettings sampling{.interval_s = sample_interval_s_, .sharing = &device_sharing_};
  // Process scope: this process's share of the machine (the function runs in it).
  if (window_.scope == energy::Scope::process) sampling.process_root_pid = ::getpid();
  return std::make_unique<FunctionTrial>(function_, config_, *meter_, window_, sampling, trial,
                                         std::move(on_finished));
}

TuneSummary optimize(study::Study& study, const TrialFunction& function,
                     const TuneSettings& settings, const std::atomic<bool>& interrupt,
                     std::FILE* out) {
  if (!study.config().hardware.empty()) {
    // In-process trials share ecopt's own process: its cores cannot be set per trial.
    throw hardware::HardwareError(
        "hardware: knobs are applied around the trial processes of `ecopt tune`, not to "
        "functions run in this process; remove `hardware:` or run the trial as a command");
  }
  const LauncherSetup setup = set_up_launcher(study, settings, TrialHost::this_process);
  FunctionLauncher launcher(function, study.config(), *setup.detection.meter, setup.window,
                            settings.sample_interval_s, setup.info);
  return tune(study, settings, launcher, interrupt, out);
}

}  // namespace ecopt::runner
