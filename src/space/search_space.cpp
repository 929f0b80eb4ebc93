#include "ecopt/space/search_space.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

namespace ecopt::space {
SearchSpace::SearchSpace(std::vector<Parameter> parameters) : parameters_(std::move(parameters)) {
  std::set<std::string> names;
  for (const Parameter& p : parameters_) {
    p.validate_domain();
    if (!names.insert(p.name).second) {
      throw std::invalid_argument("parameter '" + p.name + "' is defined twice");
    }
    encoded_dimension_ += p.encoded_size();
  }
}

const Parameter* SearchSpace::find(const std::string& name) const {
  for (const Parameter& p : parameters_) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::size_t SearchSpace::searched_count() const {
  return static_cast<std::size_t>(std::count_if(
      parameters_.begin(), parameters_.end(), [](const Parameter& p) { return p.is_searched(); }));
}

std::vector<double> SearchSpace::encode(const Params& params) const {
  std::vector<double> unit;
  unit.reserve(encoded_dimension_);
  for (const Parameter& p : parameters_) {
    const auto it = params.find(p.name);
    if (it == params.end()) {
      // Inactive (conditional) or missing: the middle of the range carries no preference.
      unit.insert(unit.end(), p.encoded_size(), 0.5);
      continue;
    }
    if (auto problem = p.check(it->second)) throw std::invalid_argument(*problem);
    const Value& value = it->second;
    if (std::holds_alternative<FloatDomain>(p.domain) ||
        std::holds_alternative<IntDomain>(p.domain)) {
      unit.push_back(p.to_unit(value));
    } else if (const auto* c = std::get_if<CategoricalDomain>(&p.domain)) {
      for (const Value& choice : c->choices) {
        const bool match = (is_number(choice) && is_number(value))
                               ? as_double(choice) == as_double(value)
                               : choice == value;
        unit.push_back(match ? 1.0 : 0.0);
      }
    }
  }
  return unit;
}

Params SearchSpace::decode(std::span<const double> unit) const {
  if (unit.size() != encoded_dimension_) {
    throw std::invalid_argument("decode: " + std::to_string(unit.size()) +
                                " coordinates for a space of " +
                                std::to_string(encoded_dimension_));
  }
  Params params;
  std::size_t k = 0;
  for (const Parameter& p : parameters_) {
    if (std::holds_alternative<FloatDomain>(p.domain) ||
        std::holds_alternative<IntDomain>(p.domain)) {
      params[p.name] = p.from_unit(unit[k++]);
    } else if (const auto* c = std::get_if<CategoricalDomain>(&p.domain)) {
      const auto begin = unit.begin() + static_cast<std::ptrdiff_t>(k);
      const auto best =
          std::max_element(begin, begin + static_cast<std::ptrdiff_t>(c->choices.size()));
      params[p.name] = c->choices[static_cast<std::size_t>(best - begin)];
      k += c->choices.size();
    } else {
      params[p.name] = std::get<FixedDomain>(p.domain).value;
    }
  }
  return params;
}

Params SearchSpace::from_quantiles(std::span<const double> quantiles) const {
  if (quantiles.size() != searched_count()) {
    throw std::invalid_argument("from_quantiles: " + std::to_string(quantiles.size()) +
                                " quantiles for " + std::to_string(searched_count()) +
                                " searched parameters");
  }
  Params params;
  std::size_t k = 0;
  for (const Parameter& p : parameters_) {
    params[p.name] = p.is_searched() ? p.from_quantile(quantiles[k++]) : p.from_quantile(0.0);
  }
  return params;
}

std::vector<std::string> SearchSpace::check(const Params& params) const {
  std::vector<std::string> problems;
  for (const auto& [name, value] : params) {
    if (find(name) == nullptr) {
      std::string known;
      for (const Parameter& p : parameters_) known += (known.empty() ? "" : ", ") + p.name;
      problems.push_back("unknown parameter '" + name + "' (the study's parameters are: " + known +
                         ")");
    }
  }
  for (const Parameter& p : parameters_) {
    const auto it = params.find(p.name);
    if (it == params.end()) {
      problems.push_back("parameter '" + p.name + "' is missing");
    } else if (auto problem = p.check(it->second)) {
      problems.push_back(*problem);
    }
  }
  return problems;
}

}  // namespace ecopt::space
