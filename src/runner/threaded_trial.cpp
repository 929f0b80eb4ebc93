#include "threaded_trial.hpp"

#include <utility>

namespace ecopt::runner {

ThreadedTrial::ThreadedTrial(const study::Trial& trial, energy::WindowSettings window,
                             std::function<void()> on_finished)
    : live_(window), on_finished_(std::move(on_finished)) {
  result_.trial = trial;
}

ThreadedTrial::~ThreadedTrial() {
  // The derived destructor stopped and joined already; this only guards a derived class
  // that forgot, at the cost of its members.
  if (thread_.joinable()) thread_.join();
}

void ThreadedTrial::start(energy::Meter& meter, energy::SamplerSettings sampling, Measure measure) {
  thread_ = std::thread([this, &meter, sampling, measure = std::move(measure)] {
    run(meter, sampling, measure);
    done_ = true;
    on_finished_();
  });
}

void ThreadedTrial::run(energy::Meter& meter, const energy::SamplerSettings& sampling,
                        const Measure& measure) {
  try {
    energy::EnergySampler sampler(meter, sampling);
    sampler.start();
    const LiveEnergy::Attachment attached(live_, sampler);
    result_.run = measure(sampler);
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

void ThreadedTrial::stop_and_join() {
  stop();
  if (thread_.joinable()) thread_.join();
}

TrialRun ThreadedTrial::result() {
  if (thread_.joinable()) thread_.join();
  return std::move(result_);
}

void ThreadedTrial::add_report(std::int64_t step, const std::map<std::string, double>& values) {
  {
    std::lock_guard lock(mutex_);
    reports_.push_back({step, values});
  }
  on_finished_();
}

std::vector<StepReport> ThreadedTrial::take_reports() {
  std::lock_guard lock(mutex_);
  return std::exchange(reports_, {});
}

void ThreadedTrial::continue_after(std::int64_t step) {
  std::lock_guard lock(mutex_);
  // Bounded like the reports it answers, should the trial's runner not take them.
  if (continued_.size() < kMaxReportStepsPerTrial) continued_.push_back(step);
}

std::vector<std::int64_t> ThreadedTrial::take_continued_steps() {
  std::lock_guard lock(mutex_);
  return std::exchange(continued_, {});
}

void ThreadedTrial::prune(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    prune_reason_ = reason;
  }
  prune_ = true;
  on_prune();
}

}  // namespace ecopt::runner
