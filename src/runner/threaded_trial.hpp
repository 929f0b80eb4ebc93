#pragma once
// What the launchers' trials share (internal to runner): a trial run on a thread of its
// own under its own sampler of the shared meter, read while it runs (LiveEnergy) and
// collected once; the reports it sent for the loop's pruner, and the pruner's reason.
// ProcessLauncher's trial runs the study's command in that thread (run_measured),
// FunctionLauncher's calls a function.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ecopt/energy/sampler.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "live_energy.hpp"

namespace ecopt::runner {

class ThreadedTrial : public TrialProcess {
 public:
  ~ThreadedTrial() override;

  [[nodiscard]] bool finished() const override { return done_; }
  TrialRun result() override;
  std::vector<StepReport> take_reports() override;
  /// Keeps `reason` for the result, sets prune_requested() and calls on_prune().
  void prune(const std::string& reason) override;
  /// Keeps `step` for take_continued_steps().
  void continue_after(std::int64_t step) override;
  double energy_j() override { return live_.energy_j(); }
  storage::TrialProgress progress() override { return live_.progress(); }

 protected:
  /// What the trial's thread does with its running sampler: returns the run, or throws
  /// (the result then says launch_error).
  using Measure = std::function<MeasuredRun(energy::EnergySampler&)>;

  ThreadedTrial(const study::Trial& trial, energy::WindowSettings window,
                std::function<void()> on_finished);
  /// Starts the thread: a sampler of `meter`, then `measure`, then on_finished. Called
  /// last in the derived constructor, once everything `measure` uses exists.
  void start(energy::Meter& meter, energy::SamplerSettings sampling, Measure measure);
  /// Stops the trial and waits for its thread: the first thing a derived destructor
  /// does, so that the thread never sees the derived members go.
  void stop_and_join();
  /// A report the trial sent: kept for take_reports(), and the loop is woken to judge it.
  void add_report(std::int64_t step, const std::map<std::string, double>& values);
  /// The steps continue_after() was given since the last call, oldest first.
  std::vector<std::int64_t> take_continued_steps();
  /// Called by prune() (from the loop's thread) after prune_requested() is set.
  virtual void on_prune() {}

  [[nodiscard]] const study::Trial& trial() const { return result_.trial; }
  [[nodiscard]] const std::atomic<bool>& prune_requested() const { return prune_; }

 private:
  void run(energy::Meter& meter, const energy::SamplerSettings& sampling, const Measure& measure);

  LiveEnergy live_;
  TrialRun result_;
  std::function<void()> on_finished_;
  std::mutex mutex_;                     ///< guards reports_, continued_ and prune_reason_
  std::vector<StepReport> reports_;      ///< not yet taken by the loop
  std::vector<std::int64_t> continued_;  ///< not yet told to the trial
  std::string prune_reason_;
  std::atomic<bool> prune_{false};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace ecopt::runner
