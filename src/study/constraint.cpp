#include "ecopt/study/constraint.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "ecopt/space/value.hpp"

namespace ecopt::study {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_metric_name(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '/';
  });
}

}  // namespace

Constraint Constraint::parse(std::string_view text) {
  auto fail = [&](const std::string& why) {
    return std::invalid_argument("bad constraint '" + std::string(text) + "': " + why +
                                 "; write METRIC OP NUMBER with OP one of >=, <=, >, <, e.g. "
                                 "\"accuracy >= 0.80\"");
  };
  struct Token {
    std::string_view symbol;
    Op op;
  };
  static constexpr Token kOps[] = {
      {">=", Op::greater_equal}, {"<=", Op::less_equal}, {">", Op::greater}, {"<", Op::less}};
  for (const Token& token : kOps) {
    const std::size_t at = text.find(token.symbol);
    if (at == std::string_view::npos) continue;
    const std::string_view metric = trim(text.substr(0, at));
    const std::string_view number = trim(text.substr(at + token.symbol.size()));
    if (!is_metric_name(metric)) throw fail("'" + std::string(metric) + "' is not a metric name");
    double threshold = 0.0;
    const auto [end, error] =
        std::from_chars(number.data(), number.data() + number.size(), threshold);
    if (error != std::errc{} || end != number.data() + number.size() || !std::isfinite(threshold)) {
      throw fail("'" + std::string(number) + "' is not a number");
    }
    return Constraint{std::string(metric), token.op, threshold};
  }
  throw fail("no comparison operator");
}

bool Constraint::satisfied(double value) const {
  return violation(value) <= 0.0 && !std::isnan(value);
}

double Constraint::violation(double value) const {
  constexpr double kTiny = std::numeric_limits<double>::denorm_min();
  switch (op) {
    case Op::greater_equal:
      return std::max(0.0, threshold - value);
    case Op::less_equal:
      return std::max(0.0, value - threshold);
    // Equality breaks a strict constraint: report the smallest positive violation.
    case Op::greater:
      return value > threshold ? 0.0 : std::max(threshold - value, kTiny);
    case Op::less:
      return value < threshold ? 0.0 : std::max(value - threshold, kTiny);
  }
  return 0.0;
}

std::string Constraint::to_string() const {
  static constexpr const char* kSymbols[] = {">=", "<=", ">", "<"};
  return metric + " " + kSymbols[static_cast<int>(op)] + " " +
         space::to_string(space::Value{threshold});
}

}  // namespace ecopt::study
