#include "ecopt/optim/acquisition/nondominated_boxes.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::optim::acquisition {

NondominatedBoxes::NondominatedBoxes(const pareto::PointSet& front, std::vector<double> reference)
    : reference_(std::move(reference)) {
  const std::size_t m = reference_.size();
  if (m == 0 || (!front.empty() && front.dimension != m)) {
    throw std::invalid_argument("NondominatedBoxes: a " + std::to_string(m) +
                                "-objective reference for " + std::to_string(front.dimension) +
                                "-objective points");
  }
  // Keep the non-dominated points that strictly dominate the reference.
  pareto::PointSet inside;
  inside.dimension = m;
  for (std::size_t i = 0; i < front.size(); ++i) {
    const auto p = front.point(i);
    bool below = true;
    for (std::size_t k = 0; k < m; ++k) below = below && p[k] < reference_[k];
    if (below) inside.add(p);
  }
  pareto::PointSet points;
  points.dimension = m;
  if (!inside.empty()) {
    for (std::size_t i : pareto::nondominated_indices(inside)) points.add(inside.point(i));
  }
  const std::size_t n = points.size();
  constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

  // Grid cells of objectives 0..m-2: [-inf, g_0), [g_0, g_1), ..., [g_last, r).
  std::vector<std::vector<double>> cuts(m > 0 ? m - 1 : 0);
  intervals_.assign(m, {});
  for (std::size_t k = 0; k + 1 < m; ++k) {
    std::vector<double> values;
    for (std::size_t i = 0; i < n; ++i) values.push_back(points.point(i)[k]);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    cuts[k].push_back(kMinusInf);
    cuts[k].insert(cuts[k].end(), values.begin(), values.end());
    for (std::size_t c = 0; c < cuts[k].size(); ++c) {
      const double upper = c + 1 < cuts[k].size() ? cuts[k][c + 1] : reference_[k];
      intervals_[k].push_back({cuts[k][c], upper});
    }
  }

  // Walk every column; its box in the last objective is (-inf, c).
  std::map<double, std::uint32_t> last_index;
  std::vector<std::size_t> cell(m - 1, 0);
  while (true) {
    double c = reference_[m - 1];
    for (std::size_t i = 0; i < n; ++i) {
      const auto p = points.point(i);
      bool dominates_corner = true;
      for (std::size_t k = 0; k + 1 < m && dominates_corner; ++k)
        dominates_corner = p[k] <= cuts[k][cell[k]];
      if (dominates_corner) c = std::min(c, p[m - 1]);
    }
    auto [it, added] =
        last_index.try_emplace(c, static_cast<std::uint32_t>(intervals_[m - 1].size()));
    if (added) intervals_[m - 1].push_back({kMinusInf, c});
    for (std::size_t k = 0; k + 1 < m; ++k)
      box_intervals_.push_back(static_cast<std::uint32_t>(cell[k]));
    box_intervals_.push_back(it->second);
    ++box_count_;
    // Next multi-index.
    std::size_t k = 0;
    while (k + 1 < m && ++cell[k] == cuts[k].size()) cell[k++] = 0;
    if (k + 1 >= m) break;
  }
}

double NondominatedBoxes::improvement(std::span<const double> z) const {
  const std::size_t m = dimension();
  double total = 0.0;
  for (std::size_t b = 0; b < box_count_; ++b) {
    const auto ids = box(b);
    double volume = 1.0;
    for (std::size_t k = 0; k < m && volume > 0.0; ++k) {
      const Interval& in = intervals_[k][ids[k]];
      volume *= std::max(0.0, in.upper - std::max(in.lower, z[k]));
    }
    total += volume;
  }
  return total;
}

}  // namespace ecopt::optim::acquisition
