// The runner's side of hardware knobs: a trial runs with its settings applied and they
// are put back when it is collected, whether it completed, crashed or never started.
#include "ecopt/runner/hardware_launcher.hpp"

#include <gtest/gtest.h>

#include "../hardware/fake_cpufreq.hpp"
#include "ecopt/study/hardware_values.hpp"
#include "ecopt/study/study_file.hpp"
#include "fake_launcher.hpp"

namespace ecopt::runner {
namespace {

using hardware::HardwareKnob;

study::StudyConfig config_with_knobs() {
  return study::parse_study_config(R"(name: knobs
parameters:
  width: {type: int, low: 1, high: 8}
hardware:
  cpu_max_freq_khz: {type: categorical, choices: [1600000, 2400000]}
  cpu_cores: {type: fixed, value: 1}
objectives: [{name: accuracy, goal: maximize}]
)",
                                   "knobs.yaml");
}

struct FakeMachine {
  FakeMachine()
      : cpufreq(static_cast<int>(
                    hardware::detect_knob(HardwareKnob::cpu_cores, {}, {}).devices.back()) +
                1) {
    settings.sysfs_root = cpufreq.root;
    settings.journal_file = dir.file("journal.json");
    settings.lock_file = dir.file("lock");
  }
  testing::TempDir dir;
  testing::FakeCpufreq cpufreq;
  hardware::HardwareSettings settings;
  study::StudyConfig config = config_with_knobs();
};

study::Trial trial_with(double khz) {
  study::Trial trial;
  trial.params = {{"width", std::int64_t{2}},
                  {"cpu_max_freq_khz", static_cast<std::int64_t>(khz)},
                  {"cpu_cores", std::int64_t{1}}};
  return trial;
}

TEST(HardwareLauncher, KnobRequestsSpanEachKnobsValues) {
  const std::vector<hardware::KnobRequest> requests = knob_requests(config_with_knobs());
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].knob, HardwareKnob::cpu_max_freq_khz);
  EXPECT_EQ(requests[0].low, 1600000.0);
  EXPECT_EQ(requests[0].high, 2400000.0);
  EXPECT_EQ(requests[1].low, 1.0);
}

TEST(HardwareLauncher, ATrialRunsWithItsSettingsAndTheyComeBackEvenWhenItCrashes) {
  FakeMachine setup;
  hardware::HardwareSession session(setup.settings, knob_requests(setup.config), 1, nullptr);
  testing::FakeLauncher fake;
  std::string seen_khz;
  fake.script = [&](const study::Trial&) {
    seen_khz = setup.cpufreq.max_freq(0);  // while the trial runs
    MeasuredRun run;
    run.exit_status = 128 + 11;  // it crashed
    return run;
  };
  HardwareLauncher launcher(fake, session, setup.config);
  auto process = launcher.launch(trial_with(1600000), setup.dir.file("t0"), [] {});
  EXPECT_EQ(seen_khz, "1600000");
  const TrialRun run = process->result();
  EXPECT_EQ(run.run->exit_status, 139);
  EXPECT_EQ(setup.cpufreq.max_freq(0), "3000000") << "restored after the crash";
  // Recorded with the trial: the values the devices took, for the report and the card.
  study::Trial recorded = trial_with(0);
  recorded.user_attrs = run.run->attrs;
  const auto applied = study::hardware_values(setup.config, recorded);
  EXPECT_EQ(applied.at(HardwareKnob::cpu_max_freq_khz), 1600000.0)
      << run.run->attrs.at(study::kAppliedHardwareAttr);
}

TEST(HardwareLauncher, ADroppedTrialPutsItsSettingsBack) {
  FakeMachine setup;
  hardware::HardwareSession session(setup.settings, knob_requests(setup.config), 1, nullptr);
  testing::FakeLauncher fake;
  fake.hang = true;
  HardwareLauncher launcher(fake, session, setup.config);
  auto process = launcher.launch(trial_with(2400000), setup.dir.file("t0"), [] {});
  EXPECT_EQ(setup.cpufreq.max_freq(0), "2400000");
  process.reset();  // Ctrl-C: the loop drops its running trials
  EXPECT_EQ(setup.cpufreq.max_freq(0), "3000000");
}

TEST(HardwareLauncher, ATrialWhoseSettingsFailDoesNotRun) {
  FakeMachine setup;
  hardware::HardwareSession session(setup.settings, knob_requests(setup.config), 1, nullptr);
  testing::FakeLauncher fake;
  HardwareLauncher launcher(fake, session, setup.config);
  std::filesystem::remove_all(setup.cpufreq.root);  // the device went away
  auto process = launcher.launch(trial_with(1600000), setup.dir.file("t0"), [] {});
  EXPECT_TRUE(process->finished());
  const TrialRun run = process->result();
  EXPECT_FALSE(run.run);
  EXPECT_NE(run.launch_error.find("cannot apply its hardware settings"), std::string::npos)
      << run.launch_error;
  EXPECT_EQ(fake.launched, 0);
}

}  // namespace
}  // namespace ecopt::runner
