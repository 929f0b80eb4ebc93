#pragma once
// Pareto dominance between two objective vectors.

#include <span>

#include "ecopt/pareto/point_set.hpp"

namespace ecopt::pareto {

/// How vector a relates to vector b.
enum class Dominance {
  dominates,     ///< a is no worse in every objective and better in at least one
  dominated,     ///< b dominates a
  equal,         ///< identical in every objective
  incomparable,  ///< each is better somewhere
};

/// Compares a with b under `directions` (empty: minimise all). The spans must have the
/// same length; NaN compares as incomparable.
[[nodiscard]] Dominance compare(std::span<const double> a, std::span<const double> b,
                                Directions directions = {});

/// True when a Pareto-dominates b.
[[nodiscard]] bool dominates(std::span<const double> a, std::span<const double> b,
                             Directions directions = {});

/// True when a dominates b or equals it.
[[nodiscard]] bool weakly_dominates(std::span<const double> a, std::span<const double> b,
                                    Directions directions = {});

}  // namespace ecopt::pareto
