// Hardware knobs against fakes: a cpufreq tree in a temp dir and the fake NVML
// (tests/fakes/fake_nvml.cpp) with its power limits in a file.
#include <gtest/gtest.h>
#include <sched.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "ecopt/hardware/cpufreq.hpp"
#include "ecopt/hardware/gpu_power.hpp"
#include "ecopt/hardware/hardware_session.hpp"
#include "ecopt/hardware/host_lock.hpp"
#include "ecopt/hardware/knob_status.hpp"
#include "ecopt/hardware/restore_journal.hpp"
#include "fake_cpufreq.hpp"

namespace ecopt::hardware {
namespace {

using testing::FakeCpufreq;
using testing::TempDir;

/// This process's CPUs, as the session sees them.
std::vector<int> own_cpus() {
  return detect_knob(HardwareKnob::cpu_cores, {}, {}).devices;
}

/// Settings pointing at fakes; the fake NVML keeps its limits in a file of the temp dir.
struct Fakes {
  Fakes() : cpufreq(own_cpus().back() + 1) {
    settings.sysfs_root = cpufreq.root;
    settings.nvml_library = ECOPT_FAKE_NVML_PATH;
    settings.journal_file = dir.file("state/hardware-journal.json");
    settings.lock_file = dir.file("hardware.lock");
    setenv("FAKE_NVML_LIMITS_FILE", dir.file("limits").c_str(), 1);
    setenv("FAKE_NVML_GPUS", "2", 1);
    unsetenv("FAKE_NVML_SET");
  }
  ~Fakes() {
    unsetenv("FAKE_NVML_LIMITS_FILE");
    unsetenv("FAKE_NVML_GPUS");
    unsetenv("FAKE_NVML_SET");
  }
  [[nodiscard]] double gpu_limit_w(int gpu) const {
    return detect_knob(HardwareKnob::gpu_power_limit_w, settings, {}).current.at(gpu);
  }
  TempDir dir;
  FakeCpufreq cpufreq;
  HardwareSettings settings;
};

TEST(Cpufreq, ReadsRangeAvailableFrequenciesAndWritesTheCap) {
  FakeCpufreq fake(2);
  const CpuFreq cpufreq(fake.root);
  EXPECT_EQ(cpufreq.cpus(), (std::vector<int>{0, 1}));
  const auto range = cpufreq.range(1);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->min_khz, 800000);
  EXPECT_EQ(range->max_khz, 3000000);
  EXPECT_EQ(range->available_khz, (std::vector<long>{800000, 1600000, 2400000, 3000000}));
  EXPECT_EQ(cpufreq.set_max_freq_khz(1, 1600000), "");
  EXPECT_EQ(fake.max_freq(1), "1600000");
  EXPECT_EQ(cpufreq.max_freq_khz(0), 3000000);
}

TEST(Cpufreq, WithoutAListAnyValueInTheRangeIsAllowed) {
  FakeCpufreq fake(1, false);
  EXPECT_TRUE(CpuFreq(fake.root).range(0)->available_khz.empty());
}

TEST(KnobStatus, ListsEachKnobWithItsRange) {
  Fakes fakes;
  const std::vector<KnobStatus> knobs = detect_knobs(fakes.settings);
  ASSERT_EQ(knobs.size(), 3u);
  const KnobStatus& gpu = knobs[0];
  ASSERT_TRUE(gpu.available) << gpu.reason;
  EXPECT_EQ(gpu.low, 100.0);
  EXPECT_EQ(gpu.high, 350.0);  // the range every GPU allows: GPU 0's 350 W, GPU 1's 450 W
  EXPECT_EQ(gpu.current, (std::vector<double>{300.0, 400.0}));
  const KnobStatus& cpu = knobs[1];
  ASSERT_TRUE(cpu.available) << cpu.reason;
  EXPECT_EQ(cpu.low, 800000.0);
  EXPECT_EQ(cpu.high, 3000000.0);
  EXPECT_EQ(cpu.allowed.size(), 4u);
  EXPECT_TRUE(knobs[2].available);
  EXPECT_EQ(knobs[2].devices, own_cpus());
}

TEST(KnobStatus, SaysWhyAKnobIsMissingAndHowToFixIt) {
  Fakes fakes;
  setenv("FAKE_NVML_SET", "denied", 1);
  fakes.settings.sysfs_root = fakes.dir.file("no-sysfs");
  const ProbeAccess probe{true, ""};
  const KnobStatus gpu = detect_knob(HardwareKnob::gpu_power_limit_w, fakes.settings, probe);
  EXPECT_FALSE(gpu.available);
  EXPECT_NE(gpu.reason.find("Insufficient Permissions"), std::string::npos) << gpu.reason;
  EXPECT_NE(gpu.fix.find("root"), std::string::npos) << gpu.fix;
  EXPECT_NE(gpu.fix.find("persistence mode"), std::string::npos) << gpu.fix;
  const KnobStatus cpu = detect_knob(HardwareKnob::cpu_max_freq_khz, fakes.settings, probe);
  EXPECT_FALSE(cpu.available);
  EXPECT_NE(cpu.reason.find("no cpufreq"), std::string::npos) << cpu.reason;
  fakes.settings.nvml_library = fakes.dir.file("missing-libnvidia-ml.so");
  EXPECT_NE(
      detect_knob(HardwareKnob::gpu_power_limit_w, fakes.settings, probe).reason.find("no NVIDIA"),
      std::string::npos);
}

TEST(KnobStatus, TheListingNeverWritesAGpuLimitWhileAStudyHoldsTheHost) {
  Fakes fakes;
  const std::string set_log = fakes.dir.file("set.log");
  setenv("FAKE_NVML_SET_LOG", set_log.c_str(), 1);
  std::optional<KnobStatus> gpu;
  {
    std::string reason;
    const auto held = HostLock::try_acquire(fakes.settings.lock_file, reason);  // a running tune
    ASSERT_TRUE(held) << reason;
    gpu = detect_knobs(fakes.settings).front();
  }
  EXPECT_FALSE(std::filesystem::exists(set_log)) << "the probe wrote a limit under a study";
  EXPECT_TRUE(gpu->available) << gpu->reason;
  EXPECT_EQ(gpu->current, (std::vector<double>{300.0, 400.0}));
  EXPECT_NE(gpu->permission_unprobed.find("pid " + std::to_string(getpid()) + " holds"),
            std::string::npos)
      << gpu->permission_unprobed;
  EXPECT_TRUE(detect_knobs(fakes.settings).front().permission_unprobed.empty()) << "lock free";
  EXPECT_TRUE(std::filesystem::exists(set_log)) << "probed under the lock";
  unsetenv("FAKE_NVML_SET_LOG");
}

TEST(KnobStatus, ALockFileThatCannotBeOpenedIsReportedNotThrown) {
  Fakes fakes;
  FakeCpufreq::write(fakes.dir.file("a-file"), "not a folder");
  fakes.settings.lock_file = fakes.dir.file("a-file/hardware.lock");  // as root's lock for a user
  const KnobStatus gpu = detect_knobs(fakes.settings).front();
  EXPECT_TRUE(gpu.available) << gpu.reason;
  EXPECT_NE(gpu.permission_unprobed.find("cannot open the hardware lock"), std::string::npos)
      << gpu.permission_unprobed;
  EXPECT_NE(gpu.permission_unprobed.find("ECOPT_HARDWARE_LOCK"), std::string::npos);
}

TEST(HardwareSession, AppliesAroundATrialJournalsFirstAndRestores) {
  Fakes fakes;
  {
    HardwareSession session(fakes.settings,
                            {{HardwareKnob::gpu_power_limit_w, 150, 250},
                             {HardwareKnob::cpu_max_freq_khz, 1600000, 2400000}},
                            1, nullptr);
    const AppliedSettings applied = session.apply(
        {{HardwareKnob::gpu_power_limit_w, 150.0}, {HardwareKnob::cpu_max_freq_khz, 1600000.0}});
    EXPECT_EQ(fakes.gpu_limit_w(0), 150.0);
    EXPECT_EQ(fakes.gpu_limit_w(1), 150.0);
    EXPECT_EQ(fakes.cpufreq.max_freq(own_cpus().front()), "1600000");
    const auto journal = read_journal(fakes.settings.journal_file);
    ASSERT_TRUE(journal) << "the originals are on disk while settings are changed";
    EXPECT_EQ(journal->size(), 2u + own_cpus().size());
    session.release(applied);
    EXPECT_EQ(fakes.gpu_limit_w(0), 300.0);
    EXPECT_EQ(fakes.gpu_limit_w(1), 400.0);
    EXPECT_EQ(fakes.cpufreq.max_freq(own_cpus().front()), "3000000");
    (void)session.apply({{HardwareKnob::gpu_power_limit_w, 250.0}});
    EXPECT_EQ(fakes.gpu_limit_w(0), 250.0);
  }  // the session's end restores what a trial still had (Ctrl-C, an exception)
  EXPECT_EQ(fakes.gpu_limit_w(0), 300.0);
  EXPECT_FALSE(read_journal(fakes.settings.journal_file)) << "removed once all is restored";
}

TEST(HardwareSession, AJournalThatCannotBeWrittenChangesNothingAndFreesTheCpus) {
  Fakes fakes;
  const std::string state = fakes.dir.file("state");  // the journal's folder
  FakeCpufreq::write(state, "a file where the folder should be: the journal cannot be written");
  const auto all_cpus = static_cast<double>(own_cpus().size());
  HardwareSession session(
      fakes.settings,
      {{HardwareKnob::cpu_cores, 1, all_cpus}, {HardwareKnob::cpu_max_freq_khz, 1600000, 2400000}},
      1, nullptr);
  const std::map<HardwareKnob, double> trial = {{HardwareKnob::cpu_cores, all_cpus},
                                                {HardwareKnob::cpu_max_freq_khz, 1600000.0}};
  try {
    (void)session.apply(trial);
    FAIL() << "applied without a journal";
  } catch (const HardwareError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("hardware.cpu_max_freq_khz of CPU " + std::to_string(own_cpus().front())),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("cannot write the hardware restore journal"), std::string::npos) << what;
  }
  EXPECT_EQ(fakes.cpufreq.max_freq(own_cpus().front()), "3000000");
  std::filesystem::remove(state);                        // space again
  const AppliedSettings applied = session.apply(trial);  // every CPU is free again
  EXPECT_EQ(applied.placement.cpus, own_cpus());
  const auto journal = read_journal(fakes.settings.journal_file);
  ASSERT_TRUE(journal) << "an original that never reached the disk is journalled on the next try";
  EXPECT_EQ(journal->size(), own_cpus().size());
}

TEST(HardwareSession, AFailureMidwayPutsBackWhatTheTrialHadChanged) {
  Fakes fakes;
  HardwareSession session(fakes.settings,
                          {{HardwareKnob::gpu_power_limit_w, 150, 250},
                           {HardwareKnob::cpu_max_freq_khz, 1600000, 2400000}},
                          1, nullptr);
  session.release(session.apply({{HardwareKnob::cpu_max_freq_khz, 1600000.0}}));
  // The CPUs' originals are journalled; the GPUs' next journal write fails (a full disk).
  std::filesystem::remove_all(fakes.dir.file("state"));
  FakeCpufreq::write(fakes.dir.file("state"), "not a folder");
  EXPECT_THROW((void)session.apply({{HardwareKnob::cpu_max_freq_khz, 1600000.0},
                                    {HardwareKnob::gpu_power_limit_w, 150.0}}),
               HardwareError);
  EXPECT_EQ(fakes.cpufreq.max_freq(own_cpus().front()), "3000000") << "put back";
  EXPECT_EQ(fakes.gpu_limit_w(0), 300.0);
  std::filesystem::remove(fakes.dir.file("state"));
}

TEST(HardwareSession, AppliedValuesAreWhatTheDevicesTookNotWhatWasAsked) {
  Fakes fakes;
  const int cpu = own_cpus().front();
  HardwareSession session(
      fakes.settings,
      {{HardwareKnob::cpu_cores, 1, 1}, {HardwareKnob::cpu_max_freq_khz, 800000, 3000000}}, 1,
      nullptr);
  AppliedSettings applied;
  {
    testing::SnappingMaxFreq driver(fakes.cpufreq, cpu, {800000, 1600000, 2400000, 3000000});
    applied = session.apply(
        {{HardwareKnob::cpu_cores, 1.0}, {HardwareKnob::cpu_max_freq_khz, 2000000.0}});
  }
  EXPECT_EQ(applied.placement.cpus, std::vector<int>{cpu});
  EXPECT_EQ(fakes.cpufreq.max_freq(cpu), "1600000") << "the driver resolved 2 GHz to 1.6 GHz";
  EXPECT_EQ(applied.values.at(HardwareKnob::cpu_max_freq_khz), 1600000.0);
  EXPECT_EQ(applied.values.at(HardwareKnob::cpu_cores), 1.0);
  session.release(applied);
  EXPECT_EQ(fakes.cpufreq.max_freq(cpu), "3000000");
}

TEST(HardwareSession, RestoresAJournalAKilledEcoptLeft) {
  Fakes fakes;
  // What a SIGKILLed ecopt leaves: settings changed, their originals in the journal.
  write_journal(fakes.settings.journal_file, {{HardwareKnob::gpu_power_limit_w, 1, 400.0},
                                              {HardwareKnob::cpu_max_freq_khz, 0, 3000000.0}});
  std::string reason;
  ASSERT_EQ(GpuPower::open(fakes.settings.nvml_library, reason)->set_limit_w(1, 120.0).problem, "");
  FakeCpufreq::write(fakes.cpufreq.cpufreq_dir(0) / "scaling_max_freq", "800000");
  const RestoreReport report = restore_from_journal(fakes.settings);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_EQ(report.restored.size(), 2u);
  EXPECT_EQ(fakes.cpufreq.max_freq(0), "3000000");
  EXPECT_EQ(fakes.gpu_limit_w(1), 400.0);
  EXPECT_FALSE(read_journal(fakes.settings.journal_file));
  EXPECT_TRUE(restore_from_journal(fakes.settings).restored.empty()) << "nothing left to do";
}

TEST(HardwareSession, AnotherUsersStudyRestoresWhatAKilledOneLeft) {
  Fakes fakes;
  // Two users on one host: their state folders differ, the host lock is the same.
  setenv("ECOPT_HARDWARE_LOCK", fakes.dir.file("run/hw.lock").c_str(), 1);
  const auto user = [&](const std::string& name) {
    setenv("XDG_STATE_HOME", fakes.dir.file(name).c_str(), 1);
    HardwareSettings settings = hardware_settings_from_env();
    settings.sysfs_root = fakes.settings.sysfs_root;
    settings.nvml_library = fakes.settings.nvml_library;
    return settings;
  };
  const HardwareSettings a = user("state-a");
  const HardwareSettings b = user("state-b");
  unsetenv("ECOPT_HARDWARE_LOCK");
  unsetenv("XDG_STATE_HOME");
  EXPECT_EQ(a.journal_file, fakes.dir.file("run/hw-journal.json"));
  EXPECT_EQ(b.journal_file, a.journal_file) << "one journal per host, beside the lock";
  const int cpu = own_cpus().front();
  {  // A's study is SIGKILLed while its trial runs at 800 MHz: its journal stays.
    HardwareSession killed(a, {{HardwareKnob::cpu_max_freq_khz, 8e5, 3e6}}, 1, nullptr);
    (void)killed.apply({{HardwareKnob::cpu_max_freq_khz, 800000.0}});
    ASSERT_TRUE(std::filesystem::exists(a.journal_file));
    std::filesystem::copy_file(a.journal_file, fakes.dir.file("left.json"));
  }
  std::filesystem::copy_file(fakes.dir.file("left.json"), a.journal_file);
  FakeCpufreq::write(fakes.cpufreq.cpufreq_dir(cpu) / "scaling_max_freq", "800000");
  HardwareSession session(b, {{HardwareKnob::cpu_max_freq_khz, 8e5, 3e6}}, 1, nullptr);
  EXPECT_EQ(fakes.cpufreq.max_freq(cpu), "3000000") << "B's start restored A's leftovers";
  (void)session.apply({{HardwareKnob::cpu_max_freq_khz, 1600000.0}});
  const auto journal = read_journal(b.journal_file);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->front().value, 3000000.0) << "the original, not A's trial's value";
}

TEST(HardwareSession, AnEarlierVersionsPerUserJournalIsStillRestored) {
  Fakes fakes;
  fakes.settings.legacy_journal_file = fakes.dir.file("home/.local/state/ecopt/journal.json");
  write_journal(fakes.settings.legacy_journal_file,
                {{HardwareKnob::cpu_max_freq_khz, 0, 3000000.0}});
  FakeCpufreq::write(fakes.cpufreq.cpufreq_dir(0) / "scaling_max_freq", "800000");
  const RestoreReport report = restore_from_journal(fakes.settings);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_EQ(report.journals, (std::vector<std::string>{fakes.settings.legacy_journal_file}));
  EXPECT_EQ(fakes.cpufreq.max_freq(0), "3000000");
  EXPECT_FALSE(read_journal(fakes.settings.legacy_journal_file)) << "removed once restored";
}

TEST(HardwareSession, AJournalThatCannotBeRestoredIsKept) {
  Fakes fakes;
  write_journal(fakes.settings.journal_file, {{HardwareKnob::gpu_power_limit_w, 0, 250.0}});
  setenv("FAKE_NVML_SET", "denied", 1);
  const RestoreReport report = restore_from_journal(fakes.settings);
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_TRUE(read_journal(fakes.settings.journal_file)) << "kept for a later restore";
}

TEST(HardwareSession, AStartingSessionRestoresAPendingJournalFirst) {
  Fakes fakes;
  write_journal(fakes.settings.journal_file, {{HardwareKnob::cpu_max_freq_khz, 0, 3000000.0}});
  FakeCpufreq::write(fakes.cpufreq.cpufreq_dir(0) / "scaling_max_freq", "800000");
  TempDir notes_dir;
  std::FILE* notes = std::fopen(notes_dir.file("notes").c_str(), "w+");
  HardwareSession session(fakes.settings, {{HardwareKnob::cpu_cores, 1, 1}}, 1, notes);
  EXPECT_EQ(fakes.cpufreq.max_freq(0), "3000000");
  std::rewind(notes);
  char line[256] = {};
  ASSERT_NE(std::fgets(line, sizeof line, notes), nullptr);
  EXPECT_NE(std::string(line).find("restored 1 setting"), std::string::npos) << line;
  std::fclose(notes);
}

TEST(HardwareSession, RefusesBeforeAnyTrialWithTheReasonAndTheFix) {
  Fakes fakes;
  auto refusal = [&](const std::vector<KnobRequest>& requests, int jobs) -> std::string {
    try {
      HardwareSession session(fakes.settings, requests, jobs, nullptr);
    } catch (const HardwareError& e) {
      return e.what();
    }
    return "";
  };
  setenv("FAKE_NVML_SET", "denied", 1);
  const std::string denied = refusal({{HardwareKnob::gpu_power_limit_w, 150, 250}}, 1);
  EXPECT_NE(denied.find("hardware.gpu_power_limit_w: not available"), std::string::npos) << denied;
  EXPECT_NE(denied.find("run ecopt as root"), std::string::npos) << denied;
  unsetenv("FAKE_NVML_SET");
  const std::string range = refusal({{HardwareKnob::gpu_power_limit_w, 50, 250}}, 1);
  EXPECT_NE(range.find("50 W to 250 W is outside this machine's 100 W to 350 W"), std::string::npos)
      << range;
  const std::string shared = refusal({{HardwareKnob::gpu_power_limit_w, 150, 250}}, 2);
  EXPECT_NE(shared.find("share the GPUs' power limit"), std::string::npos) << shared;
  const std::string machine_wide = refusal({{HardwareKnob::cpu_max_freq_khz, 8e5, 3e6}}, 2);
  EXPECT_NE(machine_wide.find("hardware.cpu_cores"), std::string::npos) << machine_wide;
  const auto cpus = static_cast<double>(own_cpus().size());
  const std::string too_many = refusal({{HardwareKnob::cpu_cores, 1, cpus}}, 2);
  EXPECT_NE(too_many.find("lower cpu_cores.high or --jobs"), std::string::npos) << too_many;
  EXPECT_FALSE(read_journal(fakes.settings.journal_file)) << "nothing was changed";
}

TEST(HardwareSession, TwoSessionsNeverHoldTheHostAtOnce) {
  Fakes fakes;
  std::optional<HardwareSession> first;
  first.emplace(fakes.settings, std::vector<KnobRequest>{{HardwareKnob::cpu_cores, 1, 1}}, 1,
                nullptr);
  try {
    HardwareSession second(fakes.settings, {{HardwareKnob::cpu_cores, 1, 1}}, 1, nullptr);
    FAIL() << "a second session took the host lock";
  } catch (const HardwareError& e) {
    EXPECT_NE(std::string(e.what()).find("another ecopt (pid " + std::to_string(getpid())),
              std::string::npos)
        << e.what();
  }
  first.reset();
  EXPECT_NO_THROW(HardwareSession(fakes.settings, {{HardwareKnob::cpu_cores, 1, 1}}, 1, nullptr));
}

TEST(HardwareSession, TrialsRunningAtOnceGetCpusOfTheirOwn) {
  Fakes fakes;
  if (own_cpus().size() < 2) GTEST_SKIP() << "needs two CPUs";
  HardwareSession session(
      fakes.settings,
      {{HardwareKnob::cpu_cores, 1, 1}, {HardwareKnob::cpu_max_freq_khz, 1600000, 2400000}}, 2,
      nullptr);
  const AppliedSettings a =
      session.apply({{HardwareKnob::cpu_cores, 1.0}, {HardwareKnob::cpu_max_freq_khz, 1600000.0}});
  const AppliedSettings b =
      session.apply({{HardwareKnob::cpu_cores, 1.0}, {HardwareKnob::cpu_max_freq_khz, 2400000.0}});
  ASSERT_EQ(a.placement.cpus.size(), 1u);
  ASSERT_EQ(b.placement.cpus.size(), 1u);
  EXPECT_NE(a.placement.cpus[0], b.placement.cpus[0]);
  EXPECT_EQ(a.placement.env.at("OMP_NUM_THREADS"), "1");
  EXPECT_EQ(a.placement.env.at("MKL_NUM_THREADS"), "1");
  EXPECT_EQ(fakes.cpufreq.max_freq(a.placement.cpus[0]), "1600000");
  EXPECT_EQ(fakes.cpufreq.max_freq(b.placement.cpus[0]), "2400000");
  session.release(a);
  EXPECT_EQ(fakes.cpufreq.max_freq(a.placement.cpus[0]), "3000000");
  EXPECT_EQ(fakes.cpufreq.max_freq(b.placement.cpus[0]), "2400000") << "b still runs";
  const AppliedSettings c = session.apply({{HardwareKnob::cpu_cores, 1.0}});
  EXPECT_EQ(c.placement.cpus, a.placement.cpus) << "a's CPU was freed";
}

TEST(KnobStatus, FormatsValuesWithTheirUnits) {
  EXPECT_EQ(format_knob_value(HardwareKnob::gpu_power_limit_w, 150), "150 W");
  EXPECT_EQ(format_knob_value(HardwareKnob::cpu_max_freq_khz, 2400000), "2.4 GHz");
  EXPECT_EQ(format_knob_value(HardwareKnob::cpu_max_freq_khz, 800000), "800 MHz");
  EXPECT_EQ(format_knob_value(HardwareKnob::cpu_cores, 1), "1 core");
  EXPECT_EQ(format_knob_value(HardwareKnob::cpu_cores, 4), "4 cores");
}

}  // namespace
}  // namespace ecopt::hardware
