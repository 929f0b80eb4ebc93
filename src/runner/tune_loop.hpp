#pragma once
// The loop of `ecopt tune` (internal): each round sends heartbeats, looks for stale
// trials, retries kept results, checks the budgets, starts trials up to --jobs, then waits
// for one to finish and records it. Trials are collected (their threads joined) as they
// finish. The parts it is made of are in the public headers tune.hpp names.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>

#include "ecopt/runner/budget_policy.hpp"
#include "ecopt/runner/recorder.hpp"
#include "ecopt/runner/run_layout.hpp"
#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/runner/tune.hpp"
#include "tune_display.hpp"

namespace ecopt::runner {

class TuneLoop final : private RecorderEvents {
 public:
  TuneLoop(study::Study& study, const TuneSettings& settings, TrialLauncher& launcher,
           std::FILE* out);
  ~TuneLoop() override;

  TuneSummary run(const std::atomic<bool>& interrupt);

 private:
  struct Running {
    study::Trial trial;
    std::unique_ptr<TrialProcess> process;
    bool pruning = false;  ///< asked to stop by the pruner
  };

  // RecorderEvents
  void warning(const std::string& text) override { display_.warning(text); }
  void trial_warning(const study::Trial& trial, const std::string& text) override {
    display_.trial_warning(trial, text);
  }
  void recorded(const TrialOutcome& outcome, bool dropped) override;

  void keep_in_touch(bool first_round);
  bool start_trials(const std::atomic<bool>& interrupt);
  void launch(const study::Trial& trial);
  void wait_for_news();
  void collect_finished();
  void watch_reports();
  void judge_reports(const std::map<std::int64_t, std::vector<StepReport>>& fresh,
                     const std::vector<study::Trial>& all);
  void handle(TrialRun finished);
  [[noreturn]] void give_up();
  std::map<std::int64_t, double> own_running_energy() const;

  study::Study& study_;
  const TuneSettings& settings_;
  TrialLauncher& launcher_;
  TuneDisplay display_;
  BudgetPolicy budget_;
  RunLayout layout_;
  Recorder recorder_;
  storage::WorkerInfo worker_;
  TuneSummary summary_;
  std::string stop_reason_;
  bool stopping_ = false;                    ///< interrupted: the running trials were told to stop
  std::map<std::int64_t, Running> running_;  ///< by trial id
  std::chrono::steady_clock::time_point started_, last_heartbeat_, last_stale_check_;
  std::chrono::steady_clock::time_point last_reports_;  ///< reports last stored
  std::mutex mutex_;
  std::condition_variable wake_;
  bool news_ = false;  ///< a trial finished; guarded by mutex_
};

}  // namespace ecopt::runner
