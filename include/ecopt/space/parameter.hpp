#pragma once
// One hyperparameter and its domain.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ecopt/space/value.hpp"

namespace ecopt::space {

/// A real number in [low, high], sampled uniformly or log-uniformly.
struct FloatDomain {
  double low = 0.0;
  double high = 1.0;
  bool log = false;  ///< requires low > 0
};

/// An integer in [low, high] on the grid low + k * step, uniform or log-uniform.
struct IntDomain {
  std::int64_t low = 0;
  std::int64_t high = 1;
  bool log = false;       ///< requires low > 0 and step == 1
  std::int64_t step = 1;  ///< high - low must be a multiple of step
};

/// One of a list of choices (strings, numbers or bools, mixed if need be).
struct CategoricalDomain {
  std::vector<Value> choices;
};

/// A constant passed to every trial (not searched).
struct FixedDomain {
  Value value;
};

using Domain = std::variant<FloatDomain, IntDomain, CategoricalDomain, FixedDomain>;

struct Parameter {
  std::string name;
  Domain domain;

  /// Number of unit-cube coordinates the parameter takes in the encoding (one-hot for
  /// categoricals, none for fixed).
  [[nodiscard]] std::size_t encoded_size() const;

  /// Whether the parameter is searched (everything but fixed).
  [[nodiscard]] bool is_searched() const;

  /// Checks a value against the domain. Returns an explanation when it does not fit, for
  /// example "width = 300 is above the maximum 128".
  [[nodiscard]] std::optional<std::string> check(const Value& value) const;

  /// The value at quantile u in [0, 1) of the domain's sampling distribution: from_unit(u)
  /// for numbers (uniform or log-uniform), choice floor(u * k) for categoricals, the
  /// constant for fixed. Samplers use it so that
  /// uniform u gives the prior the study file asks for.
  [[nodiscard]] Value from_quantile(double u) const;

  /// Numeric domains only: the value's coordinate in [0, 1] (log parameters in log space;
  /// integers over [low - step/2, high + step/2] so each grid point owns an equal share),
  /// and back (rounded to the grid for integers). Other domains throw std::logic_error.
  [[nodiscard]] double to_unit(const Value& value) const;
  [[nodiscard]] Value from_unit(double t) const;

  /// Throws std::invalid_argument when the domain itself is invalid (low > high, empty
  /// choices, log with low <= 0, a step that does not divide the range ...).
  void validate_domain() const;
};

}  // namespace ecopt::space
