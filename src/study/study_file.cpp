// Parsing study files with yaml-cpp. Every error names the source, the line and the key.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "ecopt/study/study_file.hpp"
#include "ecopt/study/units.hpp"

namespace ecopt::study {
namespace {

/// `text` with control characters shown as '?', for quoting user text in a message.
std::string printable(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text;
}

class Parser {
 public:
  explicit Parser(std::string source) : source_(std::move(source)) {}

  StudyConfig parse(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull())
      fail(root, "(file)", "the file is empty; see docs/study-file.md");
    require_map(root, "(top level)");
    check_keys(root, "");
    StudyConfig config;
    config.name = required_string(root, "name");
    validate_name(root["name"], config.name);
    if (root["description"]) config.description = string_value(root["description"], "description");
    if (const YAML::Node command = root["command"]) {
      require_sequence(command, "command");
      for (std::size_t i = 0; i < command.size(); ++i) {
        config.command.push_back(string_value(command[i], "command[" + std::to_string(i) + "]"));
      }
      if (config.command.empty())
        fail(command, "command", "is empty; give the program and its arguments");
    }
    if (const YAML::Node pass = root["pass_params"]) {
      const std::string mode = string_value(pass, "pass_params");
      if (mode == "template") {
        config.pass_params = PassParams::template_only;
      } else if (mode == "args") {
        config.pass_params = PassParams::args;
      } else {
        fail(pass, "pass_params", "'" + mode + "' is not one of: template, args");
      }
    }
    config.space = parse_parameters(root);
    config.objectives = parse_objectives(root);
    config.constraints = parse_constraints(root);
    config.reference_point = parse_reference_point(root, config.objectives);
    config.sampler = parse_sampler(root);
    config.budget = parse_budget(root);
    config.run = parse_run(root);
    if (root["storage"]) config.storage = string_value(root["storage"], "storage");
    return config;
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& message) const {
    const int line = node.IsDefined() && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
    throw StudyFileError(source_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         key + ": " + message);
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
    for (const StudyFileKey& key : study_file_keys()) {
      std::string child = child_name(key.path, prefix);
      if (!child.empty()) allowed.push_back(std::move(child));
    }
    std::set<std::string> seen;
    for (const auto& entry : map) {
      const std::string key = entry.first.as<std::string>();
      const std::string where = prefix.empty() ? key : display(prefix) + "." + key;
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
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

  void validate_name(const YAML::Node& node, const std::string& name) const {
    const bool ok = !name.empty() && name.size() <= 128 &&
                    std::all_of(name.begin(), name.end(),
                                [](unsigned char c) {
                                  return std::isalnum(c) || c == '-' || c == '_' || c == '.';
                                }) &&
                    name != "." && name != "..";  // it names a directory under runs/
    if (!ok) {
      fail(node, "name",
           "'" + printable(name) +
               "' must be 1-128 letters, digits, '-', '_' or '.', and not '.' or '..'");
    }
  }

  space::SearchSpace parse_parameters(const YAML::Node& root) {
    const YAML::Node params = root["parameters"];
    if (!params) fail(root, "parameters", "is required; define at least one parameter");
    require_map(params, "parameters");
    if (params.size() == 0) fail(params, "parameters", "is empty; define at least one parameter");
    std::vector<space::Parameter> parameters;
    std::set<std::string> names;
    for (const auto& entry : params) {
      const std::string name = entry.first.as<std::string>();
      const std::string key = "parameters." + name;
      if (!names.insert(name).second) fail(entry.first, key, "is defined twice");
      const YAML::Node spec = entry.second;
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
      parameters.push_back(std::move(parameter));
    }
    return space::SearchSpace(std::move(parameters));
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
      const std::string g = string_value(goal, key + ".goal");
      if (g == "minimize" || g == "minimise" || g == "min") {
        objective.goal = Goal::minimize;
      } else if (g == "maximize" || g == "maximise" || g == "max") {
        objective.goal = Goal::maximize;
      } else {
        fail(goal, key + ".goal", "'" + g + "' is not one of: minimize, maximize");
      }
      if (const YAML::Node transform = list[i]["transform"]) {
        const std::string t = string_value(transform, key + ".transform");
        if (t == "auto") {
          objective.transform = OutputTransform::automatic;
        } else if (t == "none") {
          objective.transform = OutputTransform::none;
        } else if (t == "log") {
          objective.transform = OutputTransform::log;
        } else {
          fail(transform, key + ".transform", "'" + t + "' is not one of: auto, none, log");
        }
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
      const std::string name = entry.first.as<std::string>();
      const bool known = std::any_of(objectives.begin(), objectives.end(),
                                     [&](const Objective& o) { return o.name == name; });
      if (!known) fail(entry.first, "reference_point." + name, "is not one of the objectives");
      reference[name] = number_value(entry.second, "reference_point." + name);
    }
    return reference;
  }

  SamplerConfig parse_sampler(const YAML::Node& root) const {
    SamplerConfig sampler;
    const YAML::Node map = root["sampler"];
    if (!map) return sampler;
    require_map(map, "sampler");
    check_keys(map, "sampler");
    if (map["name"]) {
      sampler.name = string_value(map["name"], "sampler.name");
      const std::vector<std::string> names = {"auto", "mobo", "nsga2", "sobol", "random"};
      if (std::find(names.begin(), names.end(), sampler.name) == names.end()) {
        fail(map["name"], "sampler.name",
             "'" + sampler.name + "' is not one of: auto, mobo, nsga2, sobol, random");
      }
    }
    if (map["seed"]) {
      const std::int64_t seed = integer_value(map["seed"], "sampler.seed");
      if (seed < 0) fail(map["seed"], "sampler.seed", "must be >= 0");
      sampler.seed = static_cast<std::uint64_t>(seed);
    }
    if (map["initial_trials"]) {
      const std::int64_t n = integer_value(map["initial_trials"], "sampler.initial_trials");
      if (n < 1) fail(map["initial_trials"], "sampler.initial_trials", "must be >= 1");
      sampler.initial_trials = n;
    }
    if (map["acquisition"]) {
      sampler.acquisition = string_value(map["acquisition"], "sampler.acquisition");
      if (sampler.acquisition != "auto" && sampler.acquisition != "ehvi" &&
          sampler.acquisition != "mc-ehvi" && sampler.acquisition != "parego") {
        fail(map["acquisition"], "sampler.acquisition",
             "'" + sampler.acquisition + "' is not one of: auto, ehvi, mc-ehvi, parego");
      }
    }
    if (map["population_size"]) {
      const std::int64_t n = integer_value(map["population_size"], "sampler.population_size");
      if (n < 4) fail(map["population_size"], "sampler.population_size", "must be >= 4");
      sampler.population_size = n;
    }
    if (map["switch_to_nsga2_after"]) {
      const std::int64_t n =
          integer_value(map["switch_to_nsga2_after"], "sampler.switch_to_nsga2_after");
      if (n < 1)
        fail(map["switch_to_nsga2_after"], "sampler.switch_to_nsga2_after", "must be >= 1");
      sampler.switch_to_nsga2_after = n;
    }
    return sampler;
  }

  Budget parse_budget(const YAML::Node& root) const {
    Budget budget;
    const YAML::Node map = root["budget"];
    if (!map) return budget;
    require_map(map, "budget");
    check_keys(map, "budget");
    if (map["trials"]) {
      budget.trials = integer_value(map["trials"], "budget.trials");
      if (*budget.trials <= 0) fail(map["trials"], "budget.trials", "must be > 0");
    }
    auto with_units = [&](const char* key, auto parse_quantity) -> std::optional<double> {
      if (!map[key]) return std::nullopt;
      try {
        return parse_quantity(string_value(map[key], std::string("budget.") + key));
      } catch (const std::invalid_argument& e) {
        fail(map[key], std::string("budget.") + key, e.what());
      }
    };
    budget.energy_j = with_units("energy", parse_energy_j);
    budget.time_s = with_units("time", parse_duration_s);
    return budget;
  }

  RunSettings parse_run(const YAML::Node& root) const {
    RunSettings run;
    const YAML::Node map = root["run"];
    if (!map) return run;
    require_map(map, "run");
    check_keys(map, "run");
    if (map["workdir"]) run.workdir = string_value(map["workdir"], "run.workdir");
    if (const YAML::Node env = map["env"]) {
      require_map(env, "run.env");
      for (const auto& entry : env) {
        const std::string name = entry.first.as<std::string>();
        run.env[name] = string_value(entry.second, "run.env." + name);
      }
    }
    auto duration = [&](const char* key) -> std::optional<double> {
      if (!map[key]) return std::nullopt;
      try {
        return parse_duration_s(string_value(map[key], std::string("run.") + key));
      } catch (const std::invalid_argument& e) {
        fail(map[key], std::string("run.") + key, e.what());
      }
    };
    run.timeout_s = duration("timeout");
    if (auto grace = duration("kill_grace")) run.kill_grace_s = *grace;
    if (map["retries"]) {
      run.retries = integer_value(map["retries"], "run.retries");
      if (run.retries < 0) fail(map["retries"], "run.retries", "must be >= 0");
    }
    if (map["scope"]) {
      run.scope = string_value(map["scope"], "run.scope");
      if (run.scope != "auto" && run.scope != "system" && run.scope != "process") {
        fail(map["scope"], "run.scope", "'" + run.scope + "' is not one of: auto, system, process");
      }
    }
    if (map["stdout_metrics"])
      run.stdout_metrics = bool_value(map["stdout_metrics"], "run.stdout_metrics");
    if (map["runs_dir"]) run.runs_dir = string_value(map["runs_dir"], "run.runs_dir");
    return run;
  }

  std::string source_;
  std::string current_item_;  ///< the concrete key ("parameters.width") for messages
};

}  // namespace

StudyConfig parse_study_config(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& e) {
    throw StudyFileError(source + ":" + std::to_string(e.mark.line + 1) +
                         ": invalid YAML: " + e.msg);
  }
  return Parser(source).parse(root);
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
