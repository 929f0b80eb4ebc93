#pragma once
// Number and date formatting shared by the report's writers, so that the HTML and the
// Markdown print every number identically; the live dashboard prints its own numbers
// with them too.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ecopt::report {

/// `significant` digits, fixed notation in [1e-3, 1e6), exponent notation outside, no
/// trailing zeros; "n/a" for NaN and infinities.
[[nodiscard]] std::string format_number(double value, int significant = 4);
[[nodiscard]] std::string format_number(const std::optional<double>& value, int significant = 4);

/// A value and its standard uncertainty, "0.01234 +- 0.00041" (the uncertainty to 2
/// significant digits); the value alone without one.
[[nodiscard]] std::string format_with_uncertainty(double value,
                                                  const std::optional<double>& uncertainty,
                                                  int significant = 4);

/// A range of counts, "1,100 to 1,400"; "at least 1,100" without an upper end.
[[nodiscard]] std::string format_count_range(double low, const std::optional<double>& high);

/// A ratio such as 6.1 as "6.1x" (2 significant digits, 3 from 100 up).
[[nodiscard]] std::string format_ratio(double ratio);

/// Energy with an SI prefix: "420 J", "1.2 kJ", "3.4 MJ" (and kWh in brackets from 1 MJ).
[[nodiscard]] std::string format_energy(double joules);
/// Grams of CO2e: "12 g", "3.4 kg", "1.2 t".
[[nodiscard]] std::string format_carbon(double grams);
/// A count such as 12,345,678 with thousands separators (rounded to an integer).
[[nodiscard]] std::string format_count(double count);

/// UTC date and time, ISO 8601: "2024-05-01T12:00:00Z"; "unknown" for 0.
[[nodiscard]] std::string format_utc(double unix_s);

/// The first line of a message, at most `max_length` characters.
[[nodiscard]] std::string first_line(const std::string& text, std::size_t max_length = 120);

/// The last line of a text that is not blank (such as a trial's stderr tail, whose last
/// line usually names the error), at most `max_length` bytes, cut at a UTF-8 character
/// boundary.
[[nodiscard]] std::string last_line(std::string_view text, std::size_t max_length = 120);

}  // namespace ecopt::report
