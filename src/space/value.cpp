#include "ecopt/space/value.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace ecopt::space {

std::string to_string(const Value& value) {
  struct Printer {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      // %.17g round-trips any double; try shorter forms first so 0.1 prints as 0.1.
      char buffer[32];
      for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof buffer, "%.*g", precision, d);
        if (std::strtod(buffer, nullptr) == d) break;
      }
      return buffer;
    }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Printer{}, value);
}

const char* type_name(const Value& value) {
  static constexpr const char* kNames[] = {"bool", "int", "float", "string"};
  return kNames[value.index()];
}

bool is_number(const Value& value) {
  return std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value);
}

double as_double(const Value& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  throw std::invalid_argument(std::string("expected a number, got a ") + type_name(value) + " (" +
                              to_string(value) + ")");
}

}  // namespace ecopt::space
