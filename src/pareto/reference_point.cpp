#include "ecopt/pareto/reference_point.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace ecopt::pareto {

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
