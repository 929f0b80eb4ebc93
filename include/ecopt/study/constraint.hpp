#pragma once
// Outcome constraints such as "accuracy >= 0.80".

#include <string>
#include <string_view>

namespace ecopt::study {

struct Constraint {
  enum class Op { greater_equal, less_equal, greater, less };

  std::string metric;  ///< any metric or derived quantity a trial reports
  Op op = Op::greater_equal;
  double threshold = 0.0;

  /// Parses "METRIC OP NUMBER" with OP one of >=, <=, >, <. Throws
  /// std::invalid_argument explaining the expected form.
  static Constraint parse(std::string_view text);

  [[nodiscard]] bool satisfied(double value) const;
  /// How far `value` is on the wrong side of the threshold (0 when satisfied); samplers
  /// use it as the constraint value (feasible when <= 0, as in Optuna).
  [[nodiscard]] double violation(double value) const;
  [[nodiscard]] std::string to_string() const;
};

}  // namespace ecopt::study
