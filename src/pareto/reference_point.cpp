#include "ecopt/pareto/reference_point.hpp"

#include "ecopt/pareto/nondominated.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ecopt::pareto {
namespace {

/// Per objective, the range of `points` over `rows` (1 where it is zero).
std::vector<double> ranges_over(const PointSet& points, const std::vector<std::size_t>& rows) {
  const std::size_t d = points.dimension;
  std::vector<double> range(d, 1.0);
  for (std::size_t j = 0; j < d; ++j) {
    double low = points.point(rows.front())[j];
    double high = low;
    for (const std::size_t i : rows) {
      low = std::min(low, points.point(i)[j]);
      high = std::max(high, points.point(i)[j]);
    }
    if (high > low) range[j] = high - low;
  }
  return range;
}

void check_finite(const PointSet& points, const char* where) {
  for (const double v : points.values) {
    if (!std::isfinite(v)) {
      throw std::invalid_argument(std::string(where) +
                                  ": points must be finite numbers; filter out NaN and inf first");
    }
  }
}

}  // namespace

std::vector<std::size_t> trade_off_bounded_indices(const PointSet& front, double max_trade_off) {
  if (!(max_trade_off > 0.0)) {
    throw std::invalid_argument("trade_off_bounded_indices: max_trade_off must be > 0, got " +
                                std::to_string(max_trade_off));
  }
  check_finite(front, "trade_off_bounded_indices");
  std::vector<std::size_t> kept(front.size());
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i] = i;
  if (front.size() < 2) return kept;
  const double alpha = 1.0 / max_trade_off;
  const std::size_t d = front.dimension;
  for (int round = 0; round < 4; ++round) {
    const std::vector<double> range = ranges_over(front, kept);
    PointSet mixed;
    mixed.dimension = d;
    std::vector<double> scaled(d), row(d);
    for (std::size_t i = 0; i < front.size(); ++i) {
      double total = 0.0;
      for (std::size_t j = 0; j < d; ++j) total += (scaled[j] = front.point(i)[j] / range[j]);
      for (std::size_t j = 0; j < d; ++j) row[j] = scaled[j] + alpha * (total - scaled[j]);
      mixed.add(row);
    }
    std::vector<std::size_t> next = nondominated_indices(mixed);
    if (next == kept) break;
    kept = std::move(next);
  }
  return kept;
}

std::vector<double> infer_bounded_reference_point(const PointSet& front, double max_trade_off,
                                                  double margin) {
  if (!(margin >= 0.0) || !std::isfinite(margin)) {
    throw std::invalid_argument(
        "infer_bounded_reference_point: margin must be a finite number >= 0, got " +
        std::to_string(margin));
  }
  if (front.empty()) {
    throw std::invalid_argument(
        "infer_bounded_reference_point: cannot infer a reference point from no points");
  }
  const std::vector<std::size_t> kept = trade_off_bounded_indices(front, max_trade_off);
  const std::size_t d = front.dimension;
  std::vector<double> reference(d);
  for (std::size_t j = 0; j < d; ++j) {
    double best = front.point(0)[j];
    for (std::size_t i = 0; i < front.size(); ++i) best = std::min(best, front.point(i)[j]);
    // One kept point (a corner that dominates everything seen) says nothing about how far
    // the front reaches; the observed extent does, and keeps EHVI from polishing the corner.
    double worst = front.point(kept.front())[j];
    for (const std::size_t i : kept) worst = std::max(worst, front.point(i)[j]);
    if (kept.size() == 1) {
      for (std::size_t i = 0; i < front.size(); ++i) worst = std::max(worst, front.point(i)[j]);
    }
    double range = worst - best;
    if (range <= 0.0) range = std::max(std::abs(worst), 1.0);
    reference[j] = worst + margin * range;
  }
  return reference;
}

std::vector<double> infer_reference_point(const PointSet& points, Directions directions,
                                          double margin) {
  const std::vector<std::optional<double>> none(points.dimension);
  return reference_point(points, none, directions, margin);
}

std::vector<double> reference_point(const PointSet& input,
                                    std::span<const std::optional<double>> thresholds,
                                    Directions directions, double margin) {
  if (!(margin >= 0.0) || !std::isfinite(margin)) {
    throw std::invalid_argument("reference_point: margin must be a finite number >= 0, got " +
                                std::to_string(margin));
  }
  if (thresholds.size() != input.dimension) {
    throw std::invalid_argument("reference_point: " + std::to_string(thresholds.size()) +
                                " thresholds for " + std::to_string(input.dimension) +
                                " objectives; give one (possibly empty) per objective");
  }
  const bool needs_data = std::any_of(thresholds.begin(), thresholds.end(),
                                      [](const auto& t) { return !t.has_value(); });
  if (needs_data && input.empty()) {
    throw std::invalid_argument(
        "reference_point: cannot infer a reference point from no points; give a threshold "
        "for every objective");
  }
  const PointSet points = to_minimization(input, directions);
  const std::size_t d = points.dimension;
  std::vector<double> reference(d);
  for (std::size_t j = 0; j < d; ++j) {
    const bool maximize = !directions.empty() && directions[j] == Direction::maximize;
    if (thresholds[j]) {
      if (!std::isfinite(*thresholds[j])) {
        throw std::invalid_argument("reference_point: threshold for objective " +
                                    std::to_string(j + 1) + " is not a finite number");
      }
      reference[j] = *thresholds[j];
      continue;
    }
    double best = points.values[j];
    double worst = points.values[j];
    for (std::size_t i = 0; i < points.size(); ++i) {
      best = std::min(best, points.values[i * d + j]);
      worst = std::max(worst, points.values[i * d + j]);
    }
    double range = worst - best;
    if (range <= 0.0) range = std::max(std::abs(worst), 1.0);
    const double value = worst + margin * range;  // minimisation space
    reference[j] = maximize ? -value : value;
  }
  return reference;
}

}  // namespace ecopt::pareto
