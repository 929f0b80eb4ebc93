#include "ecopt/energy/series.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace ecopt::energy {
namespace {

constexpr std::uint8_t kPinned = 1;
constexpr std::uint8_t kCoarse = 2;  ///< samples between this one and the previous were dropped

}  // namespace

CumulativeSeries::CumulativeSeries(std::size_t columns, std::size_t capacity)
    : columns_(columns), capacity_(std::max<std::size_t>(capacity, 4)) {}

void CumulativeSeries::append(double time_s, std::span<const double> values) {
  if (values.size() != columns_) {
    throw std::invalid_argument("CumulativeSeries: " + std::to_string(values.size()) +
                                " values for " + std::to_string(columns_) + " columns");
  }
  if (!times_.empty() && time_s < times_.back()) {
    throw std::invalid_argument("CumulativeSeries: samples must come in time order");
  }
  times_.push_back(time_s);
  values_.insert(values_.end(), values.begin(), values.end());
  flags_.push_back(0);
  while (!pending_pins_s_.empty() && pending_pins_s_.front() <= time_s) {
    if (pending_pins_s_.front() >= times_.front()) insert_pin(pending_pins_s_.front());
    pending_pins_s_.erase(pending_pins_s_.begin());
  }
  if (times_.size() - pinned_ > capacity_) thin();
}

void CumulativeSeries::pin(double time_s) {
  if (!times_.empty() && time_s < times_.front()) return;
  ++pin_counts_[time_s];
  if (times_.empty() || time_s > times_.back()) {
    pending_pins_s_.insert(std::upper_bound(pending_pins_s_.begin(), pending_pins_s_.end(), time_s),
                           time_s);
    return;
  }
  insert_pin(time_s);
}

void CumulativeSeries::unpin(double time_s) {
  const auto count = pin_counts_.find(time_s);
  if (count == pin_counts_.end()) return;
  if (--count->second > 0) return;
  pin_counts_.erase(count);
  const auto pending = std::find(pending_pins_s_.begin(), pending_pins_s_.end(), time_s);
  if (pending != pending_pins_s_.end()) {
    pending_pins_s_.erase(pending);
    return;
  }
  const auto position = std::lower_bound(times_.begin(), times_.end(), time_s);
  const auto index = static_cast<std::size_t>(position - times_.begin());
  if (position == times_.end() || *position != time_s || (flags_[index] & kPinned) == 0) return;
  flags_[index] = static_cast<std::uint8_t>(flags_[index] & ~kPinned);
  --pinned_;
}

void CumulativeSeries::insert_pin(double time_s) {
  const auto position = std::lower_bound(times_.begin(), times_.end(), time_s);
  const auto index = static_cast<std::size_t>(position - times_.begin());
  if (times_[index] == time_s) {
    if ((flags_[index] & kPinned) == 0) ++pinned_;
    flags_[index] |= kPinned;
    return;
  }
  // Where the interval around the pin is already coarse, its value is not known exactly:
  // a gap (NaN) keeps that honest, so later reads bridge it with its bound.
  const SeriesValue around = *at(time_s);
  std::vector<double> row(columns_);
  for (std::size_t c = 0; c < columns_; ++c) {
    row[c] = around.bound[c] > 0.0 ? std::numeric_limits<double>::quiet_NaN() : around.values[c];
  }
  times_.insert(position, time_s);
  values_.insert(values_.begin() + static_cast<std::ptrdiff_t>(index * columns_), row.begin(),
                 row.end());
  flags_.insert(flags_.begin() + static_cast<std::ptrdiff_t>(index),
                static_cast<std::uint8_t>(kPinned | (flags_[index] & kCoarse)));
  ++pinned_;
}

void CumulativeSeries::thin() {
  // The newest half of the capacity stays at full rate; in the older part every other
  // unpinned sample goes. Repeated, this halves the rate of ever older samples again and
  // again, so memory stays near `capacity` while the span reaches back to the start.
  const std::size_t old_end = times_.size() - capacity_ / 2;
  std::size_t kept = 0;
  bool dropped = false;
  bool drop_next = false;
  for (std::size_t i = 0; i < times_.size(); ++i) {
    const bool pinned = (flags_[i] & kPinned) != 0;
    const bool keep = i == 0 || i >= old_end || pinned || !drop_next;
    if (i > 0 && i < old_end && !pinned) drop_next = !drop_next;
    if (!keep) {
      dropped = true;
      continue;
    }
    times_[kept] = times_[i];
    flags_[kept] = static_cast<std::uint8_t>(flags_[i] | (dropped ? kCoarse : 0));
    std::copy_n(values_.begin() + static_cast<std::ptrdiff_t>(i * columns_), columns_,
                values_.begin() + static_cast<std::ptrdiff_t>(kept * columns_));
    ++kept;
    dropped = false;
  }
  times_.resize(kept);
  flags_.resize(kept);
  values_.resize(kept * columns_);
}

std::optional<SeriesValue> CumulativeSeries::at(double time_s) const {
  if (times_.empty() || time_s < times_.front() || time_s > times_.back()) return std::nullopt;
  const auto first_at_or_after = static_cast<std::size_t>(
      std::lower_bound(times_.begin(), times_.end(), time_s) - times_.begin());
  const auto last_at_or_before = static_cast<std::size_t>(
      std::upper_bound(times_.begin(), times_.end(), time_s) - times_.begin() - 1);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  SeriesValue result{std::vector<double>(columns_, kNaN), std::vector<double>(columns_, 0.0),
                     std::vector<double>(columns_, std::numeric_limits<double>::infinity())};
  for (std::size_t c = 0; c < columns_; ++c) {
    // The nearest readings of this column on either side, skipping gaps.
    std::optional<std::size_t> lo, hi;
    for (std::size_t i = last_at_or_before + 1; i-- > 0;) {
      if (!std::isnan(value(i, c))) {
        lo = i;
        break;
      }
    }
    for (std::size_t i = first_at_or_after; i < times_.size(); ++i) {
      if (!std::isnan(value(i, c))) {
        hi = i;
        break;
      }
    }
    if (!lo || !hi) continue;
    const double span_s = times_[*hi] - times_[*lo];
    if (span_s <= 0.0 || times_[*lo] == time_s || times_[*hi] == time_s) {
      result.values[c] = value(times_[*hi] == time_s ? *hi : *lo, c);
      result.interval_s[c] = 0.0;
      continue;
    }
    const double weight = (time_s - times_[*lo]) / span_s;
    const double change = value(*hi, c) - value(*lo, c);
    result.values[c] = value(*lo, c) + weight * change;
    result.interval_s[c] = span_s;
    const bool coarse = *hi - *lo > 1 || (flags_[*hi] & kCoarse) != 0;
    if (coarse) result.bound[c] = std::max(weight, 1.0 - weight) * std::abs(change);
  }
  return result;
}

}  // namespace ecopt::energy
