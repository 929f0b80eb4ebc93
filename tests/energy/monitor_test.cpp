// energy::Monitor: windows around code, measured like phases, from several threads, and
// its errors for windows that are not open or open twice.
#include "ecopt/energy/monitor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace ecopt::energy {
namespace {

/// A 2 W estimate: cumulative energy is twice the monotonic time.
class TwoWattMeter final : public Meter {
 public:
  TwoWattMeter() : domains_{{"cpu-estimate", DomainKind::cpu_estimate, 0, 0, true, 0.5, true}} {}
  std::string name() const override { return "two-watt"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  MeterReading read() override {
    // One clock reading: a window's edges are its readings' times, so the energy must be
    // of the same instant for the 2 W identity to hold exactly.
    const double now_s = monotonic_now_s();
    return {now_s, {2.0 * now_s}};
  }

 private:
  std::vector<DomainInfo> domains_;
};

/// Counts its reads; 1 J more at each.
class CountingMeter final : public Meter {
 public:
  CountingMeter()
      : domains_{{"cpu-package-0", DomainKind::cpu_package, 1e-6, 0.0, false, 0, true}} {}
  std::string name() const override { return "counting"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  MeterReading read() override {
    const int n = ++*reads;
    return {monotonic_now_s(), {static_cast<double>(n)}};
  }
  std::shared_ptr<std::atomic<int>> reads = std::make_shared<std::atomic<int>>(0);

 private:
  std::vector<DomainInfo> domains_;
};

MonitorSettings fast_sampling() {
  MonitorSettings settings;
  settings.interval_s = 0.01;
  return settings;
}

TEST(Monitor, WindowIsMeasuredAsAPhase) {
  Monitor monitor(std::make_unique<TwoWattMeter>(), fast_sampling());
  monitor.begin_window("busy");
  EXPECT_EQ(monitor.open_windows(), std::vector<std::string>{"busy"});
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const measurement::PhaseMeasurement m = monitor.end_window("busy", 10);
  EXPECT_EQ(m.phase, "busy");
  EXPECT_EQ(m.samples, 10);
  EXPECT_EQ(m.meter, "two-watt");
  EXPECT_TRUE(m.estimated);
  EXPECT_NEAR(m.total_energy_j(), 2.0 * m.duration_s, 1e-6);
  EXPECT_NEAR(m.uncertainty_j, 0.5 * m.total_energy_j(), 1e-6);  // the estimate's ±50 %
  EXPECT_TRUE(monitor.open_windows().empty());
}

TEST(Monitor, AWindowReadsTheMeterOncePerEdge) {
  auto meter = std::make_unique<CountingMeter>();
  const auto reads = meter->reads;
  MonitorSettings settings;
  settings.interval_s = 3600.0;  // the background sampler stays out of the count
  Monitor monitor(std::move(meter), settings);
  const int before = *reads;  // the sampler's first reading
  for (int i = 0; i < 10; ++i) {
    monitor.begin_window("w");
    const measurement::PhaseMeasurement m = monitor.end_window("w");
    EXPECT_DOUBLE_EQ(m.energy_j.at("cpu-package-0"), 1.0);  // exactly the reads between
  }
  EXPECT_EQ(*reads - before, 20);
}

TEST(Monitor, ALongLivedMonitorHoldsBoundedMemory) {
  MonitorSettings settings;
  settings.interval_s = 3600.0;  // only the windows' edges are sampled
  settings.capacity = 64;
  Monitor monitor(std::make_unique<CountingMeter>(), settings);
  for (int i = 0; i < 20000; ++i) {
    monitor.begin_window("w");
    const measurement::PhaseMeasurement m = monitor.end_window("w");
    ASSERT_DOUBLE_EQ(m.energy_j.at("cpu-package-0"), 1.0);  // still exact between its edges
  }
  // 40,000 edge samples were taken; the ended windows' edges were released for thinning.
  EXPECT_LE(monitor.sampler().samples(), 64u + 2u);
  EXPECT_EQ(monitor.sampler().pinned_samples(), 0u);
  // An open window keeps its edge pinned through any amount of thinning.
  monitor.begin_window("open");
  for (int i = 0; i < 200; ++i) {
    monitor.begin_window("w");
    (void)monitor.end_window("w");
  }
  EXPECT_EQ(monitor.sampler().pinned_samples(), 1u);
  EXPECT_DOUBLE_EQ(monitor.end_window("open").energy_j.at("cpu-package-0"), 401.0);
}

TEST(Monitor, WindowsFromTwoThreadsAtOnce) {
  Monitor monitor(std::make_unique<TwoWattMeter>(), fast_sampling());
  std::map<std::string, measurement::PhaseMeasurement> results;
  std::mutex mutex;
  auto work = [&](const std::string& name) {
    for (int i = 0; i < 50; ++i) {
      monitor.begin_window(name);
      const auto m = monitor.end_window(name);
      std::lock_guard lock(mutex);
      results[name] = m;
    }
  };
  std::thread a(work, "a"), b(work, "b");
  a.join();
  b.join();
  ASSERT_EQ(results.size(), 2u);
  for (const auto& [name, m] : results) EXPECT_NEAR(m.total_energy_j(), 2.0 * m.duration_s, 1e-6);
}

TEST(Monitor, WindowsNotOpenOrOpenTwiceAreBadInput) {
  Monitor monitor(std::make_unique<TwoWattMeter>(), fast_sampling());
  EXPECT_THROW((void)monitor.end_window("never"), std::invalid_argument);
  monitor.begin_window("w");
  EXPECT_THROW(monitor.begin_window("w"), std::invalid_argument);
  EXPECT_THROW((void)monitor.end_window("w", -1), std::invalid_argument);
  (void)monitor.end_window("w");
  EXPECT_THROW(Monitor(nullptr, MonitorSettings{}), std::invalid_argument);
}

}  // namespace
}  // namespace ecopt::energy
