#include "ecopt/runner/function_launcher.hpp"

#include <unistd.h>

#include <thread>

#include "ecopt/energy/locked_meter.hpp"
#include "ecopt/energy/sampler.hpp"
#include "host_context.hpp"
#include "launcher_info.hpp"
#include "live_energy.hpp"

namespace ecopt::runner {
namespace {

/// The function on a thread of its own, measured by its own sampler.
class FunctionTrial final : public TrialProcess {
 public:
  FunctionTrial(const TrialFunction& function, energy::Meter& meter, energy::WindowSettings window,
                energy::SamplerSettings sampling, const study::Trial& trial,
                std::function<void()> on_finished)
      : live_(window) {
    result_.trial = trial;
    thread_ = std::thread(
        [this, &function, &meter, window, sampling, on_finished = std::move(on_finished)] {
          run(function, meter, window, sampling);
          done_ = true;
          on_finished();
        });
  }

  ~FunctionTrial() override {
    stop();
    if (thread_.joinable()) thread_.join();
  }

  bool finished() const override { return done_; }
  TrialRun result() override {
    if (thread_.joinable()) thread_.join();
    return std::move(result_);
  }
  void stop() override {
    std::lock_guard lock(mutex_);
    stop_requested_ = true;
    if (trial_ != nullptr) trial_->request_stop();
  }
  double energy_j() override { return live_.energy_j(); }
  storage::TrialProgress progress() override { return live_.progress(); }

 private:
  void run(const TrialFunction& function, energy::Meter& meter, energy::WindowSettings window,
           const energy::SamplerSettings& sampling) {
    try {
      energy::EnergySampler sampler(meter, sampling);
      sampler.start();
      const LiveEnergy::Attachment attached(live_, sampler);
      InProcessTrial trial(result_.trial, sampler, window);
      attach(&trial);
      energy::PhaseRecorder total(sampler, window);
      total.begin("total");
      std::string exception;
      std::map<std::string, double> returned;
      try {
        returned = function(trial);
      } catch (const std::exception& e) {
        exception = e.what();
      }
      const measurement::PhaseMeasurement whole = total.end("total");
      attach(nullptr);
      result_.run = trial.take_run();
      MeasuredRun& run = *result_.run;
      run.total = whole;
      for (const auto& [name, value] : returned) run.metrics[name] = value;
      run.interrupted = trial.stop_requested();
      if (!run.interrupted) run.exception = std::move(exception);
      live_.finish(run.total.total_energy_j());
      sampler.stop();
    } catch (const std::exception& e) {
      result_.launch_error = e.what();
    }
  }

  /// The trial stop() reaches; a stop that came before it is passed on at once.
  void attach(InProcessTrial* trial) {
    std::lock_guard lock(mutex_);
    trial_ = trial;
    if (trial_ != nullptr && stop_requested_) trial_->request_stop();
  }

  LiveEnergy live_;
  TrialRun result_;
  std::mutex mutex_;
  InProcessTrial* trial_ = nullptr;  ///< guarded by mutex_, while the function runs
  bool stop_requested_ = false;      ///< guarded by mutex_
  std::atomic<bool> done_{false};
  std::thread thread_;  ///< last: starts once everything it uses exists
};

}  // namespace

FunctionLauncher::FunctionLauncher(TrialFunction function, energy::Meter& meter,
                                   energy::WindowSettings window, double sample_interval_s,
                                   LauncherInfo info)
    : function_(std::move(function)),
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
  return std::make_unique<FunctionTrial>(function_, *meter_, window_, sampling, trial,
                                         std::move(on_finished));
}

TuneSummary optimize(study::Study& study, const TrialFunction& function,
                     const TuneSettings& settings, const std::atomic<bool>& interrupt,
                     std::FILE* out) {
  energy::Detection detection = energy::detect_meters(settings.meters);
  const int jobs = std::max(1, settings.jobs);
  LauncherInfo info = launcher_info(study.config(), jobs, *detection.meter);
  if (jobs > 1 && info.scope == "process") {
    info.warnings.push_back(
        "the " + std::to_string(jobs) +
        " trials running at once share this process, so each is charged the process's whole "
        "share of the machine while they overlap; use jobs=1 for energy objectives");
  }
  if (std::string problem = record_host_context(study, *detection.meter, settings);
      !problem.empty()) {
    info.warnings.push_back(problem);
  }
  const energy::WindowSettings window{
      info.scope == "process" ? energy::Scope::process : energy::Scope::system,
      settings.baseline ? &*settings.baseline : nullptr};
  FunctionLauncher launcher(function, *detection.meter, window, settings.sample_interval_s, info);
  return tune(study, settings, launcher, interrupt, out);
}

}  // namespace ecopt::runner
