#include "ecopt/study/units.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ecopt::study {
namespace {

struct Unit {
  std::string_view suffix;
  double factor;
};

double parse_with_units(std::string_view text, const std::vector<Unit>& units, const char* what,
                        const char* examples) {
  std::string_view s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  double number = 0.0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), number);
  auto fail = [&] {
    return std::invalid_argument("invalid " + std::string(what) + " '" + std::string(text) +
                                 "': expected a non-negative number with an optional unit, e.g. " +
                                 examples);
  };
  if (error != std::errc{} || !std::isfinite(number) || number < 0) throw fail();
  std::string suffix(end, s.data() + s.size());
  suffix.erase(
      std::remove_if(suffix.begin(), suffix.end(), [](unsigned char c) { return std::isspace(c); }),
      suffix.end());
  std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const Unit& unit : units) {
    if (suffix != unit.suffix) continue;
    // A finite number can overflow in its unit (1e308kWh): that is no budget at all.
    if (!std::isfinite(number * unit.factor)) {
      throw std::invalid_argument("invalid " + std::string(what) + " '" + std::string(text) +
                                  "': too large to represent; e.g. " + examples);
    }
    return number * unit.factor;
  }
  throw fail();
}

}  // namespace

double parse_energy_j(std::string_view text) {
  static const std::vector<Unit> units{{"", 1.0},   {"j", 1.0},     {"kj", 1e3},
                                       {"mj", 1e6}, {"wh", 3600.0}, {"kwh", 3.6e6}};
  return parse_with_units(text, units, "energy", "200kJ, 1500J, 2kWh");
}

double parse_duration_s(std::string_view text) {
  static const std::vector<Unit> units{{"", 1.0},     {"s", 1.0},    {"m", 60.0},
                                       {"min", 60.0}, {"h", 3600.0}, {"d", 86400.0}};
  return parse_with_units(text, units, "duration", "90s, 15min, 2h");
}

}  // namespace ecopt::study
