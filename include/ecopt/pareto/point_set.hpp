#pragma once
// Plain containers the Pareto module works on.

#include <cstddef>
#include <span>
#include <vector>

namespace ecopt::pareto {

/// Whether an objective is to be made small or large.
enum class Direction { minimize, maximize };

/// n points in `dimension` objectives, stored row-major in one buffer so that large
/// sets (a million points) stay cache-friendly and cheap to sort by index.
struct PointSet {
  std::vector<double> values;  ///< row-major: point i is values[i*dimension .. (i+1)*dimension)
  std::size_t dimension = 0;

  [[nodiscard]] std::size_t size() const noexcept {
    return dimension == 0 ? 0 : values.size() / dimension;
  }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] std::span<const double> point(std::size_t index) const noexcept {
    return {values.data() + index * dimension, dimension};
  }
  void add(std::span<const double> point);

  /// Builds a set from rows of equal length; throws std::invalid_argument naming the
  /// first row whose length differs.
  static PointSet from_rows(const std::vector<std::vector<double>>& rows);
};

/// Directions for each objective. An empty span means "minimise every objective".
using Directions = std::span<const Direction>;

/// Throws std::invalid_argument naming the point and objective when a value is NaN or
/// infinite, and when `directions` is neither empty nor one per objective.
void validate(const PointSet& points, Directions directions, const char* what);

/// A copy in which every maximised objective is negated, so that all objectives are
/// minimised. Validates first (see `validate`).
[[nodiscard]] PointSet to_minimization(const PointSet& points, Directions directions);

/// Maps one point (for example a reference point) into minimisation space.
[[nodiscard]] std::vector<double> to_minimization(std::span<const double> point,
                                                  Directions directions);

}  // namespace ecopt::pareto
