#include "ecopt/pareto/point_set.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ecopt::pareto {

void PointSet::add(std::span<const double> point) {
  if (dimension == 0 && values.empty()) dimension = point.size();
  if (point.size() != dimension) {
    throw std::invalid_argument("PointSet::add: point has " + std::to_string(point.size()) +
                                " objectives, the set has " + std::to_string(dimension));
  }
  values.insert(values.end(), point.begin(), point.end());
}

PointSet PointSet::from_rows(const std::vector<std::vector<double>>& rows) {
  PointSet set;
  if (rows.empty()) return set;
  set.dimension = rows.front().size();
  set.values.reserve(rows.size() * set.dimension);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != set.dimension) {
      throw std::invalid_argument("PointSet::from_rows: row " + std::to_string(i) + " has " +
                                  std::to_string(rows[i].size()) + " values, row 0 has " +
                                  std::to_string(set.dimension) +
                                  "; every point needs one value per objective");
    }
    set.values.insert(set.values.end(), rows[i].begin(), rows[i].end());
  }
  return set;
}

void validate(const PointSet& points, Directions directions, const char* what) {
  if (!directions.empty() && directions.size() != points.dimension) {
    throw std::invalid_argument(std::string(what) + ": " + std::to_string(directions.size()) +
                                " directions given for " + std::to_string(points.dimension) +
                                " objectives; give one per objective or none (minimise all)");
  }
  for (std::size_t k = 0; k < points.values.size(); ++k) {
    if (!std::isfinite(points.values[k])) {
      throw std::invalid_argument(
          std::string(what) + ": point " + std::to_string(k / points.dimension) + ", objective " +
          std::to_string(k % points.dimension + 1) + " is " + std::to_string(points.values[k]) +
          "; objective values must be finite numbers");
    }
  }
}

PointSet to_minimization(const PointSet& points, Directions directions) {
  validate(points, directions, "to_minimization");
  PointSet result = points;
  if (directions.empty()) return result;
  for (std::size_t i = 0; i < result.values.size(); ++i) {
    if (directions[i % result.dimension] == Direction::maximize)
      result.values[i] = -result.values[i];
  }
  return result;
}

std::vector<double> to_minimization(std::span<const double> point, Directions directions) {
  if (!directions.empty() && directions.size() != point.size()) {
    throw std::invalid_argument("to_minimization: " + std::to_string(directions.size()) +
                                " directions for a point of " + std::to_string(point.size()) +
                                " objectives");
  }
  std::vector<double> result(point.begin(), point.end());
  for (std::size_t j = 0; j < result.size(); ++j) {
    if (!std::isfinite(result[j])) {
      throw std::invalid_argument("to_minimization: objective " + std::to_string(j + 1) +
                                  " of the point is not a finite number");
    }
    if (!directions.empty() && directions[j] == Direction::maximize) result[j] = -result[j];
  }
  return result;
}

}  // namespace ecopt::pareto
