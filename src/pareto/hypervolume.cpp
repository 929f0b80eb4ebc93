// Public hypervolume entry points: validation, direction handling, discarding points
// that do not strictly dominate the reference, and contributions.
#include "ecopt/pareto/hypervolume.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "detail/hypervolume_kernels.hpp"
#include "detail/lex_order.hpp"
#include "ecopt/pareto/nondominated.hpp"

namespace ecopt::pareto {
namespace {

struct Prepared {
  PointSet points;                ///< minimisation space
  std::vector<double> reference;  ///< minimisation space
  std::vector<std::size_t> kept;  ///< indices strictly dominating the reference
};

Prepared prepare(const PointSet& input, std::span<const double> reference, Directions directions,
                 const char* what) {
  if (!input.empty() && reference.size() != input.dimension) {
    throw std::invalid_argument(std::string(what) + ": the reference point has " +
                                std::to_string(reference.size()) + " values but the points have " +
                                std::to_string(input.dimension) +
                                " objectives; give one reference value per objective");
  }
  for (std::size_t j = 0; j < reference.size(); ++j) {
    if (!std::isfinite(reference[j])) {
      throw std::invalid_argument(std::string(what) + ": reference value " + std::to_string(j + 1) +
                                  " is not a finite number");
    }
  }
  validate(input, directions, what);
  Prepared prepared{to_minimization(input, directions), to_minimization(reference, directions), {}};
  const std::size_t d = prepared.points.dimension;
  for (std::size_t i = 0; i < prepared.points.size(); ++i) {
    const double* p = prepared.points.values.data() + i * d;
    bool strictly_better = true;
    for (std::size_t j = 0; j < d && strictly_better; ++j)
      strictly_better = p[j] < prepared.reference[j];
    if (strictly_better) prepared.kept.push_back(i);
  }
  return prepared;
}

std::vector<const double*> rows_of(const PointSet& points,
                                   const std::vector<std::size_t>& indices) {
  std::vector<const double*> rows;
  rows.reserve(indices.size());
  for (std::size_t i : indices) rows.push_back(points.values.data() + i * points.dimension);
  return rows;
}

/// The non-dominated, distinct members of `indices` (a point dominated by a kept point
/// adds no volume, and removing those first keeps every kernel's input small).
std::vector<std::size_t> nondominated_subset(const PointSet& points,
                                             const std::vector<std::size_t>& indices) {
  PointSet subset;
  subset.dimension = points.dimension;
  for (std::size_t i : indices) subset.add(points.point(i));
  std::vector<std::size_t> result;
  const std::vector<std::size_t> local = nondominated_indices(subset);
  result.reserve(local.size());
  for (std::size_t i : local) result.push_back(indices[i]);
  return result;
}

double volume_of(const PointSet& points, const std::vector<std::size_t>& indices,
                 const double* reference) {
  if (indices.empty()) return 0.0;
  // Every kernel copes with dominated points on its own (the sweeps skip them; WFG
  // drops them through its projected fronts), so no filtering pass is needed here.
  std::vector<const double*> rows = rows_of(points, indices);
  return static_cast<double>(detail::hypervolume_any(rows, reference, points.dimension));
}

}  // namespace

HypervolumeResult hypervolume(const PointSet& points, std::span<const double> reference,
                              Directions directions) {
  const Prepared prepared = prepare(points, reference, directions, "hypervolume");
  return {volume_of(prepared.points, prepared.kept, prepared.reference.data()),
          points.size() - prepared.kept.size()};
}

HypervolumeContributions hypervolume_contributions(const PointSet& points,
                                                   std::span<const double> reference,
                                                   Directions directions) {
  const Prepared prepared = prepare(points, reference, directions, "hypervolume_contributions");
  const PointSet& p = prepared.points;
  const std::size_t d = p.dimension;
  const double* ref = prepared.reference.data();
  HypervolumeContributions result;
  result.contributions.assign(points.size(), 0.0);
  result.ignored_points = points.size() - prepared.kept.size();
  result.total = volume_of(p, prepared.kept, ref);
  if (prepared.kept.empty()) return result;

  // Only non-dominated points contribute; a point present twice contributes nothing,
  // since removing one copy leaves the other.
  std::vector<std::size_t> front = nondominated_subset(p, prepared.kept);
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return std::lexicographical_compare(p.point(a).begin(), p.point(a).end(), p.point(b).begin(),
                                        p.point(b).end());
  });
  std::vector<std::size_t> unique;  // front members that appear once
  std::vector<bool> is_unique(p.size(), false);
  for (std::size_t i = 0; i < front.size(); ++i) {
    const bool same_as_previous = i > 0 && detail::rows_equal(p.values.data() + front[i - 1] * d,
                                                              p.values.data() + front[i] * d, d);
    const bool same_as_next =
        i + 1 < front.size() &&
        detail::rows_equal(p.values.data() + front[i + 1] * d, p.values.data() + front[i] * d, d);
    if (!same_as_previous && !same_as_next) {
      unique.push_back(front[i]);
      is_unique[front[i]] = true;
    }
  }

  if (d == 1) {
    // front holds the copies of the single best value; it contributes up to the next one.
    if (unique.size() == 1) {
      double next = ref[0];
      for (std::size_t i : prepared.kept) {
        if (p.values[i] > p.values[unique[0]]) next = std::min(next, p.values[i]);
      }
      result.contributions[unique[0]] = next - p.values[unique[0]];
    }
    return result;
  }
  if (d == 2) {
    // front is sorted by x ascending (so y descending): each point's exclusive area is
    // bounded by its neighbours (or the reference at either end).
    for (std::size_t k = 0; k < front.size(); ++k) {
      const std::size_t i = front[k];
      if (!is_unique[i]) continue;
      const double right_x = k + 1 < front.size() ? p.values[front[k + 1] * 2] : ref[0];
      const double upper_y = k > 0 ? p.values[front[k - 1] * 2 + 1] : ref[1];
      result.contributions[i] = (right_x - p.values[i * 2]) * (upper_y - p.values[i * 2 + 1]);
    }
    return result;
  }
  std::vector<const double*> others;
  for (std::size_t i : unique) {
    others.clear();
    for (std::size_t j : front) {
      if (j != i) others.push_back(p.values.data() + j * d);
    }
    result.contributions[i] =
        static_cast<double>(detail::exclusive_volume(p.values.data() + i * d, others, ref, d));
  }
  return result;
}

double hypervolume_improvement(const PointSet& current, std::span<const double> candidate,
                               std::span<const double> reference, Directions directions) {
  PointSet candidates;
  candidates.dimension = candidate.size();
  candidates.add(candidate);
  return hypervolume_improvement(current, candidates, reference, directions);
}

double hypervolume_improvement(const PointSet& current, const PointSet& candidates,
                               std::span<const double> reference, Directions directions) {
  if (!current.empty() && !candidates.empty() && current.dimension != candidates.dimension) {
    throw std::invalid_argument(
        "hypervolume_improvement: the candidates have " + std::to_string(candidates.dimension) +
        " objectives but the current set has " + std::to_string(current.dimension));
  }
  const Prepared base = prepare(current, reference, directions, "hypervolume_improvement");
  const Prepared added = prepare(candidates, reference, directions, "hypervolume_improvement");
  if (added.kept.empty()) return 0.0;
  const std::size_t d = candidates.dimension;
  if (added.kept.size() == 1) {
    const double* point = added.points.values.data() + added.kept[0] * d;
    std::vector<const double*> rows = rows_of(base.points, base.kept);
    return static_cast<double>(detail::exclusive_volume(point, rows, base.reference.data(), d));
  }
  PointSet combined;
  combined.dimension = d;
  for (std::size_t i : base.kept) combined.add(base.points.point(i));
  for (std::size_t i : added.kept) combined.add(added.points.point(i));
  std::vector<std::size_t> all(combined.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return volume_of(combined, all, base.reference.data()) -
         volume_of(base.points, base.kept, base.reference.data());
}

}  // namespace ecopt::pareto
