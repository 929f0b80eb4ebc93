#pragma once
// A time series of cumulative quantities (energy per domain, CPU seconds), sampled at
// non-decreasing monotonic times, in bounded memory however long it runs.
//
// Values between samples are interpolated linearly, so a phase boundary that a trial
// reports with its own CLOCK_MONOTONIC timestamp is placed even when the message arrives
// late. Memory is bounded by thinning: when more than `capacity` samples are held, every
// other sample of the older half is dropped (the first and the pinned ones stay), so the
// newest samples keep full rate and resolution falls off with age, as in a log-structured
// store. Because the quantities are cumulative, dropping a sample loses no energy, only
// time resolution; a boundary registered with pin() keeps its exact value for good.
//
// A NaN value is a gap: that column could not be read at that time (a failed counter
// read). Interpolation bridges it from the nearest readings on either side.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

namespace ecopt::energy {

/// The columns at one time, and how far each interpolated value can be from the truth.
struct SeriesValue {
  /// Interpolated per column; NaN when a column has no reading on one side of the time.
  std::vector<double> values;
  /// The most a column's value can be off: where the bracketing interval is coarser than
  /// it was sampled (older samples thinned, or read gaps bridged), the column's change
  /// over that interval times max(w, 1 - w), w the interpolation weight. Cumulative
  /// quantities only grow, so the true value lies inside the interval's range. 0 where
  /// the interval is as sampled, or the time is a sample's.
  std::vector<double> bound;
  /// Length of the bracketing interval per column, s (0 exactly at a sample).
  std::vector<double> interval_s;
};

class CumulativeSeries {
 public:
  /// `capacity`: unpinned samples held before the older half is thinned (36,000 = one
  /// hour at 10 Hz before the first thinning).
  explicit CumulativeSeries(std::size_t columns, std::size_t capacity = 36000);

  /// Appends a sample (NaN for a column that could not be read); a time earlier than the
  /// last one throws std::invalid_argument.
  void append(double time_s, std::span<const double> values);

  /// Keeps the value at `time_s` exact however much the series is thinned later: a
  /// sample interpolated at that time is inserted and never dropped. A time after the
  /// last sample is pinned when the next sample arrives; one before the first is ignored.
  void pin(double time_s);
  /// Releases one pin() of `time_s` (pins are counted: two windows may share an edge).
  /// When none is left the sample is an ordinary one again, which thinning may drop, so a
  /// long-lived Monitor whose windows have ended holds bounded memory. A time not pinned
  /// is ignored.
  void unpin(double time_s);
  /// Samples held now that pin() keeps (not counting pins still waiting for a sample).
  [[nodiscard]] std::size_t pinned() const { return pinned_; }

  /// Interpolated values at `time_s`, or nullopt when it lies outside the recorded span.
  [[nodiscard]] std::optional<SeriesValue> at(double time_s) const;

  [[nodiscard]] std::size_t size() const { return times_.size(); }
  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] double first_time_s() const { return times_.front(); }
  [[nodiscard]] double last_time_s() const { return times_.back(); }

 private:
  [[nodiscard]] double value(std::size_t sample, std::size_t column) const {
    return values_[sample * columns_ + column];
  }
  void insert_pin(double time_s);
  void thin();

  std::size_t columns_;
  std::size_t capacity_;
  std::vector<double> times_;
  std::vector<double> values_;  ///< row-major, `columns_` per sample
  /// Per sample: kPinned, and kCoarse when samples before it were dropped.
  std::vector<std::uint8_t> flags_;
  std::size_t pinned_ = 0;
  /// Per pinned time, how many pin() calls hold it: few entries (the open windows' edges).
  std::map<double, std::size_t> pin_counts_;
  std::vector<double> pending_pins_s_;  ///< pins after the last sample, in time order
};

}  // namespace ecopt::energy
