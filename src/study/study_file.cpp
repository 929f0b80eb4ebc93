// Parsing study files with yaml-cpp. Every error names the source, the line and the key.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "detail/lenient_parser.hpp"
#include "ecopt/study/study_file.hpp"
#include "ecopt/study/units.hpp"
#include "utf8.hpp"

namespace ecopt::study {
namespace {

/// `text` with control characters shown as '?', for quoting user text in a message.
std::string printable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

/// What the parser does with a key the table does not list.
enum class UnknownKeys { reject, ignore };

class Parser {
 public:
  Parser(std::string source, UnknownKeys unknown_keys)
      : source_(std::move(source)), unknown_keys_(unknown_keys) {}

  StudyConfig parse(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull())
      fail(root, "(file)", "the file is empty; see docs/study-file.md");
    require_map(root, "(top level)");
    check_keys(root, "");
    if (root["format"]) (void)scalar(*find_study_file_key("format"), root["format"]);
    StudyConfig config;
    config.name = required_string(root, "name");
    validate_name(root["name"], config.name);
    read_bound_keys(root, "", config);
    if (const YAML::Node command = root["command"]) {
      require_sequence(command, "command");
      for (std::size_t i = 0; i < command.size(); ++i) {
        config.command.push_back(string_value(command[i], "command[" + std::to_string(i) + "]"));
      }
      if (config.command.empty())
        fail(command, "command", "is empty; give the program and its arguments");
    }
    config.space = parse_parameters(root, config.hardware);
    config.objectives = parse_objectives(root);
    config.constraints = parse_constraints(root);
    config.reference_point = parse_reference_point(root, config.objectives);
    for (const char* section : {"sampler", "pruner", "budget", "run"}) {
      if (const YAML::Node map = root[section]) {
        require_map(map, section);
        check_keys(map, section);
        read_bound_keys(map, section, config);
      }
    }
    if (const YAML::Node sampler = root["sampler"]) parse_warm_start(sampler, config);
    if (root["run"]) config.run.env = parse_env(root["run"]);
    return config;
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& message) const {
    const int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    throw StudyFileError(source_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         key + ": " + message);
  }

  /// A mapping key as text. Keys are names: a list or mapping as a key (YAML allows
  /// `[1, 2]: 3`) is refused here, where yaml-cpp's as<string> would throw its own error.
  std::string key_text(const YAML::Node& key, const std::string& where) const {
    if (!key.IsScalar()) fail(key, where, "a key must be a name, not a list or mapping");
    return key.as<std::string>();
  }

  static std::string child_name(std::string_view table_path, const std::string& prefix) {
    if (prefix.empty()) {
      return table_path.find_first_of(".[") == std::string_view::npos ? std::string(table_path)
                                                                      : std::string();
    }
    if (table_path.size() <= prefix.size() + 1 || table_path.substr(0, prefix.size()) != prefix ||
        table_path[prefix.size()] != '.') {
      return {};
    }
    const std::string_view rest = table_path.substr(prefix.size() + 1);
    return rest.find_first_of(".[") == std::string_view::npos ? std::string(rest) : std::string();
  }

  /// Rejects any key the schema table does not list under `prefix` (the table path of
  /// this mapping, "" for the top level).
  void check_keys(const YAML::Node& map, const std::string& prefix) const {
    std::vector<std::string> allowed;
    for (const KeySpec& key : study_file_keys()) {
      std::string child = child_name(key.path, prefix);
      if (!child.empty()) allowed.push_back(std::move(child));
    }
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const std::string key = key_text(entry.first, prefix.empty() ? "(top level)" : prefix);
      const std::string where = prefix.empty() ? key : display(prefix) + "." + key;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        if (unknown_keys_ == UnknownKeys::ignore) continue;
        std::string list;
        for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
        fail(entry.first, where,
             "unknown key; allowed here: " + list + " (see docs/study-file.md)");
      }
      if (!seen.insert(key).second) fail(entry.first, where, "appears twice");
    }
  }

  std::string display(const std::string& prefix) const {
    return current_item_.empty() ? prefix : current_item_;
  }

  void require_map(const YAML::Node& node, const std::string& key) const {
    if (!node.IsMap()) fail(node, key, "expected a mapping (key: value lines)");
  }
  void require_sequence(const YAML::Node& node, const std::string& key) const {
    if (!node.IsSequence()) fail(node, key, "expected a list");
  }

  std::string string_value(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, key, "expected a string");
    return node.Scalar();
  }

  std::string required_string(const YAML::Node& map, const std::string& key) const {
    const YAML::Node node = map[key];
    if (!node) fail(map, key, "is required");
    return string_value(node, key);
  }

  double number_value(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar() && node.Tag() != "!") {
      try {
        const double value = node.as<double>();
        if (std::isfinite(value)) return value;
      } catch (const YAML::Exception&) {
      }
    }
    fail(node, key,
         "expected a number, got '" +
             (node.IsScalar() ? node.Scalar() : std::string("a ") + kind(node)) + "'");
  }

  std::int64_t integer_value(const YAML::Node& node, const std::string& key) const {
    const double value = number_value(node, key);
    if (std::floor(value) != value || std::abs(value) > 9.0e15) {
      fail(node, key, "expected an integer, got '" + node.Scalar() + "'");
    }
    return static_cast<std::int64_t>(value);
  }

  bool bool_value(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar() && node.Tag() != "!") {
      const std::string s = node.Scalar();
      if (s == "true" || s == "True" || s == "yes") return true;
      if (s == "false" || s == "False" || s == "no") return false;
    }
    fail(node, key,
         "expected true or false, got '" + (node.IsScalar() ? node.Scalar() : kind(node)) + "'");
  }

  static std::string kind(const YAML::Node& node) {
    return node.IsMap()        ? "mapping"
           : node.IsSequence() ? "list"
           : node.IsNull()     ? "nothing"
                               : "scalar";
  }

  /// A scalar as the most specific value: bool, integer, real, else string. Quoted
  /// scalars are always strings.
  space::Value scalar_value(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, key, "expected a single value, got a " + kind(node));
    const std::string& s = node.Scalar();
    if (node.Tag() == "!") return s;
    if (s == "true" || s == "True") return true;
    if (s == "false" || s == "False") return false;
    try {
      std::size_t used = 0;
      const long long i = std::stoll(s, &used);
      if (used == s.size()) return static_cast<std::int64_t>(i);
    } catch (const std::exception&) {
    }
    try {
      std::size_t used = 0;
      const double d = std::stod(s, &used);
      if (used == s.size() && std::isfinite(d)) return d;
    } catch (const std::exception&) {
    }
    return s;
  }

  /// A scalar key's value, checked against its type and rule in the key table.
  KeyValue scalar(const KeySpec& spec, const YAML::Node& node) const {
    const std::string key(spec.path);
    switch (spec.type) {
      case KeyType::integer: {
        const std::int64_t value = integer_value(node, key);
        if (spec.min && value < *spec.min)
          fail(node, key, "must be >= " + std::to_string(*spec.min));
        return value;
      }
      case KeyType::boolean:
        return bool_value(node, key);
      case KeyType::duration:
      case KeyType::energy:
        return quantity_value(spec.type, node, key);
      case KeyType::choice:
        return choice_value(spec.choices, node, key);
      case KeyType::text:
      case KeyType::structure:
        break;
    }
    return string_value(node, key);
  }

  /// A duration in seconds or an energy in joules, from text with a unit.
  double quantity_value(KeyType type, const YAML::Node& node, const std::string& key) const {
    const std::string text = string_value(node, key);
    try {
      return type == KeyType::duration ? parse_duration_s(text) : parse_energy_j(text);
    } catch (const std::invalid_argument& e) {
      fail(node, key, e.what());
    }
  }

  std::string choice_value(std::span<const std::string_view> choices, const YAML::Node& node,
                           const std::string& key) const {
    const std::string value = string_value(node, key);
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
    std::string list;
    for (std::string_view choice : choices)
      list += (list.empty() ? "" : ", ") + std::string(choice);
    fail(node, key, "'" + value + "' is not one of: " + list);
  }

  /// Reads every key of `map` that the table binds to a StudyConfig field.
  void read_bound_keys(const YAML::Node& map, const std::string& prefix,
                       StudyConfig& config) const {
    for (const KeySpec& spec : study_file_keys()) {
      if (spec.read == nullptr) continue;
      const std::string child = child_name(spec.path, prefix);
      if (child.empty()) continue;
      if (const YAML::Node node = map[child]) spec.read(config, scalar(spec, node));
    }
  }

  /// An enum-valued key of a list item (objectives[].goal), by the enum's one name list.
  template <NamedEnum Enum>
  Enum enum_value(const YAML::Node& node, std::string_view table_path,
                  const std::string& key) const {
    const std::string value = string_value(node, key);
    if (const std::optional<Enum> parsed = parse_enum<Enum>(value)) return *parsed;
    return *parse_enum<Enum>(choice_value(find_study_file_key(table_path)->choices, node, key));
  }

  std::map<std::string, std::string> parse_env(const YAML::Node& run) const {
    std::map<std::string, std::string> env;
    const YAML::Node map = run["env"];
    if (!map) return env;
    require_map(map, "run.env");
    for (const auto& entry : map) {
      const std::string name = key_text(entry.first, "run.env");
      env[name] = string_value(entry.second, "run.env." + name);
    }
    return env;
  }

  void validate_name(const YAML::Node& node, const std::string& name,
                     const std::string& key = "name") const {
    const bool ok = !name.empty() && name.size() <= 128 &&
                    std::all_of(name.begin(), name.end(),
                                [](unsigned char c) {
                                  return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                                }) &&
                    name != "." && name != "..";  // it names a directory under runs/
    if (!ok) {
      fail(node, key,
           "'" + printable(name) +
               "' must be 1-128 letters, digits, '-', '_' or '.', and not '.' or '..'");
    }
  }

  /// `sampler.warm_start`: the earlier study to learn from. Where it lives and whether it
  /// exists is checked when a run opens it (runner/warm_start.hpp); here, its shape.
  void parse_warm_start(const YAML::Node& sampler, StudyConfig& config) const {
    const YAML::Node warm = sampler["warm_start"];
    if (!warm) return;
    const std::string key = "sampler.warm_start";
    require_map(warm, key);
    check_keys(warm, key);
    read_bound_keys(warm, key, config);
    const WarmStartConfig& given = config.sampler.warm_start;
    if (!warm["study"])
      fail(warm, key + ".study", "is required: the name of the earlier study to learn from");
    validate_name(warm["study"], given.study, key + ".study");
    if (warm["storage"] && given.storage.empty())
      fail(warm["storage"], key + ".storage", "is empty; give a storage URL or leave it out");
    if (given.study == config.name && given.storage.empty()) {
      fail(warm["study"], key + ".study",
           "names this study itself; give the earlier study's name, or its `storage` when it "
           "has the same name in another database");
    }
    const SamplerKind kind = config.sampler.name;
    if (kind != SamplerKind::mobo && kind != SamplerKind::automatic) {
      fail(warm, key,
           "only the model-based samplers use it (`mobo`, `auto`), not `" +
               std::string(to_string(kind)) + "`; remove it or change `sampler.name`");
    }
  }

  space::SearchSpace parse_parameters(const YAML::Node& root, std::vector<HardwareKnob>& knobs) {
    const YAML::Node params = root["parameters"];
    if (!params) fail(root, "parameters", "is required; define at least one parameter");
    require_map(params, "parameters");
    if (params.size() == 0) fail(params, "parameters", "is empty; define at least one parameter");
    std::vector<space::Parameter> parameters;
    std::set<std::string> names;
    for (const auto& entry : params) {
      const std::string name = key_text(entry.first, "parameters");
      const std::string key = "parameters." + name;
      if (!names.insert(name).second) fail(entry.first, key, "is defined twice");
      parameters.push_back(parse_parameter(name, entry.second, key));
    }
    if (const YAML::Node hardware = root["hardware"]) {
      require_map(hardware, "hardware");
      for (const auto& entry : hardware) {
        const std::string name = key_text(entry.first, "hardware");
        const std::string key = "hardware." + name;
        const std::optional<HardwareKnob> knob = parse_enum<HardwareKnob>(name);
        if (!knob) {
          fail(entry.first, key,
               "unknown hardware knob; allowed: " + enum_name_list<HardwareKnob>() +
                   " (see docs/hardware.md)");
        }
        if (!names.insert(name).second)
          fail(entry.first, key, "is also a parameter; rename the parameter");
        parameters.push_back(parse_parameter(name, entry.second, key));
        check_knob_domain(*knob, parameters.back().domain, entry.second, key);
        knobs.push_back(*knob);
      }
    }
    return space::SearchSpace(std::move(parameters));
  }

  space::Parameter parse_parameter(const std::string& name, const YAML::Node& spec,
                                   const std::string& key) {
    require_map(spec, key);
    current_item_ = key;
    check_keys(spec, "parameters.NAME");
    current_item_.clear();
    space::Parameter parameter{name, parse_domain(spec, key)};
    try {
      parameter.validate_domain();
    } catch (const std::invalid_argument& e) {
      std::string message = e.what();
      const std::string prefix = "parameter '" + name + "': ";
      if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
      fail(spec, key, message);
    }
    return parameter;
  }

  /// A knob's values are numbers (whole numbers for cores), and positive: they are set on
  /// the machine as they are.
  void check_knob_domain(HardwareKnob knob, const space::Domain& domain, const YAML::Node& spec,
                         const std::string& key) const {
    std::vector<space::Value> values;
    if (const auto* f = std::get_if<space::FloatDomain>(&domain)) {
      if (knob == HardwareKnob::cpu_cores)
        fail(spec, key, "cpu_cores takes whole numbers: use int");
      values = {f->low, f->high};
    } else if (const auto* i = std::get_if<space::IntDomain>(&domain)) {
      values = {i->low, i->high};
    } else if (const auto* c = std::get_if<space::CategoricalDomain>(&domain)) {
      values = c->choices;
    } else {
      values = {std::get<space::FixedDomain>(domain).value};
    }
    for (const space::Value& value : values) {
      const bool whole = std::holds_alternative<std::int64_t>(value);
      const bool number = whole || std::holds_alternative<double>(value);
      const double x = whole ? static_cast<double>(std::get<std::int64_t>(value))
                             : (number ? std::get<double>(value) : 0.0);
      if (!number || x <= 0 || (knob == HardwareKnob::cpu_cores && !whole))
        fail(spec, key,
             knob == HardwareKnob::cpu_cores ? "values must be whole numbers >= 1"
                                             : "values must be numbers > 0");
    }
  }

  space::Domain parse_domain(const YAML::Node& spec, const std::string& key) const {
    const YAML::Node type_node = spec["type"];
    if (!type_node) fail(spec, key + ".type", "is required: float, int, categorical or fixed");
    const std::string type = string_value(type_node, key + ".type");
    auto only_for = [&](std::initializer_list<const char*> keys, const char* kinds) {
      for (const char* k : keys) {
        if (spec[k])
          fail(spec[k], key + "." + k, std::string("only applies to ") + kinds + " parameters");
      }
    };
    auto required = [&](const char* k) {
      if (!spec[k]) fail(spec, key + "." + k, "is required for a " + type + " parameter");
      return spec[k];
    };
    if (type == "float") {
      only_for({"choices", "value", "step"}, "other");
      space::FloatDomain d;
      d.low = number_value(required("low"), key + ".low");
      d.high = number_value(required("high"), key + ".high");
      if (spec["log"]) d.log = bool_value(spec["log"], key + ".log");
      return d;
    }
    if (type == "int") {
      only_for({"choices", "value"}, "other");
      space::IntDomain d;
      d.low = integer_value(required("low"), key + ".low");
      d.high = integer_value(required("high"), key + ".high");
      if (spec["log"]) d.log = bool_value(spec["log"], key + ".log");
      if (spec["step"]) d.step = integer_value(spec["step"], key + ".step");
      return d;
    }
    if (type == "categorical") {
      only_for({"low", "high", "log", "step", "value"}, "float, int or fixed");
      const YAML::Node choices = required("choices");
      require_sequence(choices, key + ".choices");
      space::CategoricalDomain d;
      for (std::size_t i = 0; i < choices.size(); ++i) {
        d.choices.push_back(scalar_value(choices[i], key + ".choices[" + std::to_string(i) + "]"));
      }
      return d;
    }
    if (type == "fixed") {
      only_for({"low", "high", "log", "step", "choices"}, "float, int or categorical");
      return space::FixedDomain{scalar_value(required("value"), key + ".value")};
    }
    fail(type_node, key + ".type", "'" + type + "' is not one of: float, int, categorical, fixed");
  }

  std::vector<Objective> parse_objectives(const YAML::Node& root) {
    const YAML::Node list = root["objectives"];
    if (!list) fail(root, "objectives", "is required; e.g. [{name: accuracy, goal: maximize}]");
    require_sequence(list, "objectives");
    if (list.size() == 0) fail(list, "objectives", "is empty; give at least one objective");
    std::vector<Objective> objectives;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string key = "objectives[" + std::to_string(i) + "]";
      require_map(list[i], key);
      current_item_ = key;
      check_keys(list[i], "objectives[]");
      current_item_.clear();
      Objective objective;
      objective.name = required_string(list[i], "name");
      const YAML::Node goal = list[i]["goal"];
      if (!goal) fail(list[i], key + ".goal", "is required: minimize or maximize");
      objective.goal = enum_value<Goal>(goal, "objectives[].goal", key + ".goal");
      if (const YAML::Node transform = list[i]["transform"]) {
        objective.transform =
            enum_value<OutputTransform>(transform, "objectives[].transform", key + ".transform");
      }
      for (const Objective& other : objectives) {
        if (other.name == objective.name)
          fail(list[i], key + ".name", "objective '" + objective.name + "' is listed twice");
      }
      objectives.push_back(objective);
    }
    return objectives;
  }

  std::vector<Constraint> parse_constraints(const YAML::Node& root) const {
    std::vector<Constraint> constraints;
    const YAML::Node list = root["constraints"];
    if (!list) return constraints;
    require_sequence(list, "constraints");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string key = "constraints[" + std::to_string(i) + "]";
      try {
        constraints.push_back(Constraint::parse(string_value(list[i], key)));
      } catch (const std::invalid_argument& e) {
        fail(list[i], key, e.what());
      }
    }
    return constraints;
  }

  std::map<std::string, double> parse_reference_point(
      const YAML::Node& root, const std::vector<Objective>& objectives) const {
    std::map<std::string, double> reference;
    const YAML::Node map = root["reference_point"];
    if (!map) return reference;
    require_map(map, "reference_point");
    for (const auto& entry : map) {
      const std::string name = key_text(entry.first, "reference_point");
      const bool known = std::any_of(objectives.begin(), objectives.end(),
                                     [&](const Objective& o) { return o.name == name; });
      if (!known) fail(entry.first, "reference_point." + name, "is not one of the objectives");
      reference[name] = number_value(entry.second, "reference_point." + name);
    }
    return reference;
  }

  std::string source_;
  UnknownKeys unknown_keys_;
  std::string current_item_;  ///< the concrete key ("parameters.width") for messages
};

/// Throws, naming the line, for a byte YAML and the stored JSON cannot carry: one that is
/// not UTF-8, or a control character other than tab, LF and CR, which YAML 1.2 does not
/// allow in a stream (yaml-cpp turned a raw NUL into a byte that is not UTF-8, which
/// then failed inside the JSON library when the config was stored).
void check_bytes(std::string_view text, const std::string& source) {
  std::optional<std::size_t> bad = detail::first_invalid_utf8(text);
  std::string why = " is not UTF-8; save the file as UTF-8";
  const auto control = std::find_if(text.begin(), text.end(), [](unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
  });
  const auto control_at = static_cast<std::size_t>(control - text.begin());
  if (control != text.end() && (!bad || control_at < *bad)) {
    bad = control_at;
    why =
        " is a control character, which YAML does not allow; remove it, or write an "
        "escape such as \\t in a double-quoted string";
  }
  if (!bad) return;
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(*bad), '\n');
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[*bad]));
  throw StudyFileError(source + ":" + std::to_string(line) + ": byte " + byte + why);
}

StudyConfig parse_config(std::string_view text, const std::string& source,
                         UnknownKeys unknown_keys) {
  check_bytes(text, source);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw StudyFileError(source + ":" + std::to_string(e.mark.line + 1) +
                         ": invalid YAML: " + e.msg);
  }
  return Parser(source, unknown_keys).parse(root);
}

}  // namespace

StudyConfig parse_study_config(std::string_view text, const std::string& source) {
  return parse_config(text, source, UnknownKeys::reject);
}

StudyConfig detail::parse_lenient_config(std::string_view text, const std::string& source) {
  return parse_config(text, source, UnknownKeys::ignore);
}

StudyConfig load_study_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw StudyFileError(path + ": cannot open the study file (does it exist and is it readable?)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_study_config(text.str(), path);
}

}  // namespace ecopt::study
