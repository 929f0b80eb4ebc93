#include "ecopt/runner/hardware_launcher.hpp"

#include <algorithm>

#include "ecopt/study/hardware_values.hpp"

namespace ecopt::runner {
namespace {

double number(const space::Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  return 0.0;  // the study file allows only numbers for knobs
}

/// The smallest and largest value a domain can give.
hardware::KnobRequest request_for(study::HardwareKnob knob, const space::Domain& domain) {
  std::vector<double> values;
  if (const auto* f = std::get_if<space::FloatDomain>(&domain)) {
    values = {f->low, f->high};
  } else if (const auto* i = std::get_if<space::IntDomain>(&domain)) {
    values = {static_cast<double>(i->low), static_cast<double>(i->high)};
  } else if (const auto* c = std::get_if<space::CategoricalDomain>(&domain)) {
    for (const space::Value& choice : c->choices) values.push_back(number(choice));
  } else {
    values = {number(std::get<space::FixedDomain>(domain).value)};
  }
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  return {knob, *low, *high};
}

/// The trial's settings stay applied while it runs and are put back when it is collected
/// or dropped, whichever comes first.
class HardwareTrial final : public TrialProcess {
 public:
  HardwareTrial(std::unique_ptr<TrialProcess> inner, hardware::HardwareSession& session,
                hardware::AppliedSettings applied)
      : inner_(std::move(inner)), session_(session), applied_(std::move(applied)) {}
  ~HardwareTrial() override {
    inner_.reset();  // stops the trial and waits for it
    release();
  }
  bool finished() const override { return inner_->finished(); }
  TrialRun result() override {
    TrialRun run = inner_->result();
    release();
    // What the devices took, not what was asked: the card never states a value that
    // was not applied. Written over anything the (untrusted) trial reported by that name.
    if (run.run)
      run.run->attrs[study::kAppliedHardwareAttr] = study::applied_hardware_json(applied_.values);
    return run;
  }
  void stop() override { inner_->stop(); }
  double energy_j() override { return inner_->energy_j(); }
  storage::TrialProgress progress() override { return inner_->progress(); }
  std::vector<StepReport> take_reports() override { return inner_->take_reports(); }
  void prune(const std::string& reason) override { inner_->prune(reason); }
  void continue_after(std::int64_t step) override { inner_->continue_after(step); }

 private:
  void release() {
    if (released_) return;
    released_ = true;
    session_.release(applied_);
  }
  std::unique_ptr<TrialProcess> inner_;
  hardware::HardwareSession& session_;
  hardware::AppliedSettings applied_;
  bool released_ = false;
};

/// A trial that never started: its settings could not be applied.
class UnappliedTrial final : public TrialProcess {
 public:
  explicit UnappliedTrial(TrialRun run) : run_(std::move(run)) {}
  bool finished() const override { return true; }
  TrialRun result() override { return std::move(run_); }
  void stop() override {}
  double energy_j() override { return 0.0; }
  storage::TrialProgress progress() override { return {}; }

 private:
  TrialRun run_;
};

}  // namespace

std::vector<hardware::KnobRequest> knob_requests(const study::StudyConfig& config) {
  std::vector<hardware::KnobRequest> requests;
  for (const study::HardwareKnob knob : config.hardware) {
    const std::string name(study::to_string(knob));
    for (const space::Parameter& p : config.space.parameters())
      if (p.name == name) requests.push_back(request_for(knob, p.domain));
  }
  return requests;
}

std::unique_ptr<TrialProcess> HardwareLauncher::launch(const study::Trial& trial,
                                                       const std::filesystem::path& output_dir,
                                                       std::function<void()> on_finished) {
  hardware::AppliedSettings applied;
  try {
    applied = session_.apply(study::hardware_values(config_, trial.params));
  } catch (const std::exception& e) {
    TrialRun run;
    run.trial = trial;
    run.launch_error = std::string("cannot apply its hardware settings: ") + e.what();
    on_finished();
    return std::make_unique<UnappliedTrial>(std::move(run));
  }
  try {
    auto inner = inner_.launch_placed(trial, output_dir, applied.placement, std::move(on_finished));
    return std::make_unique<HardwareTrial>(std::move(inner), session_, std::move(applied));
  } catch (...) {
    session_.release(applied);
    throw;
  }
}

}  // namespace ecopt::runner
