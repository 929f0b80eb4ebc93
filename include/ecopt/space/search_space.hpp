#pragma once
// The search space of a study and its encoding into the unit hypercube for optimisers.
//
// Encoding: each float or int parameter takes one coordinate in [0, 1] (log parameters in
// log space; integers as the continuous range [low - step/2, high + step/2], rounded to
// the grid on decoding, so each integer owns an equal share); each categorical with k
// choices takes k one-hot coordinates (decoding takes the largest); fixed parameters take
// none. Conditional parameters can be added later by marking parameters inactive per
// trial: an absent value encodes as the coordinate's midpoint.

#include <span>
#include <string>
#include <vector>

#include "ecopt/space/parameter.hpp"

namespace ecopt::space {

class SearchSpace {
 public:
  SearchSpace() = default;
  /// Throws std::invalid_argument for a duplicate name or an invalid domain.
  explicit SearchSpace(std::vector<Parameter> parameters);

  [[nodiscard]] const std::vector<Parameter>& parameters() const { return parameters_; }
  [[nodiscard]] const Parameter* find(const std::string& name) const;
  [[nodiscard]] std::size_t encoded_dimension() const { return encoded_dimension_; }
  /// Parameters that are searched (not fixed), in declaration order.
  [[nodiscard]] std::size_t searched_count() const;

  /// Unit-cube coordinates of `params`. Throws std::invalid_argument when a value does
  /// not fit its parameter (see `check`).
  [[nodiscard]] std::vector<double> encode(const Params& params) const;
  /// Parameters from unit-cube coordinates (clamped to [0, 1]), fixed values included.
  [[nodiscard]] Params decode(std::span<const double> unit) const;

  /// Parameters from one quantile per searched parameter (see Parameter::from_quantile).
  [[nodiscard]] Params from_quantiles(std::span<const double> quantiles) const;

  /// Every problem with `params`: unknown names, missing parameters, values that do not
  /// fit. Empty when valid.
  [[nodiscard]] std::vector<std::string> check(const Params& params) const;

 private:
  std::vector<Parameter> parameters_;
  std::size_t encoded_dimension_ = 0;
};

}  // namespace ecopt::space
