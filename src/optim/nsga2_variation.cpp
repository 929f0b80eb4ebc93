#include "nsga2_variation.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace ecopt::optim {
namespace {

/// Parents closer than this in a unit coordinate are treated as equal, as in Deb's code:
/// SBX divides by their distance.
constexpr double kSameCoordinate = 1e-14;

double uniform01(std::mt19937_64& rng) {
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

/// SBX's spread factor beta_q for one side of the parents, bounded so that the child
/// lands inside [0, 1] (Deb's nsga2-v1.1 realcross). `room` is the distance from the
/// parent on that side to the bound on that side, `gap` the distance between the parents.
double spread_factor(double u, double room, double gap, double eta) {
  const double beta = 1.0 + 2.0 * room / gap;
  const double alpha = 2.0 - std::pow(beta, -(eta + 1.0));
  if (u <= 1.0 / alpha) return std::pow(u * alpha, 1.0 / (eta + 1.0));
  return std::pow(1.0 / (2.0 - u * alpha), 1.0 / (eta + 1.0));
}

/// Index of `value` among the choices, comparing numbers by value (1 equals 1.0) like
/// Parameter::check does; none when absent.
std::optional<std::size_t> choice_index(const space::CategoricalDomain& domain,
                                        const space::Value& value) {
  for (std::size_t i = 0; i < domain.choices.size(); ++i) {
    const space::Value& choice = domain.choices[i];
    const bool same = (space::is_number(choice) && space::is_number(value))
                          ? space::as_double(choice) == space::as_double(value)
                          : choice == value;
    if (same) return i;
  }
  return std::nullopt;
}

/// The parent's value for `parameter`, or a draw from its prior when the parent has none
/// that fits (trials made under an older space, enqueued trials with partial parameters).
space::Value parent_value(const space::Parameter& parameter, const space::Params& parent,
                          std::mt19937_64& rng) {
  const auto it = parent.find(parameter.name);
  if (it != parent.end() && !parameter.check(it->second)) return it->second;
  return parameter.from_quantile(uniform01(rng));
}

space::Value vary_categorical(const space::CategoricalDomain& domain, const space::Value& first,
                              const space::Value& second, bool crossover,
                              const VariationSettings& settings, std::mt19937_64& rng) {
  // Uniform crossover: either parent's choice, each with probability 1/2.
  const space::Value& inherited = (crossover && uniform01(rng) < 0.5) ? second : first;
  std::size_t index = choice_index(domain, inherited).value_or(0);
  const std::size_t count = domain.choices.size();
  if (count > 1 && uniform01(rng) < settings.mutation_probability) {
    // A different choice, uniformly: mutation must change the gene to matter.
    const std::size_t shift = std::uniform_int_distribution<std::size_t>(1, count - 1)(rng);
    index = (index + shift) % count;
  }
  return domain.choices[index];
}

space::Value vary_numeric(const space::Parameter& parameter, const space::Value& first,
                          const space::Value& second, bool crossover,
                          const VariationSettings& settings, std::mt19937_64& rng) {
  double unit = parameter.to_unit(first);
  bool changed = false;
  // Each variable takes part in the crossover with probability 1/2 (Deb's realcross).
  if (crossover && uniform01(rng) < 0.5) {
    unit = sbx_crossover(unit, parameter.to_unit(second), settings.eta_crossover, rng).first;
    changed = true;
  }
  if (uniform01(rng) < settings.mutation_probability) {
    unit = polynomial_mutation(unit, settings.eta_mutation, rng);
    changed = true;
  }
  // An untouched value is copied, not round-tripped through the unit coordinate, so a
  // copy of a parent is recognised as one (exp(log(x)) can differ from x in the last bit).
  return changed ? parameter.from_unit(unit) : first;
}

}  // namespace

SbxChildren sbx_crossover(double parent_a, double parent_b, double eta, std::mt19937_64& rng) {
  if (std::abs(parent_a - parent_b) <= kSameCoordinate) return {parent_a, parent_b};
  const double low = std::min(parent_a, parent_b);
  const double high = std::max(parent_a, parent_b);
  const double gap = high - low;
  const double u = uniform01(rng);
  // One random number for both children, as in Deb's code, so they spread symmetrically
  // where neither bound is near; each side's factor is bounded by its own room.
  const double lower_child = 0.5 * ((low + high) - spread_factor(u, low, gap, eta) * gap);
  const double upper_child = 0.5 * ((low + high) + spread_factor(u, 1.0 - high, gap, eta) * gap);
  SbxChildren children{std::clamp(lower_child, 0.0, 1.0), std::clamp(upper_child, 0.0, 1.0)};
  if (uniform01(rng) < 0.5) std::swap(children.first, children.second);
  return children;
}

double polynomial_mutation(double unit, double eta, std::mt19937_64& rng) {
  // Deb's bounded polynomial mutation (nsga2-v1.1 real_mutate_ind): the perturbation's
  // distribution is scaled by the distance to the bound on the side it moves towards.
  const double u = uniform01(rng);
  const double power = 1.0 / (eta + 1.0);
  double delta = 0.0;
  if (u <= 0.5) {
    const double reach = 1.0 - unit;  // 1 - distance to the lower bound
    const double value = 2.0 * u + (1.0 - 2.0 * u) * std::pow(reach, eta + 1.0);
    delta = std::pow(value, power) - 1.0;
  } else {
    const double reach = unit;  // 1 - distance to the upper bound
    const double value = 2.0 * (1.0 - u) + 2.0 * (u - 0.5) * std::pow(reach, eta + 1.0);
    delta = 1.0 - std::pow(value, power);
  }
  return std::clamp(unit + delta, 0.0, 1.0);
}

space::Params make_child(const space::SearchSpace& space, const space::Params& parent_a,
                         const space::Params& parent_b, const VariationSettings& settings,
                         std::mt19937_64& rng) {
  const bool crossover = uniform01(rng) < settings.crossover_probability;
  space::Params child;
  for (const space::Parameter& parameter : space.parameters()) {
    if (const auto* fixed = std::get_if<space::FixedDomain>(&parameter.domain)) {
      child[parameter.name] = fixed->value;
      continue;
    }
    const space::Value first = parent_value(parameter, parent_a, rng);
    const space::Value second = parent_value(parameter, parent_b, rng);
    if (const auto* categorical = std::get_if<space::CategoricalDomain>(&parameter.domain)) {
      child[parameter.name] =
          vary_categorical(*categorical, first, second, crossover, settings, rng);
    } else {
      child[parameter.name] = vary_numeric(parameter, first, second, crossover, settings, rng);
    }
  }
  return child;
}

}  // namespace ecopt::optim
