// The meter backends against fakes: a powercap tree in a temp dir, a fake
// libnvidia-ml.so, a fake perf sysfs, and the estimator against a busy child.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../storage/temp_dir.hpp"
#include "ecopt/energy/backends.hpp"
#include "ecopt/energy/detection.hpp"
#include "ecopt/energy/window.hpp"

extern char** environ;

namespace ecopt::energy {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text << "\n";
}

/// A powercap tree as sysfs lays it out: zones and subzones side by side.
struct FakePowercap {
  ecopt::testing::TempDir dir;
  fs::path root = dir.file("powercap");

  void zone(const std::string& entry, const std::string& name, unsigned long long energy_uj,
            unsigned long long range_uj = 262143328850ull) {
    write_file(root / entry / "name", name);
    write_file(root / entry / "max_energy_range_uj", std::to_string(range_uj));
    set(entry, energy_uj);
  }
  void set(const std::string& entry, unsigned long long energy_uj) {
    write_file(root / entry / "energy_uj", std::to_string(energy_uj));
  }
};

double domain_energy(const MeterReading& r, const Meter& m, const std::string& name) {
  for (std::size_t d = 0; d < m.domains().size(); ++d) {
    if (m.domains()[d].name == name) return r.energy_j[d];
  }
  ADD_FAILURE() << "no domain " << name;
  return -1;
}

TEST(Powercap, ReadsPackagesAndDramSkipsCoreMmioAndKeepsPsysOutOfTotals) {
  FakePowercap fake;
  fake.zone("intel-rapl:0", "package-0", 1'000'000);
  fake.zone("intel-rapl:0:0", "core", 500'000);
  fake.zone("intel-rapl:0:1", "dram", 200'000);
  fake.zone("intel-rapl:1", "package-1", 3'000'000);
  fake.zone("intel-rapl:1:0", "dram", 100'000);
  fake.zone("intel-rapl:2", "psys", 9'000'000);
  fake.zone("intel-rapl-mmio:0", "package-0", 7'000'000);
  MeterProbe probe = open_powercap_meter(fake.root.string());
  ASSERT_TRUE(probe.available()) << probe.reason;
  std::vector<std::string> names;
  for (const auto& d : probe.meter->domains()) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cpu-package-0", "dram-0", "cpu-package-1", "dram-1",
                                             "psys"}));
  EXPECT_FALSE(probe.meter->domains().back().in_total);
  EXPECT_FALSE(probe.meter->domains()[0].estimated);

  fake.set("intel-rapl:0", 3'500'000);    // +2.5 J
  fake.set("intel-rapl:0:1", 700'000);    // +0.5 J
  fake.set("intel-rapl:0:0", 9'999'999);  // core: ignored
  const MeterReading r = probe.meter->read();
  EXPECT_DOUBLE_EQ(domain_energy(r, *probe.meter, "cpu-package-0"), 2.5);
  EXPECT_DOUBLE_EQ(domain_energy(r, *probe.meter, "dram-0"), 0.5);
  EXPECT_DOUBLE_EQ(domain_energy(r, *probe.meter, "cpu-package-1"), 0.0);
}

TEST(Powercap, UnwrapsACounterThatWrapsAround) {
  FakePowercap fake;
  const unsigned long long range = 4'000'000;  // 4 J range, to wrap quickly
  fake.zone("intel-rapl:0", "package-0", 3'900'000, range);
  MeterProbe probe = open_powercap_meter(fake.root.string());
  ASSERT_TRUE(probe.available()) << probe.reason;
  // Wrap-safe polling: 4 J at no more than 1000 W must be read within 2 ms.
  EXPECT_NEAR(probe.meter->max_read_interval_s(), 0.5 * 4.0 / kRaplDefaultMaxPowerW, 1e-12);
  fake.set("intel-rapl:0", 200'000);  // near the top, then wrapped to a small value
  EXPECT_DOUBLE_EQ(probe.meter->read().energy_j[0], 0.3);  // 0.1 J to the top + 0.2 J after
  fake.set("intel-rapl:0", 1'200'000);
  EXPECT_DOUBLE_EQ(probe.meter->read().energy_j[0], 1.3);
  fake.set("intel-rapl:0", 100'000);  // wrapped again
  EXPECT_DOUBLE_EQ(probe.meter->read().energy_j[0], 4.2);
}

TEST(Powercap, MissingTreeAndMissingZonesAreReasonsNotErrors) {
  ecopt::testing::TempDir dir;
  MeterProbe missing = open_powercap_meter(dir.file("nowhere"));
  EXPECT_FALSE(missing.available());
  EXPECT_NE(missing.reason.find("no powercap tree"), std::string::npos) << missing.reason;
  fs::create_directories(dir.file("empty"));
  MeterProbe empty = open_powercap_meter(dir.file("empty"));
  EXPECT_NE(empty.reason.find("has no intel-rapl package zones"), std::string::npos)
      << empty.reason;
}

TEST(Powercap, RootOnlyCounterNamesTheFix) {
  FakePowercap fake;
  fake.zone("intel-rapl:0", "package-0", 1000);
  fs::permissions(fake.root / "intel-rapl:0" / "energy_uj", fs::perms::owner_read);
  // Root reads anything: probe as an unprivileged user in a child, as a real user would.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(pipe_fds[0]);
    if (getuid() == 0 && setuid(65534) != 0) _exit(3);
    const MeterProbe probe = open_powercap_meter(fake.root.string());
    const std::string reason = probe.available() ? "AVAILABLE" : probe.reason;
    (void)!write(pipe_fds[1], reason.data(), reason.size());
    _exit(0);
  }
  close(pipe_fds[1]);
  std::string reason;
  char buffer[512];
  for (ssize_t got; (got = read(pipe_fds[0], buffer, sizeof buffer)) > 0;)
    reason.append(buffer, static_cast<std::size_t>(got));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(reason.find("Permission denied"), std::string::npos) << reason;
  EXPECT_NE(reason.find("CVE-2020-8694"), std::string::npos) << reason;
  EXPECT_NE(reason.find("perf power events"), std::string::npos) << reason;
}

TEST(Detection, RejectsACounterThatNeverAdvancesAndFallsBackToTheEstimator) {
  FakePowercap fake;
  fake.zone("intel-rapl:0", "package-0", 0);  // reads, but stays at 0 J like a VM's placeholder
  DetectionSettings settings;
  settings.powercap_root = fake.root.string();
  settings.sysfs_root = fake.dir.file("sys");
  settings.gpus = false;
  settings.advance_check_s = 0.05;
  const Detection detection = detect_meters(settings);
  ASSERT_EQ(detection.backends.size(), 3u);
  EXPECT_EQ(detection.backends[0].backend, "powercap");
  EXPECT_FALSE(detection.backends[0].chosen);
  EXPECT_NE(detection.backends[0].detail.find("rejected: its counters did not advance"),
            std::string::npos)
      << detection.backends[0].detail;
  EXPECT_NE(detection.backends[0].detail.find("cpu-package-0 0 J"), std::string::npos)
      << detection.backends[0].detail;
  EXPECT_EQ(detection.backends[1].backend, "perf");
  EXPECT_FALSE(detection.backends[1].available);
  EXPECT_EQ(detection.backends[2].backend, "estimator");
  EXPECT_TRUE(detection.backends[2].chosen);
  EXPECT_EQ(detection.meter->name(), "estimator");
  EXPECT_TRUE(detection.meter->domains()[0].estimated);
}

TEST(PerfPower, FakeSysfsWithoutUsableEventsIsUnavailableWithAReason) {
  ecopt::testing::TempDir dir;
  const fs::path pmu = fs::path(dir.file("sys")) / "bus/event_source/devices/power";
  EXPECT_NE(open_perf_power_meter(dir.file("sys")).reason.find("no perf power PMU"),
            std::string::npos);
  write_file(pmu / "type", "4294967295");  // no such PMU type: perf_event_open fails
  write_file(pmu / "cpumask", "0");
  write_file(pmu / "events/energy-pkg", "event=0x02");
  write_file(pmu / "events/energy-pkg.scale", "2.3283064365386962890625e-10");
  const MeterProbe probe = open_perf_power_meter(dir.file("sys"));
  EXPECT_FALSE(probe.available());
  EXPECT_NE(probe.reason.find("energy-pkg: perf_event_open"), std::string::npos) << probe.reason;
}

TEST(PerfPower, RealPowerPmuWhenTheMachineHasOne) {
  if (!fs::exists("/sys/bus/event_source/devices/power/type")) {
    GTEST_SKIP()
        << "this machine has no perf power PMU (a VM); the fake-sysfs test covers the parsing";
  }
  MeterProbe probe = open_perf_power_meter("/sys");
  if (!probe.available()) GTEST_SKIP() << probe.reason;
  std::string why;
  // Either it counts, or detection must say it does not (the VM placeholder case).
  if (!advances_under_load(*probe.meter, 0.2, &why)) {
    EXPECT_NE(why.find("did not advance"), std::string::npos);
  }
}

/// Samples every sampler once, marks the start, samples them `inside` more rounds, marks
/// the end and samples once more: a window whose edges lie between samples.
struct Span {
  double start_s, end_s;
};
Span sampled_span(std::initializer_list<EnergySampler*> samplers, int inside) {
  for (EnergySampler* s : samplers) s->sample_now();
  const double start_s = monotonic_now_s();
  for (int i = 0; i < inside; ++i) {
    for (EnergySampler* s : samplers) s->sample_now();
  }
  const double end_s = monotonic_now_s();
  for (EnergySampler* s : samplers) s->sample_now();
  return {start_s, end_s};
}

/// Samples at 1 s steps of a fake clock: `now_s` = from_s + 1 ... from_s + count.
void sample_each_second(EnergySampler& sampler, double& now_s, double from_s, int count) {
  for (int i = 1; i <= count; ++i) {
    now_s = from_s + i;
    sampler.sample_now();
  }
}

class FakeNvml : public ::testing::Test {
 protected:
  /// NVML whose energy counter reads `values_mj` in turn, failing on `failing_calls`,
  /// timed by the fake clock `now_s`.
  static MeterProbe open_failing(const char* values_mj, const char* failing_calls, double& now_s) {
    setenv("FAKE_NVML_VALUES", values_mj, 1);
    setenv("FAKE_NVML_FAIL", failing_calls, 1);
    return open_nvml_meter(ECOPT_FAKE_NVML_PATH, [&now_s] { return now_s; });
  }
  void TearDown() override {
    for (const char* name :
         {"FAKE_NVML_MODE", "FAKE_NVML_GPUS", "FAKE_NVML_VALUES", "FAKE_NVML_PIDS",
          "FAKE_NVML_FAIL", "FAKE_NVML_UTIL", "CUDA_VISIBLE_DEVICES"})
      unsetenv(name);
  }
};

TEST_F(FakeNvml, MissingLibraryIsAReason) {
  const MeterProbe probe = open_nvml_meter("/nonexistent/libnvidia-ml.so.1");
  EXPECT_FALSE(probe.available());
  EXPECT_NE(probe.reason.find("no NVIDIA driver here"), std::string::npos) << probe.reason;
}

TEST_F(FakeNvml, InitFailureCarriesNvmlsMessage) {
  setenv("FAKE_NVML_MODE", "init_fails", 1);
  const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  EXPECT_NE(probe.reason.find("nvmlInit failed: Driver Not Loaded"), std::string::npos)
      << probe.reason;
}

TEST_F(FakeNvml, EnergyCounterGivesOneDomainPerGpu) {
  setenv("FAKE_NVML_GPUS", "2", 1);
  setenv("FAKE_NVML_VALUES", "1000,1500,4000,9000", 1);  // mJ, per device
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  ASSERT_TRUE(probe.available()) << probe.reason;
  ASSERT_EQ(probe.meter->domains().size(), 2u);
  EXPECT_EQ(probe.meter->domains()[1].name, "gpu-1");
  EXPECT_DOUBLE_EQ(probe.meter->domains()[0].resolution_j, 1e-3);
  EXPECT_DOUBLE_EQ(probe.meter->read().energy_j[0], 0.5);  // 1500 - 1000 mJ
  const MeterReading r = probe.meter->read();
  EXPECT_DOUBLE_EQ(r.energy_j[0], 3.0);
  EXPECT_DOUBLE_EQ(r.energy_j[1], 3.0);
}

TEST_F(FakeNvml, PowerIntegratorMatchesAKnownIntegral) {
  // P(t) = 100 + 50 t W sampled every 0.5 s on [0, 10]: the trapezoid rule is exact for a
  // linear power, and the integral is 100*10 + 25*10^2 = 3500 J.
  setenv("FAKE_NVML_MODE", "power", 1);
  std::string values;
  for (int i = 0; i <= 20; ++i)
    values += (i ? "," : "") + std::to_string(static_cast<int>((100 + 50 * 0.5 * i) * 1000));
  setenv("FAKE_NVML_VALUES", values.c_str(), 1);
  double now = 0.0;
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH, [&now] { return now; });
  ASSERT_TRUE(probe.available()) << probe.reason;
  EXPECT_DOUBLE_EQ(probe.meter->domains()[0].update_period_s, 1.0);
  MeterReading r;
  for (int i = 1; i <= 20; ++i) {
    now = 0.5 * i;
    r = probe.meter->read();
  }
  EXPECT_NEAR(r.energy_j[0], 3500.0, 1e-9);
}

TEST_F(FakeNvml, AFailedCounterReadIsAGapNotAResetAndWindowsBridgeIt) {
  // +1 J per read; reads 2 and 3 fail (call 0 is the meter's opening read). Before, a
  // failed read reported the opening value (0 J), so a window starting there counted the
  // whole run since the meter opened.
  double now_s = 100.0;
  MeterProbe probe = open_failing("0,1000,2000,3000,4000,5000,6000,7000,8000", "2,3", now_s);
  ASSERT_TRUE(probe.available()) << probe.reason;
  EnergySampler sampler(*probe.meter);
  sample_each_second(sampler, now_s, 100.0, 6);  // 101 .. 106 s: 1 J, gap, gap, 4, 5, 6 J
  const auto at_gap = sampler.at(102.0);
  ASSERT_TRUE(at_gap.has_value());
  EXPECT_DOUBLE_EQ(at_gap->values[0], 2.0);  // bridged from 101 s and 104 s
  // Edges on readings either side of the gap: exact, the counter kept counting.
  const auto across = measure_window(sampler, "train", 101.0, 105.0, 0, {});
  EXPECT_DOUBLE_EQ(across.energy_j.at("gpu-0"), 4.0);
  EXPECT_TRUE(across.notes.empty());
  // An edge inside the gap: bridged, and the uncertainty says by how much it could be off.
  const auto inside = measure_window(sampler, "train", 102.5, 106.0, 0, {});
  EXPECT_DOUBLE_EQ(inside.energy_j.at("gpu-0"), 3.5);
  EXPECT_GE(inside.uncertainty_j, 1.5);  // max(w, 1 - w) x 3 J at the start edge
  ASSERT_EQ(inside.notes.size(), 1u);
  EXPECT_NE(inside.notes[0].find("gpu-0"), std::string::npos) << inside.notes[0];
}

TEST_F(FakeNvml, ACounterThatStopsAnsweringFailsTheWindowWithAReason) {
  double now_s = 0.0;
  MeterProbe probe = open_failing("0,1000,2000,3000", "3,4,5,6,7,8,9", now_s);
  ASSERT_TRUE(probe.available()) << probe.reason;
  EnergySampler sampler(*probe.meter);
  sample_each_second(sampler, now_s, 0.0, 6);
  EXPECT_DOUBLE_EQ(measure_window(sampler, "early", 1.0, 2.0, 0, {}).energy_j.at("gpu-0"), 1.0);
  try {
    (void)measure_window(sampler, "train", 1.0, 5.0, 0, {});
    ADD_FAILURE() << "a window past the last reading got a number";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("gpu-0 could not be read around the window's end"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(FakeNvml, AFailedPowerReadIsBridgedByTheTrapezoidAcrossIt) {
  // 100 W, then 200 W; the reads at 2 s and 3 s fail. The integral from the reading at 1 s
  // (100 W) to the one at 4 s (200 W) is the trapezoid across the gap: 450 J.
  setenv("FAKE_NVML_MODE", "power", 1);
  setenv("FAKE_NVML_VALUES", "100000,100000,0,0,200000,200000", 1);
  setenv("FAKE_NVML_FAIL", "2,3", 1);
  double now_s = 0.0;
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH, [&now_s] { return now_s; });
  ASSERT_TRUE(probe.available()) << probe.reason;
  std::vector<double> energy_j;
  for (int i = 1; i <= 5; ++i) {
    now_s = i;
    energy_j.push_back(probe.meter->read().energy_j[0]);
  }
  EXPECT_DOUBLE_EQ(energy_j[0], 100.0);
  EXPECT_FALSE(is_reading(energy_j[1]));
  EXPECT_FALSE(is_reading(energy_j[2]));
  EXPECT_DOUBLE_EQ(energy_j[3], 100.0 + 450.0);
  EXPECT_DOUBLE_EQ(energy_j[4], 100.0 + 450.0 + 200.0);
}

TEST_F(FakeNvml, ASharedGpuIsSplitByPerProcessUtilisationWhereTheDriverHasIt) {
  // The trial (this process) keeps 30 % of the SMs busy, another process 90 %: the trial
  // is charged a quarter of the GPU, not all of it.
  setenv("FAKE_NVML_VALUES", "0,1000,2000,3000,4000,5000,6000,7000,8000", 1);
  const std::string self = std::to_string(getpid());
  setenv("FAKE_NVML_PIDS", (self + ",424242").c_str(), 1);
  setenv("FAKE_NVML_UTIL", (self + ":30,424242:90").c_str(), 1);
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  ASSERT_TRUE(probe.available()) << probe.reason;
  EnergySampler sampler(*probe.meter, {.process_root_pid = static_cast<int>(getpid())});
  const auto [start_s, end_s] = sampled_span({&sampler}, 3);
  const auto system = measure_window(sampler, "train", start_s, end_s, 0, {});
  const auto process =
      measure_window(sampler, "train", start_s, end_s, 0, {Scope::process, nullptr});
  EXPECT_NEAR(process.energy_j.at("gpu-0"), 0.25 * system.energy_j.at("gpu-0"), 1e-9);
  EXPECT_EQ(process.attribution.at("gpu-0"), "gpu-utilisation-share");
  EXPECT_EQ(system.attribution.at("gpu-0"), "whole");
}

TEST_F(FakeNvml, WithoutUtilisationTrialsOnOneGpuShareItByTime) {
  // Two trials at once (`ecopt tune --jobs 2`), NVML able to tell neither utilisation nor
  // processes: each is charged half the GPU while both run, not the whole of it twice.
  setenv("FAKE_NVML_VALUES", "0,1000,2000,3000,4000,5000,6000,7000,8000,9000,10000", 1);
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  ASSERT_TRUE(probe.available()) << probe.reason;
  DeviceSharing sharing;
  const int self = static_cast<int>(getpid());
  EnergySampler first(*probe.meter, {.process_root_pid = self, .sharing = &sharing});
  EnergySampler second(*probe.meter, {.process_root_pid = self, .sharing = &sharing});
  const auto [start_s, end_s] = sampled_span({&first, &second}, 3);
  for (const EnergySampler* sampler : {&first, &second}) {
    const auto system = measure_window(*sampler, "train", start_s, end_s, 0, {});
    const auto process =
        measure_window(*sampler, "train", start_s, end_s, 0, {Scope::process, nullptr});
    EXPECT_NEAR(process.energy_j.at("gpu-0"), 0.5 * system.energy_j.at("gpu-0"), 1e-9);
    EXPECT_EQ(process.attribution.at("gpu-0"), "gpu-time-share");
  }
  // Alone, a trial whose GPU use NVML cannot see is charged the whole GPU, and says so.
  EnergySampler alone(*probe.meter, {.process_root_pid = self});
  const Span span = sampled_span({&alone}, 1);
  const auto whole =
      measure_window(alone, "train", span.start_s, span.end_s, 0, {Scope::process, nullptr});
  EXPECT_EQ(whole.attribution.at("gpu-0"), "gpu-whole-unknown");
}

TEST_F(FakeNvml, ProcessScopeCountsOnlyTheGpusTheTrialUses) {
  setenv("FAKE_NVML_GPUS", "2", 1);
  setenv("FAKE_NVML_VALUES", "0,1000,2000,3000,4000,5000,6000,7000,8000", 1);  // +1 J per read
  const std::string self = std::to_string(getpid());
  setenv("FAKE_NVML_PIDS", (self + ",99999999;424242").c_str(),
         1);  // gpu-0: us; gpu-1: someone else
  MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  ASSERT_TRUE(probe.available()) << probe.reason;
  EnergySampler sampler(*probe.meter, {.process_root_pid = static_cast<int>(getpid())});
  const auto [start_s, end_s] = sampled_span({&sampler}, 2);
  const auto process =
      measure_window(sampler, "inference", start_s, end_s, 0, {Scope::process, nullptr});
  EXPECT_GT(process.energy_j.at("gpu-0"), 0.0);
  EXPECT_EQ(process.energy_j.at("gpu-1"), 0.0);  // NVML shows the trial never used it
  const auto system =
      measure_window(sampler, "inference", start_s, end_s, 0, {Scope::system, nullptr});
  EXPECT_GT(system.energy_j.at("gpu-1"), 0.0);
  // When NVML cannot tell, a GPU counts whole.
  unsetenv("FAKE_NVML_PIDS");
  MeterProbe unknown = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  ASSERT_TRUE(unknown.available());
  EXPECT_FALSE(unknown.meter->processes_on(1).has_value());
}

TEST_F(FakeNvml, MeasuresOnlyTheGpusCudaVisibleDevicesLeavesThisProcess) {
  // What Slurm does for a job with two of the node's four GPUs.
  setenv("FAKE_NVML_GPUS", "4", 1);
  setenv("CUDA_VISIBLE_DEVICES", "2,0", 1);
  auto names = [](const MeterProbe& probe) {
    std::vector<std::string> result;
    for (const auto& d : probe.meter->domains()) result.push_back(d.name);
    return result;
  };
  {
    const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
    ASSERT_TRUE(probe.available()) << probe.reason;
    EXPECT_EQ(names(probe), (std::vector<std::string>{"gpu-0", "gpu-2"}));
    EXPECT_NE(probe.description.find("CUDA_VISIBLE_DEVICES=2,0"), std::string::npos)
        << probe.description;
  }
  {  // by UUID, or a unique prefix of one
    setenv("CUDA_VISIBLE_DEVICES", "GPU-fake-0000-3,GPU-fake-0000-1", 1);
    const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
    ASSERT_TRUE(probe.available()) << probe.reason;
    EXPECT_EQ(names(probe), (std::vector<std::string>{"gpu-1", "gpu-3"}));
  }
  {  // as in CUDA, an invalid entry ends the list
    setenv("CUDA_VISIBLE_DEVICES", "1,bogus,3", 1);
    const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
    ASSERT_TRUE(probe.available()) << probe.reason;
    EXPECT_EQ(names(probe), (std::vector<std::string>{"gpu-1"}));
    EXPECT_NE(probe.description.find("'bogus' is not a GPU index"), std::string::npos)
        << probe.description;
  }
  {  // no GPU for this process: unavailable, with the reason
    setenv("CUDA_VISIBLE_DEVICES", "", 1);
    const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
    EXPECT_FALSE(probe.available());
    EXPECT_NE(probe.reason.find("CUDA_VISIBLE_DEVICES leaves this process no GPU"),
              std::string::npos)
        << probe.reason;
  }
  {
    setenv("CUDA_VISIBLE_DEVICES", "7", 1);
    const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
    EXPECT_FALSE(probe.available());
    EXPECT_NE(probe.reason.find("names GPU 7, but NVML sees 4"), std::string::npos) << probe.reason;
  }
}

TEST_F(FakeNvml, DeviceWithoutCounterOrPowerIsUnavailableNotAnError) {
  setenv("FAKE_NVML_MODE", "unsupported", 1);
  const MeterProbe probe = open_nvml_meter(ECOPT_FAKE_NVML_PATH);
  EXPECT_FALSE(probe.available());
  EXPECT_NE(probe.reason.find("neither an energy counter nor power readings (Not Supported"),
            std::string::npos)
      << probe.reason;
}

TEST(Estimator, HandsTheSamplerTheMachineCpuTimeItRead) {
  // A fake /proc: the estimator's CPU time (user + nice + system + irq + softirq + steal)
  // and memory in use (MemTotal - MemAvailable) come from its two files.
  ecopt::testing::TempDir dir;
  std::filesystem::create_directories(dir.file("proc"));
  auto write_stat = [&](int user_ticks) {
    std::ofstream(dir.file("proc/stat"))
        << "cpu  " << user_ticks << " 1 2 900 7 3 4 5 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n";
  };
  write_stat(100);
  std::ofstream(dir.file("proc/meminfo"))
      << "MemTotal:        4000000 kB\nMemFree:          500000 kB\n"
         "MemAvailable:    3000000 kB\nBuffers:           1000 kB\n";
  EstimatorSettings settings;
  settings.watts_per_core = 10.0;
  settings.proc_root = dir.file("proc");
  MeterProbe probe = open_estimator_meter(settings);
  ASSERT_TRUE(probe.available());
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const MeterReading first = probe.meter->read();
  EXPECT_DOUBLE_EQ(first.machine_cpu_s, (100 + 1 + 2 + 3 + 4 + 5) / ticks);
  write_stat(300);
  const MeterReading second = probe.meter->read();
  EXPECT_NEAR(second.energy_j[0], 10.0 * 200 / ticks, 1e-9);  // 200 more busy ticks at 10 W
  // The sampler records the meter's machine CPU time rather than reading /proc/stat again
  // (its own proc_root here has no stat file, which would read as 0).
  EnergySampler sampler(*probe.meter, {.proc_root = dir.file("no-proc")});
  const double at_s = sampler.sample_now();
  const std::size_t n = probe.meter->domains().size();
  EXPECT_DOUBLE_EQ(sampler.at(at_s)->values[n + 1], (300 + 1 + 2 + 3 + 4 + 5) / ticks);
}

TEST(Estimator, BusyChildGetsCpuTimeTimesPowerPerCore) {
  // A child burns about 0.4 s of CPU; the estimator, tracking its process tree at 10 W per
  // core, must report 10 W x its CPU time, which getrusage confirms independently.
  const char* argv[] = {"/usr/bin/env", "python3", "-c",
                        "import time\nt=time.process_time()\nwhile time.process_time()-t<0.4: pass",
                        nullptr};
  pid_t child = 0;
  ASSERT_EQ(posix_spawn(&child, argv[0], nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  EstimatorSettings settings;
  settings.watts_per_core = 10.0;
  settings.root_pid = child;
  MeterProbe probe = open_estimator_meter(settings);
  ASSERT_TRUE(probe.available());
  EXPECT_NE(probe.description.find("ESTIMATED"), std::string::npos);
  const double start_j = probe.meter->read().energy_j[0];  // the interpreter's start-up so far
  rusage before{};
  getrusage(RUSAGE_CHILDREN, &before);
  siginfo_t info{};
  waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT);  // keep the zombie's times
  const double end_j = probe.meter->read().energy_j[0];
  int status = 0;
  waitpid(child, &status, 0);
  rusage after{};
  getrusage(RUSAGE_CHILDREN, &after);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
  };
  const double child_cpu_s = seconds(after.ru_utime) + seconds(after.ru_stime) -
                             seconds(before.ru_utime) - seconds(before.ru_stime);
  EXPECT_GT(child_cpu_s, 0.35);
  // The meter counts from its creation, just after the spawn, so it misses the
  // interpreter's first few tens of milliseconds; clock ticks are 10 ms.
  EXPECT_LE(end_j, 10.0 * (child_cpu_s + 0.02));
  EXPECT_GE(end_j, 10.0 * (child_cpu_s - 0.1));
  EXPECT_LT(start_j, 10.0 * 0.1);
  EXPECT_TRUE(probe.meter->domains()[0].estimated);
  EXPECT_DOUBLE_EQ(probe.meter->domains()[0].relative_uncertainty, 0.5);
}

}  // namespace
}  // namespace ecopt::energy
