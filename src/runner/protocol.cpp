#include "ecopt/runner/protocol.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ecopt::runner {
namespace {

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 200;
}

/// {"name": number, ...} with finite numbers only.
std::optional<std::string> read_numbers(const nlohmann::json& object,
                                        std::map<std::string, double>& out) {
  if (!object.is_object()) return "expected an object of name: number";
  if (object.size() > kMaxEntriesPerMessage) return "too many entries";
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (!valid_name(it.key())) return "a name is empty or longer than 200 characters";
    if (!it.value().is_number()) return "'" + it.key() + "' is not a number";
    const double value = it.value().get<double>();
    if (!std::isfinite(value)) return "'" + it.key() + "' is not finite";
    out[it.key()] = value;
  }
  return std::nullopt;
}

}  // namespace

ParsedLine parse_message(std::string_view line) {
  ParsedLine result;
  if (line.size() > kMaxMessageBytes) {
    result.error = "message longer than " + std::to_string(kMaxMessageBytes) + " bytes";
    return result;
  }
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    result.error = "not a JSON object";
    return result;
  }
  if (j.contains("metric")) {
    MetricMessage m;
    if (auto e = read_numbers(j["metric"], m.values)) {
      result.error = "metric: " + *e;
    } else {
      result.message = m;
    }
  } else if (j.contains("phase")) {
    PhaseMessage m;
    const auto& phase = j["phase"];
    // Not j.value("event", std::string()): it throws when "event" is not a string.
    const auto found = j.find("event");
    const std::string event =
        found != j.end() && found->is_string() ? found->get<std::string>() : std::string();
    if (!phase.is_string() || !valid_name(phase.get<std::string>())) {
      result.error = "phase: expected a name";
    } else if (event != "begin" && event != "end") {
      result.error = "phase: event must be \"begin\" or \"end\"";
    } else {
      m.phase = phase.get<std::string>();
      m.begin = event == "begin";
      if (j.contains("t_ns")) {
        if (!j["t_ns"].is_number() || j["t_ns"].get<double>() < 0) {
          result.error = "phase: t_ns must be a non-negative number (CLOCK_MONOTONIC nanoseconds)";
          return result;
        }
        m.time_s = j["t_ns"].get<double>() * 1e-9;
      }
      if (j.contains("samples")) {
        if (!j["samples"].is_number_integer() || j["samples"].get<std::int64_t>() < 0) {
          result.error = "phase: samples must be a non-negative integer";
          return result;
        }
        m.samples = j["samples"].get<std::int64_t>();
      }
      result.message = m;
    }
  } else if (j.contains("report")) {
    ReportMessage m;
    const auto& report = j["report"];
    if (!report.is_object() || !report.contains("step") || !report["step"].is_number_integer()) {
      result.error = "report: expected {\"step\": integer, \"values\": {...}}";
    } else if (auto e = read_numbers(report.value("values", nlohmann::json::object()), m.values)) {
      result.error = "report: " + *e;
    } else {
      m.step = report["step"].get<std::int64_t>();
      result.message = m;
    }
  } else if (j.contains("attrs")) {
    AttrsMessage m;
    const auto& attrs = j["attrs"];
    if (!attrs.is_object() || attrs.size() > kMaxEntriesPerMessage) {
      result.error = "attrs: expected an object";
    } else {
      for (auto it = attrs.begin(); it != attrs.end(); ++it) {
        if (valid_name(it.key())) m.attrs[it.key()] = it.value().dump();
      }
      result.message = m;
    }
  } else {
    result.error = "unknown message: expected one of metric, phase, report, attrs";
  }
  return result;
}

std::optional<std::string_view> stdout_payload(std::string_view line) {
  constexpr std::string_view kPrefix = "ecopt: {";
  if (line.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  return line.substr(kPrefix.size() - 1);
}

void LineSplitter::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, newline);
    if (!discarding_) {
      if (partial_.size() + piece.size() > kMaxMessageBytes) {
        on_error_("line longer than " + std::to_string(kMaxMessageBytes) + " bytes: dropped");
        partial_.clear();
        discarding_ = true;
      } else {
        partial_.append(piece);
      }
    }
    if (newline == std::string_view::npos) return;
    if (!discarding_) on_line_(partial_);
    partial_.clear();
    discarding_ = false;
    bytes.remove_prefix(newline + 1);
  }
}

void LineSplitter::finish() {
  if (!discarding_ && !partial_.empty()) on_line_(partial_);
  partial_.clear();
  discarding_ = false;
}

}  // namespace ecopt::runner
