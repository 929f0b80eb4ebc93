#include "ecopt/space/parameter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ecopt::space {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool values_equal(const Value& a, const Value& b) {
  if (is_number(a) && is_number(b)) return as_double(a) == as_double(b);
  return a == b;
}

std::string describe(const std::string& name, const Value& value) {
  return name + " = " + to_string(value);
}

}  // namespace

std::size_t Parameter::encoded_size() const {
  return std::visit(Overloaded{[](const FloatDomain&) -> std::size_t { return 1; },
                               [](const IntDomain&) -> std::size_t { return 1; },
                               [](const CategoricalDomain& c) { return c.choices.size(); },
                               [](const FixedDomain&) -> std::size_t { return 0; }},
                    domain);
}

bool Parameter::is_searched() const {
  return !std::holds_alternative<FixedDomain>(domain);
}

std::optional<std::string> Parameter::check(const Value& value) const {
  return std::visit(
      Overloaded{
          [&](const FloatDomain& d) -> std::optional<std::string> {
            if (!is_number(value)) {
              return describe(name, value) + " is a " + type_name(value) + ", expected a number";
            }
            const double x = as_double(value);
            if (!std::isfinite(x)) return describe(name, value) + " is not a finite number";
            if (x < d.low)
              return describe(name, value) + " is below the minimum " + to_string(d.low);
            if (x > d.high)
              return describe(name, value) + " is above the maximum " + to_string(d.high);
            return std::nullopt;
          },
          [&](const IntDomain& d) -> std::optional<std::string> {
            std::int64_t x = 0;
            if (const auto* i = std::get_if<std::int64_t>(&value)) {
              x = *i;
            } else if (const auto* f = std::get_if<double>(&value);
                       f != nullptr && std::isfinite(*f) && std::floor(*f) == *f &&
                       std::abs(*f) < 9.0e15) {
              x = static_cast<std::int64_t>(*f);
            } else {
              return describe(name, value) + " is not an integer";
            }
            if (x < d.low)
              return describe(name, value) + " is below the minimum " + std::to_string(d.low);
            if (x > d.high)
              return describe(name, value) + " is above the maximum " + std::to_string(d.high);
            if ((x - d.low) % d.step != 0) {
              return describe(name, value) + " is not on the grid " + std::to_string(d.low) +
                     " + k * " + std::to_string(d.step);
            }
            return std::nullopt;
          },
          [&](const CategoricalDomain& d) -> std::optional<std::string> {
            for (const Value& choice : d.choices) {
              if (values_equal(choice, value)) return std::nullopt;
            }
            std::string list;
            for (const Value& choice : d.choices)
              list += (list.empty() ? "" : ", ") + to_string(choice);
            return describe(name, value) + " is not one of the choices [" + list + "]";
          },
          [&](const FixedDomain& d) -> std::optional<std::string> {
            if (values_equal(d.value, value)) return std::nullopt;
            return describe(name, value) + " differs from its fixed value " + to_string(d.value);
          }},
      domain);
}

namespace {

/// The continuous range an integer domain is encoded over (in log space for log ones).
struct IntRange {
  double lo, hi;
};
IntRange int_range(const IntDomain& d) {
  const double half = 0.5 * static_cast<double>(d.step);
  if (d.log) {
    return {std::log(static_cast<double>(d.low) - half * (d.low > 1 ? 1.0 : 0.5)),
            std::log(static_cast<double>(d.high) + half)};
  }
  return {static_cast<double>(d.low) - half, static_cast<double>(d.high) + half};
}

}  // namespace

double Parameter::to_unit(const Value& value) const {
  if (const auto* d = std::get_if<FloatDomain>(&domain)) {
    const double x = as_double(value);
    if (d->high == d->low) return 0.5;
    const double t = d->log
                         ? (std::log(x) - std::log(d->low)) / (std::log(d->high) - std::log(d->low))
                         : (x - d->low) / (d->high - d->low);
    return std::clamp(t, 0.0, 1.0);
  }
  if (const auto* d = std::get_if<IntDomain>(&domain)) {
    const IntRange r = int_range(*d);
    const double x = d->log ? std::log(as_double(value)) : as_double(value);
    return std::clamp((x - r.lo) / (r.hi - r.lo), 0.0, 1.0);
  }
  throw std::logic_error("to_unit: parameter '" + name + "' is not numeric");
}

Value Parameter::from_unit(double t) const {
  t = std::clamp(t, 0.0, 1.0);
  if (const auto* d = std::get_if<FloatDomain>(&domain)) {
    if (t == 0.0) return d->low;  // exact endpoints, which exp(log(x)) can miss by an ulp
    if (t == 1.0) return d->high;
    const double x = d->log
                         ? std::exp(std::log(d->low) + t * (std::log(d->high) - std::log(d->low)))
                         : d->low + t * (d->high - d->low);
    return std::clamp(x, d->low, d->high);
  }
  if (const auto* d = std::get_if<IntDomain>(&domain)) {
    const IntRange r = int_range(*d);
    double x = r.lo + t * (r.hi - r.lo);
    if (d->log) x = std::exp(x);
    const double k = std::round((x - static_cast<double>(d->low)) / static_cast<double>(d->step));
    return std::clamp(d->low + static_cast<std::int64_t>(k) * d->step, d->low, d->high);
  }
  throw std::logic_error("from_unit: parameter '" + name + "' is not numeric");
}

Value Parameter::from_quantile(double u) const {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  if (const auto* c = std::get_if<CategoricalDomain>(&domain)) {
    const auto k = static_cast<std::size_t>(u * static_cast<double>(c->choices.size()));
    return c->choices[std::min(k, c->choices.size() - 1)];
  }
  if (const auto* f = std::get_if<FixedDomain>(&domain)) return f->value;
  return from_unit(u);
}

void Parameter::validate_domain() const {
  auto fail = [&](const std::string& why) {
    throw std::invalid_argument("parameter '" + name + "': " + why);
  };
  if (name.empty()) throw std::invalid_argument("a parameter has an empty name");
  std::visit(
      Overloaded{[&](const FloatDomain& d) {
                   if (!std::isfinite(d.low) || !std::isfinite(d.high))
                     fail("low and high must be finite");
                   if (d.low > d.high)
                     fail("low " + to_string(d.low) + " is greater than high " + to_string(d.high));
                   // Sampling maps [0, 1] onto low + t * (high - low); an infinite span
                   // would make every sample a bound.
                   if (!std::isfinite(d.high - d.low))
                     fail("high - low overflows (beyond 1.8e308); narrow the range");
                   if (d.log && d.low <= 0.0)
                     fail("log: true needs low > 0 (got " + to_string(d.low) + ")");
                 },
                 [&](const IntDomain& d) {
                   if (d.low > d.high)
                     fail("low " + std::to_string(d.low) + " is greater than high " +
                          std::to_string(d.high));
                   if (d.step < 1)
                     fail("step must be at least 1 (got " + std::to_string(d.step) + ")");
                   if ((d.high - d.low) % d.step != 0) {
                     fail("high - low = " + std::to_string(d.high - d.low) +
                          " is not a multiple of step " + std::to_string(d.step));
                   }
                   if (d.log && d.low <= 0)
                     fail("log: true needs low > 0 (got " + std::to_string(d.low) + ")");
                   if (d.log && d.step != 1) fail("log: true cannot be combined with a step");
                 },
                 [&](const CategoricalDomain& d) {
                   if (d.choices.empty()) fail("choices is empty; give at least one choice");
                   for (std::size_t i = 0; i < d.choices.size(); ++i) {
                     for (std::size_t j = 0; j < i; ++j) {
                       if (values_equal(d.choices[i], d.choices[j]))
                         fail("choice " + to_string(d.choices[i]) + " appears twice");
                     }
                   }
                 },
                 [&](const FixedDomain&) {}},
      domain);
}

}  // namespace ecopt::space
