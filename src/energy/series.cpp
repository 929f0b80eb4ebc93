#include "ecopt/energy/series.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace ecopt::energy {

CumulativeSeries::CumulativeSeries(std::size_t columns, std::size_t capacity)
    : columns_(columns), capacity_(std::max<std::size_t>(capacity, 2)) {}

void CumulativeSeries::append(double time_s, std::span<const double> values) {
  if (values.size() != columns_) {
    throw std::invalid_argument("CumulativeSeries: " + std::to_string(values.size()) +
                                " values for " + std::to_string(columns_) + " columns");
  }
  if (!times_.empty() && time_s < times_.back()) {
    throw std::invalid_argument("CumulativeSeries: samples must come in time order");
  }
  times_.push_back(time_s);
  values_.emplace_back(values.begin(), values.end());
  if (times_.size() > capacity_) {
    times_.pop_front();
    values_.pop_front();
  }
}

std::optional<std::vector<double>> CumulativeSeries::at(double time_s) const {
  if (times_.empty() || time_s < times_.front() || time_s > times_.back()) return std::nullopt;
  const auto upper = std::lower_bound(times_.begin(), times_.end(), time_s);
  const std::size_t hi = static_cast<std::size_t>(upper - times_.begin());
  if (times_[hi] == time_s || hi == 0) return values_[hi];
  const std::size_t lo = hi - 1;
  const double weight = (time_s - times_[lo]) / (times_[hi] - times_[lo]);
  std::vector<double> result(columns_);
  for (std::size_t c = 0; c < columns_; ++c) {
    result[c] = values_[lo][c] + weight * (values_[hi][c] - values_[lo][c]);
  }
  return result;
}

}  // namespace ecopt::energy
