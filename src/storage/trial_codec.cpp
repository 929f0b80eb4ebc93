#include "trial_codec.hpp"

#include "ecopt/storage/storage.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <limits>

namespace ecopt::storage::detail {
namespace {

nlohmann::json number_json(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}
double number_from(const nlohmann::json& j) {
  return j.is_number() ? j.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

std::string params_to_json(const space::Params& params) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, value] : params) {
    j[name] = std::visit([](const auto& v) { return nlohmann::json(v); }, value);
  }
  return j.dump();
}

space::Params params_from_json(const std::string& text) {
  space::Params params;
  const nlohmann::json j = nlohmann::json::parse(text);
  for (auto it = j.cbegin(); it != j.cend(); ++it) {
    const std::string& name = it.key();
    const nlohmann::json& v = it.value();
    if (v.is_boolean()) {
      params[name] = v.get<bool>();
    } else if (v.is_number_integer()) {
      params[name] = v.get<std::int64_t>();
    } else if (v.is_number()) {
      params[name] = v.get<double>();
    } else {
      params[name] = v.get<std::string>();
    }
  }
  return params;
}

std::string numbers_to_json(const std::map<std::string, double>& numbers) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, x] : numbers) j[name] = number_json(x);
  return j.dump();
}

std::map<std::string, double> numbers_from_json(const std::string& text) {
  std::map<std::string, double> numbers;
  if (text.empty()) return numbers;
  const nlohmann::json j = nlohmann::json::parse(text);
  for (auto it = j.cbegin(); it != j.cend(); ++it) numbers[it.key()] = number_from(it.value());
  return numbers;
}

std::string values_to_json(const std::vector<double>& values) {
  nlohmann::json j = nlohmann::json::array();
  for (double x : values) j.push_back(number_json(x));
  return j.dump();
}

std::vector<double> values_from_json(const std::string& text) {
  std::vector<double> values;
  if (text.empty()) return values;
  const nlohmann::json j = nlohmann::json::parse(text);
  for (auto it = j.cbegin(); it != j.cend(); ++it) values.push_back(number_from(*it));
  return values;
}

std::string attrs_to_json(const std::map<std::string, std::string>& attrs) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, value] : attrs) j[key] = nlohmann::json::parse(value);
  return j.dump();
}

std::map<std::string, std::string> attrs_from_json(const std::string& text) {
  std::map<std::string, std::string> attrs;
  if (text.empty()) return attrs;
  const nlohmann::json j = nlohmann::json::parse(text);
  for (auto it = j.cbegin(); it != j.cend(); ++it) attrs[it.key()] = it.value().dump();
  return attrs;
}

std::string phase_details_to_json(const study::PhaseMeasurement& phase) {
  nlohmann::json j = nlohmann::json::object();
  if (!phase.attribution.empty()) j["attribution"] = phase.attribution;
  if (!phase.notes.empty()) j["notes"] = phase.notes;
  return j.dump();
}

void phase_details_from_json(const std::string& text, study::PhaseMeasurement& phase) {
  if (text.empty()) return;
  const nlohmann::json j = nlohmann::json::parse(text);
  if (const auto it = j.find("attribution"); it != j.end() && it->is_object()) {
    for (auto a = it->cbegin(); a != it->cend(); ++a) {
      if (a->is_string()) phase.attribution[a.key()] = a->get<std::string>();
    }
  }
  if (const auto it = j.find("notes"); it != j.end() && it->is_array()) {
    for (const nlohmann::json& note : *it) {
      if (note.is_string()) phase.notes.push_back(note.get<std::string>());
    }
  }
}

std::string canonical_json(const std::string& text) {
  try {
    return nlohmann::json::parse(text).dump();
  } catch (const nlohmann::json::parse_error& e) {
    throw StorageError("attribute value is not valid JSON (" + std::string(e.what()) +
                       "): " + text.substr(0, 80));
  }
}

double now_unix_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

study::FailureKind failure_kind_to_store(study::TrialState state, study::FailureKind kind) {
  using study::FailureKind;
  using study::TrialState;
  if (state != TrialState::pruned && state != TrialState::fail) return FailureKind::none;
  if (kind != FailureKind::none) return kind;
  return state == TrialState::pruned ? FailureKind::pruned : FailureKind::failed;
}

study::FailureKind failure_kind_from_text(study::TrialState state, std::string_view text) {
  const auto kind = study::parse_failure_kind(text);
  return failure_kind_to_store(state, kind.value_or(study::FailureKind::failed));
}

}  // namespace ecopt::storage::detail
