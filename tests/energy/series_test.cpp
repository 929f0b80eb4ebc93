// The sampled series in bounded memory: thinning keeps every joule and the pinned window
// edges exact however long a run lasts, and coarser resolution shows in the uncertainty.
#include <gtest/gtest.h>

#include <cmath>

#include "ecopt/energy/series.hpp"
#include "ecopt/energy/window.hpp"

namespace ecopt::energy {
namespace {

/// Scripted power: piecewise constant over each 0.1 s sample interval, so the cumulative
/// energy is exactly linear between samples and its integral is a plain sum.
double power_w(std::int64_t k) {
  return 50.0 + 30.0 * std::sin(2.0 * M_PI * static_cast<double>(k) / 36000.0) +
         (k % 7 == 0 ? 15.0 : 0.0);
}

struct Window {
  double start_s, end_s;
  double start_j = NAN, end_j = NAN;  ///< the scripted integral at the edges
};

TEST(Series, ThirtyDaysAtTenHertzKeepPinnedWindowsExactInBoundedMemory) {
  constexpr std::int64_t kSamples = 30LL * 24 * 3600 * 10;
  constexpr double kStep_s = 0.1;
  constexpr double kDay_s = 86400.0;
  CumulativeSeries series(2, 36000);
  // Boundaries a trial reports as they happen (pinned then), at the start, in the middle
  // and at the end of the run, some between samples.
  std::vector<Window> windows{{10.05, 3600.0},
                              {15 * kDay_s + 0.03, 15 * kDay_s + 7200.07},
                              {30 * kDay_s - 3600.04, 30 * kDay_s - 0.3}};
  std::vector<double> edges;
  for (const Window& w : windows) {
    edges.push_back(w.start_s);
    edges.push_back(w.end_s);
  }
  std::size_t next_edge = 0;
  double energy_j = 0.0;
  std::size_t largest = 0;
  for (std::int64_t k = 0; k < kSamples; ++k) {
    const double t_s = kStep_s * static_cast<double>(k);
    // The scripted integral at an edge inside the last interval, and the pin.
    while (next_edge < edges.size() && edges[next_edge] < t_s) {
      const double edge_s = edges[next_edge];
      const double previous_s = kStep_s * static_cast<double>(k - 1);
      const double at_edge_j = energy_j + power_w(k - 1) * (edge_s - previous_s) -
                               power_w(k - 1) * kStep_s;  // energy_j already includes k-1
      Window& w = windows[next_edge / 2];
      (next_edge % 2 == 0 ? w.start_j : w.end_j) = at_edge_j;
      series.pin(edge_s);
      ++next_edge;
    }
    const double row[2] = {energy_j, t_s};
    series.append(t_s, row);
    energy_j += power_w(k) * kStep_s;
    largest = std::max(largest, series.size());
  }
  EXPECT_LE(largest, 36000u + edges.size());     // bounded, however long the run
  EXPECT_DOUBLE_EQ(series.first_time_s(), 0.0);  // the span still reaches the start
  for (const Window& w : windows) {
    const auto begin = series.at(w.start_s);
    const auto end = series.at(w.end_s);
    ASSERT_TRUE(begin && end) << w.start_s;
    EXPECT_NEAR(end->values[0] - begin->values[0], w.end_j - w.start_j, 1e-5)
        << "window at " << w.start_s << " s";
    EXPECT_EQ(begin->bound[0], 0.0);
    EXPECT_EQ(end->bound[0], 0.0);
  }
  // An instant nobody pinned, 15 days back: coarser now, and its bound says so honestly.
  const double unpinned_s = 15 * kDay_s + 3600.05;
  const auto old = series.at(unpinned_s);
  ASSERT_TRUE(old.has_value());
  double truth_j = 0.0;
  const auto k_at = static_cast<std::int64_t>(unpinned_s / kStep_s);
  for (std::int64_t k = 0; k < k_at; ++k) truth_j += power_w(k) * kStep_s;
  truth_j += power_w(k_at) * (unpinned_s - kStep_s * static_cast<double>(k_at));
  EXPECT_GT(old->bound[0], 0.0);
  EXPECT_GT(old->interval_s[0], 1.0);
  EXPECT_LE(std::abs(old->values[0] - truth_j), old->bound[0] + 1e-5);
}

TEST(Series, GapsAreBridgedFromTheReadingsOnEitherSide) {
  CumulativeSeries series(2, 100);
  series.append(0.0, std::vector<double>{0.0, 0.0});
  series.append(1.0, std::vector<double>{10.0, kReadFailed});
  series.append(2.0, std::vector<double>{kReadFailed, kReadFailed});
  series.append(3.0, std::vector<double>{30.0, 3.0});
  const auto at = series.at(1.5);
  ASSERT_TRUE(at.has_value());
  EXPECT_DOUBLE_EQ(at->values[0], 15.0);        // from 1 s and 3 s
  EXPECT_DOUBLE_EQ(at->bound[0], 0.75 * 20.0);  // max(w, 1 - w) x the change
  EXPECT_DOUBLE_EQ(at->values[1], 1.5);         // from 0 s and 3 s
  EXPECT_DOUBLE_EQ(series.at(3.0)->bound[0], 0.0);
  series.append(4.0, std::vector<double>{kReadFailed, 4.0});
  EXPECT_TRUE(std::isnan(series.at(3.5)->values[0]));  // no reading after: no value
}

TEST(Series, UnpinnedEdgesAreThinnedAgainAndSharedPinsAreCounted) {
  CumulativeSeries series(1, 8);
  for (int i = 0; i < 100000; ++i) {
    const double t = static_cast<double>(i);
    series.append(t, std::vector<double>{t});
    series.pin(t);
    if (i % 2 == 1) {  // a window [i - 1, i] ends: its edges go back to the thinning
      series.unpin(t - 1.0);
      series.unpin(t);
    }
    ASSERT_LE(series.size(), 8u + 2u) << "at sample " << i;  // capacity + an open edge
  }
  // A time pinned twice (two windows sharing an edge) stays pinned until both release it.
  series.pin(99999.0);
  series.pin(99999.0);
  series.unpin(99999.0);
  EXPECT_EQ(series.pinned(), 1u);
  series.unpin(99999.0);
  EXPECT_EQ(series.pinned(), 0u);
  series.unpin(12.5);  // never pinned: ignored
  EXPECT_EQ(series.pinned(), 0u);
  // A pending pin (after the last sample) released before its sample came is not applied.
  series.pin(100000.5);
  series.unpin(100000.5);
  series.append(100001.0, std::vector<double>{100001.0});
  EXPECT_EQ(series.pinned(), 0u);
}

/// Reads 40 W on a fake clock that advances 0.1 s per read.
class SteadyMeter final : public Meter {
 public:
  std::string name() const override { return "steady"; }
  const std::vector<DomainInfo>& domains() const override { return domains_; }
  MeterReading read() override {
    ++reads_;
    return {0.1 * reads_, {40.0 * 0.1 * reads_}};
  }

 private:
  std::vector<DomainInfo> domains_{
      {"cpu-package-0", DomainKind::cpu_package, 1e-6, 0.001, false, 0.0, true}};
  int reads_ = 0;
};

TEST(Windows, ThinnedEdgesWidenTheUncertaintyAndPinnedOnesStayExact) {
  SteadyMeter meter;
  EnergySampler sampler(meter, {.capacity = 100});
  for (int i = 0; i < 2000; ++i) {
    if (i == 100) sampler.pin(10.05);
    if (i == 200) sampler.pin(20.05);
    sampler.sample_now();
  }
  EXPECT_LE(sampler.samples(), 102u);
  const auto pinned = measure_window(sampler, "train", 10.05, 20.05, 0, {});
  EXPECT_NEAR(pinned.energy_j.at("cpu-package-0"), 400.0, 1e-9);
  EXPECT_TRUE(pinned.notes.empty());
  EXPECT_NEAR(pinned.uncertainty_j, 2e-6 + 40.0 * 0.001, 1e-9);
  const auto thinned = measure_window(sampler, "train", 30.05, 40.05, 0, {});
  EXPECT_NEAR(thinned.energy_j.at("cpu-package-0"), 400.0, thinned.uncertainty_j);
  EXPECT_GT(thinned.uncertainty_j, 1.0);  // the edges lie in intervals of seconds now
  ASSERT_FALSE(thinned.notes.empty());
  EXPECT_NE(thinned.notes[0].find("thinned"), std::string::npos) << thinned.notes[0];
}

}  // namespace
}  // namespace ecopt::energy
