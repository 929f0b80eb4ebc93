#include "ecopt/report/format.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace ecopt::report {
namespace {

void trim_zeros(std::string& text) {
  if (text.find('.') == std::string::npos) return;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
}

}  // namespace

std::string format_number(double value, int significant) {
  if (!std::isfinite(value)) return "n/a";
  if (value == 0.0) return "0";
  const double magnitude = std::fabs(value);
  char buffer[64];
  if (magnitude >= 1e-3 && magnitude < 1e6) {
    const int before = static_cast<int>(std::floor(std::log10(magnitude))) + 1;
    const int decimals = std::max(0, significant - before);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string text = buffer;
    trim_zeros(text);
    return text == "-0" ? "0" : text;
  }
  std::snprintf(buffer, sizeof buffer, "%.*e", std::max(0, significant - 1), value);
  std::string text = buffer;
  const auto e = text.find('e');
  std::string mantissa = text.substr(0, e);
  trim_zeros(mantissa);
  return mantissa + text.substr(e);
}

std::string format_number(const std::optional<double>& value, int significant) {
  return value ? format_number(*value, significant) : "n/a";
}

std::string format_with_uncertainty(double value, const std::optional<double>& uncertainty,
                                    int significant) {
  std::string text = format_number(value, significant);
  if (uncertainty) text += " +- " + format_number(*uncertainty, 2);
  return text;
}

std::string format_count_range(double low, const std::optional<double>& high) {
  return high ? format_count(low) + " to " + format_count(*high) : "at least " + format_count(low);
}

std::string format_ratio(double ratio) {
  return format_number(ratio, ratio >= 100.0 ? 3 : 2) + "x";
}

std::string format_energy(double joules) {
  if (!std::isfinite(joules)) return "n/a";
  const double magnitude = std::fabs(joules);
  if (magnitude >= 1e6) {
    return format_number(joules / 1e6, 3) + " MJ (" + format_number(joules / 3.6e6, 3) + " kWh)";
  }
  if (magnitude >= 1e3) return format_number(joules / 1e3, 3) + " kJ";
  return format_number(joules, 3) + " J";
}

std::string format_carbon(double grams) {
  if (!std::isfinite(grams)) return "n/a";
  const double magnitude = std::fabs(grams);
  if (magnitude >= 1e6) return format_number(grams / 1e6, 3) + " t CO2e";
  if (magnitude >= 1e3) return format_number(grams / 1e3, 3) + " kg CO2e";
  return format_number(grams, 3) + " g CO2e";
}

std::string format_count(double count) {
  if (!std::isfinite(count)) return "n/a";
  if (std::fabs(count) >= 1e15) return format_number(count, 3);
  const long long n = std::llround(count);
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string format_utc(double unix_s) {
  if (!(unix_s > 0.0)) return "unknown";
  const std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string first_line(const std::string& text, std::size_t max_length) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > max_length) line = line.substr(0, max_length - 3) + "...";
  return line;
}

std::string last_line(std::string_view text, std::size_t max_length) {
  const auto blank = [](char c) { return c == '\n' || c == '\r' || c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.back())) text.remove_suffix(1);
  const std::size_t newline = text.rfind('\n');
  if (newline != std::string_view::npos) text.remove_prefix(newline + 1);
  if (text.size() <= max_length) return std::string(text);
  std::size_t end = max_length - 3;
  // Continuation bytes (10xxxxxx) are inside a character: cut before it starts.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "...";
}

}  // namespace ecopt::report
