#pragma once
// Checks of option values at parse time, so that a bad value is an argument error (exit
// status 2, docs/cli.md) whose message names the option, the value and what it must be,
// before anything runs.

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ecopt/study/units.hpp"

namespace ecopt::cli {

/// The shortest sampling interval `--interval` accepts: each sample reads every counter
/// and the process tree's CPU time from /proc, which takes tens of microseconds.
inline constexpr double kMinimumInterval_s = 1e-3;

/// A sampling interval: "100ms", "0.5s", "2" (seconds) ... Throws std::invalid_argument.
[[nodiscard]] inline double parse_interval_s(const std::string& text) {
  if (text.size() > 2 && text.compare(text.size() - 2, 2, "ms") == 0) {
    const std::string number = text.substr(0, text.size() - 2);
    char* end = nullptr;
    const double ms = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || *end != '\0')
      throw std::invalid_argument("'" + text + "' is not a duration; write e.g. 100ms or 0.5s");
    return ms / 1000.0;
  }
  return study::parse_duration_s(text);
}

namespace detail {

/// A plain number from the whole of `text`, or an error message.
inline std::string read_number(const std::string& text, double& value) {
  char* end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  if (text.empty() || end == text.c_str() || *end != '\0') return "'" + text + "' is not a number";
  if (!std::isfinite(value) || errno == ERANGE) return "'" + text + "' is not a finite number";
  return {};
}

}  // namespace detail

/// A finite number greater than 0; `what` says what it is ("watts per core").
[[nodiscard]] inline CLI::Validator positive_number(const std::string& what) {
  return CLI::Validator(
      [what](std::string& text) {
        double value = 0.0;
        if (std::string error = detail::read_number(text, value); !error.empty()) return error;
        if (!(value > 0.0)) return what + " must be greater than 0 (got " + text + ")";
        return std::string();
      },
      "NUMBER > 0", "positive_number");
}

/// A data centre's power usage effectiveness: finite and at least 1 (1 = no overhead).
[[nodiscard]] inline CLI::Validator pue_number() {
  return CLI::Validator(
      [](std::string& text) {
        double value = 0.0;
        if (std::string error = detail::read_number(text, value); !error.empty()) return error;
        if (!(value >= 1.0))
          return "a PUE is total facility power / IT power, so at least 1 (got " + text +
                 "); give 1 for no data-centre overhead";
        return std::string();
      },
      "NUMBER >= 1", "pue");
}

namespace detail {

/// A quantity with units that `parse` reads (throwing std::invalid_argument), > 0.
inline CLI::Validator positive_quantity(double (*parse)(std::string_view), const std::string& what,
                                        const std::string& kind) {
  return CLI::Validator(
      [parse, what](std::string& text) {
        try {
          if (!(parse(text) > 0.0))
            return "the " + what + " must be greater than 0 (got " + text + ")";
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
        return std::string();
      },
      kind, what);
}

}  // namespace detail

/// A duration as study files write them ("30s", "10min", "2h"), greater than 0.
[[nodiscard]] inline CLI::Validator duration_text() {
  return detail::positive_quantity(&study::parse_duration_s, "duration", "DURATION");
}

/// An energy as study files write them ("1500J", "200kJ", "2kWh"), greater than 0.
[[nodiscard]] inline CLI::Validator energy_text() {
  return detail::positive_quantity(&study::parse_energy_j, "energy", "ENERGY");
}

/// A sampling interval of at least kMinimumInterval_s.
[[nodiscard]] inline CLI::Validator interval_text() {
  return CLI::Validator(
      [](std::string& text) {
        double interval_s = 0.0;
        try {
          interval_s = parse_interval_s(text);
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
        if (!std::isfinite(interval_s) || interval_s < kMinimumInterval_s * (1.0 - 1e-9)) {
          return "the sampling interval must be at least 1ms (got " + text +
                 "): each sample reads every counter and /proc, and shorter intervals measure "
                 "the sampler more than the command";
        }
        return std::string();
      },
      "DURATION >= 1ms", "interval");
}

}  // namespace ecopt::cli
