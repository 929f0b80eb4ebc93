// Fuzzes the number and unit parsers of study files and flags: energies ("200kJ"),
// durations ("15min"), outcome constraints ("accuracy >= 0.8") and derived metric names
// ("energy.inference.per_sample").
// Properties: each returns a value or raises std::invalid_argument (constraints, units)
// or nullopt (metric names); quantities are finite and non-negative; a value written
// back (17 significant digits, or to_string) parses to the same value.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ecopt/study/constraint.hpp"
#include "ecopt/study/metric_name.hpp"
#include "ecopt/study/units.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace ecopt;

using fuzz::number_text;

/// `parse` on `text`, then on the value written back with `base_unit`.
template <class Parse>
void check_quantity(Parse parse, std::string_view text, const char* base_unit) {
  double value = 0.0;
  try {
    value = parse(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  fuzz::check(std::isfinite(value) && value >= 0, "quantities are finite and non-negative",
              number_text(value));
  const std::string again = number_text(value) + base_unit;
  try {
    fuzz::check(parse(again) == value, "a written quantity reparses equal", again);
  } catch (const std::invalid_argument& e) {
    fuzz::property_failed("a written quantity parses", e.what());
  }
}

void check_constraint(std::string_view text) {
  study::Constraint constraint;
  try {
    constraint = study::Constraint::parse(text);
  } catch (const std::invalid_argument&) {
    return;
  }
  fuzz::check(std::isfinite(constraint.threshold), "constraint thresholds are finite");
  const std::string again = constraint.to_string();
  study::Constraint reparsed;
  try {
    reparsed = study::Constraint::parse(again);
  } catch (const std::invalid_argument& e) {
    fuzz::property_failed("a written constraint parses", e.what());
  }
  fuzz::check(reparsed.metric == constraint.metric && reparsed.op == constraint.op &&
                  reparsed.threshold == constraint.threshold,
              "a written constraint reparses equal", again);
}

void check_metric_name(std::string_view text) {
  const std::optional<study::MetricName> name = study::MetricName::parse(text);
  if (!name) return;
  const std::string again = name->to_string();
  fuzz::check(study::MetricName::parse(again) == name, "a written metric name reparses equal",
              again);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_quantity(study::parse_energy_j, text, "J");
  check_quantity(study::parse_duration_s, text, "s");
  check_constraint(text);
  check_metric_name(text);
  return 0;
}
