#pragma once
// A launcher for tune-loop tests: its trials run no process. Each ends at once (or, with
// `hang`, only when stopped) with a run whose metrics a script chooses.

#include <algorithm>
#include <atomic>
#include <functional>
#include <utility>
#include <vector>

#include "ecopt/runner/trial_launcher.hpp"

namespace ecopt::testing {

class FakeLauncher final : public runner::TrialLauncher {
 public:
  /// The run a trial gives back; default: exit 0 with accuracy = its number / 10.
  std::function<runner::MeasuredRun(const study::Trial&)> script = [](const study::Trial& t) {
    runner::MeasuredRun run;
    run.metrics["accuracy"] = static_cast<double>(t.number) / 10.0;
    run.total.phase = "total";
    run.total.duration_s = 1.0;
    return run;
  };
  bool hang = false;  ///< trials end only when stopped (then interrupted)
  /// The steps a trial reports before it ends (none by default). With any, each trial
  /// has exited when the loop first looks, yet says so only at the second look: its
  /// reports are judged after it exited, as when a trial ends between two looks.
  std::function<std::vector<runner::StepReport>(const study::Trial&)> reports;
  std::vector<std::int64_t> prune_requests;  ///< trial numbers the loop asked to stop
  /// (trial number, step) of each continue verdict the loop gave, in order
  std::vector<std::pair<std::int64_t, std::int64_t>> continued;
  std::atomic<int> launched{0};
  int alive = 0;       ///< trial objects not yet destroyed
  int most_alive = 0;  ///< the most alive at once, seen at each launch
  std::vector<std::filesystem::path> output_dirs;

  runner::LauncherInfo info() const override { return {"fake", true, "system", {}}; }

  std::unique_ptr<runner::TrialProcess> launch(const study::Trial& trial,
                                               const std::filesystem::path& output_dir,
                                               std::function<void()> on_finished) override {
    ++launched;
    most_alive = std::max(most_alive, ++alive);
    output_dirs.push_back(output_dir);
    auto process = std::make_unique<Process>(*this, trial, std::move(on_finished));
    if (!hang) process->end(false);
    return process;
  }

 private:
  class Process final : public runner::TrialProcess {
   public:
    Process(FakeLauncher& owner, const study::Trial& trial, std::function<void()> on_finished)
        : owner_(owner), on_finished_(std::move(on_finished)) {
      result_.trial = trial;
    }
    ~Process() override { --owner_.alive; }
    void end(bool interrupted) {
      if (done_) return;
      result_.run = owner_.script(result_.trial);
      result_.run->interrupted = interrupted;
      done_ = true;
      on_finished_();
    }
    bool finished() const override { return done_ && (!owner_.reports || ++looks_ > 1); }
    runner::TrialRun result() override { return result_; }
    std::vector<runner::StepReport> take_reports() override {
      if (!owner_.reports || taken_) return {};
      taken_ = true;
      return owner_.reports(result_.trial);
    }
    void prune(const std::string&) override {
      owner_.prune_requests.push_back(result_.trial.number);
    }
    void continue_after(std::int64_t step) override {
      owner_.continued.emplace_back(result_.trial.number, step);
    }
    void stop() override { end(true); }
    double energy_j() override { return 0.0; }
    storage::TrialProgress progress() override { return {0.0, 0.0}; }

   private:
    FakeLauncher& owner_;
    std::function<void()> on_finished_;
    runner::TrialRun result_;
    std::atomic<bool> done_{false};
    mutable int looks_ = 0;  ///< finished() calls, from the loop's thread only
    bool taken_ = false;
  };
};

}  // namespace ecopt::testing
