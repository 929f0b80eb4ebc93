#pragma once
// A parameter value: what a trial receives for one hyperparameter.

#include <cstdint>
#include <map>
#include <string>
#include <variant>

namespace ecopt::space {

/// bool, integer, real or string: the types a study file can name (categorical choices may
/// be any of them).
using Value = std::variant<bool, std::int64_t, double, std::string>;

/// One trial's parameters by name. Ordered, so iteration (and JSON) is deterministic. An
/// inactive conditional parameter is simply absent.
using Params = std::map<std::string, Value>;

/// The value as it appears on a command line: integers without a decimal point, reals
/// with up to 17 significant digits (round-trip exact), bools as true/false.
[[nodiscard]] std::string to_string(const Value& value);

/// Name of the value's type, for messages: "bool", "int", "float" or "string".
[[nodiscard]] const char* type_name(const Value& value);

/// The value as a real number when it is numeric (bools are not).
[[nodiscard]] bool is_number(const Value& value);
[[nodiscard]] double as_double(const Value& value);

}  // namespace ecopt::space
