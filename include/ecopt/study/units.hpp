#pragma once
// Quantities with units as users write them in study files and flags: "200kJ", "2h".

#include <string_view>

namespace ecopt::study {

/// Joules from "1500", "1500J", "200kJ", "1.5MJ", "30Wh" or "2kWh" (case-insensitive
/// units, optional space). Throws std::invalid_argument naming the accepted units.
[[nodiscard]] double parse_energy_j(std::string_view text);

/// Seconds from "90", "90s", "15min", "2h", "1.5d" (also "m" for minutes). Throws
/// std::invalid_argument naming the accepted units.
[[nodiscard]] double parse_duration_s(std::string_view text);

}  // namespace ecopt::study
