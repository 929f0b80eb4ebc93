#pragma once
// JSON conversions shared by the report's JSON writers (nlohmann, internal only).

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>

#include "ecopt/report/measurement.hpp"
#include "ecopt/space/value.hpp"

namespace ecopt::report::detail {

using Json = nlohmann::ordered_json;

/// The start of every JSON document the report writes: its format name and version come
/// first, so a reader can check what it was given before reading the rest.
inline Json json_document(const char* format) {
  Json j;
  j["format"] = format;
  j["format_version"] = 1;
  return j;
}

/// A number, or null when it is not finite (JSON has no NaN).
inline Json json_number(double value) {
  return std::isfinite(value) ? Json(value) : Json(nullptr);
}
inline Json json_number(const std::optional<double>& value) {
  return value ? json_number(*value) : Json(nullptr);
}
inline Json json_value(const space::Value& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}
inline Json json_params(const space::Params& params) {
  Json j = Json::object();
  for (const auto& [name, value] : params) j[name] = json_value(value);
  return j;
}

/// Facts (hardware, software, context) as [{name, value, source}, ...].
inline Json facts_json(const std::vector<Fact>& facts) {
  Json j = Json::array();
  for (const Fact& f : facts)
    j.push_back(Json{{"name", f.name}, {"value", f.value}, {"source", f.source}});
  return j;
}

}  // namespace ecopt::report::detail
