#pragma once
// A bounded time series of cumulative quantities (energy per domain, CPU seconds),
// sampled at non-decreasing monotonic times. Values between samples are interpolated
// linearly, so a phase boundary that a trial reports with its own CLOCK_MONOTONIC
// timestamp is placed exactly even when the message arrives late.

#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <vector>

namespace ecopt::energy {

class CumulativeSeries {
 public:
  /// `capacity`: the oldest samples are dropped beyond it (36,000 = one hour at 10 Hz).
  explicit CumulativeSeries(std::size_t columns, std::size_t capacity = 36000);

  /// Appends a sample; a time earlier than the last one throws std::invalid_argument.
  void append(double time_s, std::span<const double> values);

  /// Interpolated values at `time_s`, or nullopt when it lies outside the recorded span.
  [[nodiscard]] std::optional<std::vector<double>> at(double time_s) const;

  [[nodiscard]] std::size_t size() const { return times_.size(); }
  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] double first_time_s() const { return times_.front(); }
  [[nodiscard]] double last_time_s() const { return times_.back(); }

 private:
  std::size_t columns_;
  std::size_t capacity_;
  std::deque<double> times_;
  std::deque<std::vector<double>> values_;
};

}  // namespace ecopt::energy
