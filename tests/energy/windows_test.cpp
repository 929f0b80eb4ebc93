// Windows cut from the sampled series: exact interpolation at late boundaries, net energy
// against an idle profile, uncertainty, carbon, and the profile file.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "../storage/temp_dir.hpp"
#include "ecopt/energy/baseline.hpp"
#include "ecopt/energy/carbon.hpp"
#include "ecopt/energy/window.hpp"
#include "fake_meter.hpp"

namespace ecopt::energy {
namespace {

using testing::ScriptedMeter;

std::vector<DomainInfo> two_counters() {
  return {{"cpu-package-0", DomainKind::cpu_package, 1e-6, 0.001, false, 0.0, true},
          {"psys", DomainKind::psys, 1e-6, 0.001, false, 0.0, false}};
}

TEST(Series, InterpolatesLinearlyAndRefusesTimesOutsideOrOutOfOrder) {
  CumulativeSeries series(2, 10);
  series.append(1.0, std::vector<double>{0.0, 10.0});
  series.append(3.0, std::vector<double>{20.0, 10.0});
  EXPECT_EQ(series.at(2.5)->values, (std::vector<double>{15.0, 10.0}));
  EXPECT_EQ(series.at(3.0)->values, (std::vector<double>{20.0, 10.0}));
  EXPECT_FALSE(series.at(0.5).has_value());
  EXPECT_FALSE(series.at(3.5).has_value());
  EXPECT_THROW(series.append(2.0, std::vector<double>{1, 1}), std::invalid_argument);
  for (int i = 0; i < 20; ++i) series.append(4.0 + i, std::vector<double>{0, 0});
  EXPECT_LE(series.size(), 10u);          // bounded (thinned)
  EXPECT_EQ(series.first_time_s(), 1.0);  // ... and still reaching back to the start
}

TEST(Windows, PhaseEnergiesFromScriptedCountersAreExact) {
  // Package power 40 W from t=100 s, 10 Hz readings; psys (platform) 55 W but never in totals.
  std::vector<MeterReading> script;
  for (int i = 0; i <= 50; ++i)
    script.push_back({100.0 + 0.1 * i, {40.0 * 0.1 * i, 55.0 * 0.1 * i}});
  ScriptedMeter meter(two_counters(), script);
  EnergySampler sampler(meter);
  for (int i = 0; i <= 50; ++i) sampler.sample_now();
  // A trial reported its phase at t = 101.23 .. 103.57 with its own clock, between samples.
  const measurement::PhaseMeasurement m =
      measure_window(sampler, "inference", 101.23, 103.57, 1000, {});
  EXPECT_NEAR(m.energy_j.at("cpu-package-0"), 40.0 * 2.34, 1e-9);
  EXPECT_FALSE(m.energy_j.contains("psys"));  // overlaps the package: not added
  EXPECT_NEAR(m.total_energy_j(), 93.6, 1e-9);
  EXPECT_NEAR(m.duration_s, 2.34, 1e-12);
  EXPECT_EQ(m.samples, 1000);
  EXPECT_FALSE(m.estimated);
  // Two readings of 1 uJ resolution, plus 40 W x 1 ms update period at the boundaries.
  EXPECT_NEAR(m.uncertainty_j, 2e-6 + 40.0 * 0.001, 1e-12);
  EXPECT_TRUE(m.net_energy_j.empty());
  EXPECT_THROW((void)measure_window(sampler, "late", 104.0, 106.0, 0, {}), std::out_of_range);
}

// A begin/end pair reads each meter once per edge (the bench's 50 us target), and the
// window is still exact per domain, with the counter's and the estimate's uncertainty and
// labels, also for windows that overlap.
TEST(Windows, PhaseRecorderReadsTheMetersOncePerEdgeAndStaysExact) {
  const std::vector<DomainInfo> domains = {
      {"cpu-package-0", DomainKind::cpu_package, 1e-6, 0.001, false, 0.0, true},
      {"cpu-estimate", DomainKind::cpu_estimate, 0.0, 0.0, true, 0.5, true}};
  ScriptedMeter meter(
      domains,
      {{10.0, {100.0, 50.0}}, {11.0, {110.0, 54.0}}, {12.0, {130.0, 60.0}}, {20.0, {210.0, 80.0}}});
  EnergySampler sampler(meter);  // not started: only the edges read the meter
  PhaseRecorder recorder(sampler, WindowSettings{});
  recorder.begin("a");  // reading 0
  recorder.begin("b");  // reading 1
  EXPECT_EQ(meter.reads(), 2u);
  const measurement::PhaseMeasurement a = recorder.end("a", 4);  // reading 2
  const measurement::PhaseMeasurement b = recorder.end("b");     // reading 3
  EXPECT_EQ(meter.reads(), 4u);

  EXPECT_DOUBLE_EQ(a.duration_s, 2.0);
  EXPECT_DOUBLE_EQ(a.energy_j.at("cpu-package-0"), 30.0);
  EXPECT_DOUBLE_EQ(a.energy_j.at("cpu-estimate"), 10.0);
  EXPECT_EQ(a.samples, 4);
  EXPECT_TRUE(a.estimated);  // one of its domains is an estimate
  // Counter: two resolutions plus mean power x update period; estimate: its +-50 %.
  const double counter_u = 2.0 * 1e-6 + (30.0 / 2.0) * 0.001;
  EXPECT_NEAR(a.uncertainty_j, std::hypot(counter_u, 0.5 * 10.0), 1e-12);
  EXPECT_TRUE(a.notes.empty());  // exact edges: no interpolation bound

  EXPECT_DOUBLE_EQ(b.duration_s, 9.0);
  EXPECT_DOUBLE_EQ(b.energy_j.at("cpu-package-0"), 100.0);
  EXPECT_DOUBLE_EQ(b.energy_j.at("cpu-estimate"), 26.0);
  EXPECT_DOUBLE_EQ(b.start_monotonic_s, 11.0);
  EXPECT_DOUBLE_EQ(b.end_monotonic_s, 20.0);
}

TEST(Windows, NetEnergySubtractsIdlePowerAndEstimatesCarryTheirUncertainty) {
  std::vector<DomainInfo> domains{
      {"cpu-estimate", DomainKind::cpu_estimate, 0, 0, true, 0.5, true}};
  std::vector<MeterReading> script{{10.0, {0.0}}, {20.0, {100.0}}};
  ScriptedMeter meter(domains, script);
  EnergySampler sampler(meter);
  sampler.sample_now();
  sampler.sample_now();
  MachineProfile idle;
  idle.idle_power_w["cpu-estimate"] = 3.0;
  const measurement::PhaseMeasurement m =
      measure_window(sampler, "train", 10.0, 20.0, 0, {Scope::system, &idle});
  EXPECT_DOUBLE_EQ(m.total_energy_j(), 100.0);
  EXPECT_DOUBLE_EQ(m.total_net_energy_j(), 100.0 - 3.0 * 10.0);
  EXPECT_TRUE(m.estimated);
  EXPECT_DOUBLE_EQ(m.uncertainty_j, 50.0);
}

TEST(Baseline, CalibrationMeasuresIdlePowerAndTheProfileRoundTrips) {
  std::vector<MeterReading> script;
  for (int i = 0; i < 100; ++i)
    script.push_back({5.0 + 0.25 * i, {7.5 * 0.25 * i, 20.0 * 0.25 * i}});
  ScriptedMeter meter(two_counters(), script);
  const MachineProfile profile = calibrate_idle(meter, 0.3);
  const double duration_s = 0.25 * static_cast<double>(meter.reads() - 1);
  EXPECT_DOUBLE_EQ(profile.duration_s, duration_s);
  EXPECT_NEAR(profile.idle_power_w.at("cpu-package-0"), 7.5, 1e-9);
  ecopt::testing::TempDir dir;
  const std::string path = dir.file("state/ecopt/machine-profile.json");
  EXPECT_FALSE(load_profile(path).has_value());
  save_profile(path, profile);
  const auto loaded = load_profile(path);
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->idle_power_w, profile.idle_power_w);
  EXPECT_EQ(loaded->meter, "scripted");
  // A device, pipe or folder at PATH is refused, not replaced by the renamed file.
  const std::string folder = dir.file("state");
  EXPECT_THROW(save_profile(folder, profile), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_directory(folder));
  const std::string pipe = dir.file("pipe");
  ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
  EXPECT_THROW(save_profile(pipe, profile), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_fifo(pipe));
  std::ofstream(path) << "{broken";
  try {
    (void)load_profile(path);
    ADD_FAILURE() << "a broken profile was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("run `ecopt calibrate` again"), std::string::npos)
        << e.what();
  }
}

TEST(Carbon, TableLookupOverrideAndPue) {
  const auto france = lookup_grid_intensity("fra");
  ASSERT_TRUE(france.has_value());
  EXPECT_EQ(france->region, "FRA");
  EXPECT_GT(france->gco2e_per_kwh, 0.0);
  EXPECT_GT(all_grid_intensities().size(), 200u);
  EXPECT_TRUE(lookup_grid_intensity("WORLD").has_value());
  // 3.6 MJ = 1 kWh at 400 g/kWh with PUE 1.5 -> 600 g.
  const CarbonSettings custom = carbon_settings("WORLD", 400.0, 1.5);
  EXPECT_DOUBLE_EQ(carbon_g(3.6e6, custom), 600.0);
  EXPECT_EQ(custom.source, "user-supplied");
  const CarbonSettings table = carbon_settings("DEU", std::nullopt, 1.0);
  EXPECT_DOUBLE_EQ(table.gco2e_per_kwh, lookup_grid_intensity("DEU")->gco2e_per_kwh);
  EXPECT_NE(table.source.find("Ember"), std::string::npos);
  EXPECT_THROW((void)carbon_settings("ATLANTIS", std::nullopt, 1.0), std::invalid_argument);
  EXPECT_THROW((void)carbon_settings("FRA", std::nullopt, 0.9), std::invalid_argument);
  EXPECT_THROW((void)carbon_settings("FRA", std::nullopt, INFINITY), std::invalid_argument);
  EXPECT_THROW((void)carbon_settings("FRA", 0.0, 1.0), std::invalid_argument);
  EXPECT_THROW((void)carbon_settings("FRA", NAN, 1.0), std::invalid_argument);
}

TEST(Sampler, BackgroundThreadSamplesAtItsRate) {
  std::vector<DomainInfo> domains{
      {"cpu-estimate", DomainKind::cpu_estimate, 0, 0, true, 0.5, true}};
  struct ClockMeter final : Meter {
    std::vector<DomainInfo> d;
    std::string name() const override { return "clock"; }
    const std::vector<DomainInfo>& domains() const override { return d; }
    MeterReading read() override { return {monotonic_now_s(), {monotonic_now_s() * 2.0}}; }
  } meter;
  meter.d = domains;
  EnergySampler sampler(meter, {.interval_s = 0.01});
  sampler.start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  sampler.stop();
  EXPECT_GE(sampler.samples(), 10u);  // about 30 at 100 Hz; generous for a loaded CI machine
  EXPECT_LE(sampler.samples(), 40u);
}

}  // namespace
}  // namespace ecopt::energy
