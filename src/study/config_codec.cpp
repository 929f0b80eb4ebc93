// The stored-config codec: StudyConfig <-> versioned JSON in the study file's vocabulary.
// Scalar keys go through the key table's bindings; the structured keys (command, the
// search space, objectives, constraints, reference point, environment) are written here.
#include "ecopt/study/config_codec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "detail/lenient_parser.hpp"
#include "ecopt/study/key_table.hpp"

namespace ecopt::study {
namespace {

using Json = nlohmann::ordered_json;  // keeps parameters in declaration order

Json value_json(const space::Value& value) {
  return std::visit([](const auto& v) { return Json(v); }, value);
}

Json domain_json(const space::Domain& domain) {
  if (const auto* f = std::get_if<space::FloatDomain>(&domain))
    return {{"type", "float"}, {"low", f->low}, {"high", f->high}, {"log", f->log}};
  if (const auto* i = std::get_if<space::IntDomain>(&domain)) {
    return {
        {"type", "int"}, {"low", i->low}, {"high", i->high}, {"log", i->log}, {"step", i->step}};
  }
  if (const auto* c = std::get_if<space::CategoricalDomain>(&domain)) {
    Json j = {{"type", "categorical"}, {"choices", Json::array()}};
    for (const space::Value& choice : c->choices) j["choices"].push_back(value_json(choice));
    return j;
  }
  return {{"type", "fixed"}, {"value", value_json(std::get<space::FixedDomain>(domain).value)}};
}

Json objectives_json(const std::vector<Objective>& objectives) {
  Json list = Json::array();
  for (const Objective& o : objectives) {
    Json objective = {{"name", o.name}, {"goal", to_string(o.goal)}};
    if (o.transform != OutputTransform::automatic) objective["transform"] = to_string(o.transform);
    list.push_back(objective);
  }
  return list;
}

/// The JSON slot for a dotted table path ("sampler.seed" -> j["sampler"]["seed"]).
Json& slot(Json& root, std::string_view path) {
  Json* node = &root;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    node = &(*node)[std::string(path.substr(start, dot - start))];
    if (dot == std::string_view::npos) return *node;
    start = dot + 1;
  }
}

/// A pruner's parameters are stored whole (format 3): they decide which trials stop, and a
/// study resumed under another default would judge its later trials by another rule than
/// its earlier ones (docs/pruning.md).
bool stored_whole(const KeySpec& spec, const StudyConfig& config) {
  return config.pruner.name != PrunerKind::none && spec.path.starts_with("pruner.");
}

/// A bound key's value, unless it is the default (defaults are not stored, so a changed
/// default applies to old studies as documented), or stored_whole.
void write_bound(Json& root, const KeySpec& spec, const StudyConfig& config) {
  const KeyValue value = spec.write(config);
  if (std::holds_alternative<std::monostate>(value)) return;
  if (value == spec.write(StudyConfig{}) && !stored_whole(spec, config)) return;
  Json& j = slot(root, spec.path);
  if (spec.type == KeyType::duration || spec.type == KeyType::energy) {
    j = format_key_value(spec.type, value);
  } else {
    std::visit(
        [&j](const auto& v) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) j = Json(v);
        },
        value);
  }
}

void write_structure(Json& root, std::string_view path, const StudyConfig& config) {
  if (path == "name") {
    root["name"] = config.name;
  } else if (path == "command" && !config.command.empty()) {
    root["command"] = config.command;
  } else if (path == "parameters") {
    Json& parameters = root["parameters"] = Json::object();
    for (const space::Parameter& p : config.space.parameters()) {
      const std::optional<HardwareKnob> knob = parse_enum<HardwareKnob>(p.name);
      const bool is_knob = knob && std::find(config.hardware.begin(), config.hardware.end(),
                                             *knob) != config.hardware.end();
      (is_knob ? root["hardware"][p.name] : parameters[p.name]) = domain_json(p.domain);
    }
  } else if (path == "objectives") {
    root["objectives"] = objectives_json(config.objectives);
  } else if (path == "constraints" && !config.constraints.empty()) {
    Json& constraints = root["constraints"] = Json::array();
    for (const Constraint& c : config.constraints) constraints.push_back(c.to_string());
  } else if (path == "reference_point" && !config.reference_point.empty()) {
    root["reference_point"] = config.reference_point;
  } else if (path == "run.env" && !config.run.env.empty()) {
    root["run"]["env"] = config.run.env;
  }
}

/// One step from a stored format to the next. Each step rewrites renamed or reshaped
/// keys; keys that were dropped need no step, since decoding ignores unknown keys.
struct Migration {
  int from;
  void (*apply)(Json&);
};

constexpr Migration kMigrations[] = {
    // 1 -> 2: the same keys; 2 adds "format" and leaves defaults out.
    {1, [](Json&) {}},
    // 2 -> 3: the same keys; 3 stores a pruner's parameters whole. A format-2 pruner's
    // missing parameters take today's defaults (what format 2 meant when it was read).
    {2, [](Json&) {}},
};

/// Adds "PATH: A stored, B in the file" for each leaf where `stored` and `file` differ.
void add_differences(const Json& stored, const Json& file, const std::string& path,
                     std::vector<std::string>& out) {
  if (stored.is_object() && file.is_object()) {
    for (const auto& [key, value] : stored.items()) {
      add_differences(value, file.contains(key) ? file[key] : Json(), path + key + ".", out);
    }
    for (const auto& [key, value] : file.items()) {
      if (!stored.contains(key)) add_differences(Json(), value, path + key + ".", out);
    }
    return;
  }
  if (stored == file) return;
  const auto shown = [](const Json& j) { return j.is_null() ? std::string("absent") : j.dump(); };
  out.push_back(path.substr(0, path.size() - 1) + ": " + shown(stored) + " stored, " + shown(file) +
                " in the file");
}

}  // namespace

std::string to_json_text(const StudyConfig& config) {
  Json j;
  j["format"] = kConfigFormat;
  for (const KeySpec& spec : study_file_keys()) {
    if (spec.write != nullptr) {
      write_bound(j, spec, config);
    } else {
      write_structure(j, spec.path, config);
    }
  }
  return j.dump(2);
}

std::vector<std::string> config_differences(const StudyConfig& stored, const StudyConfig& file) {
  std::vector<std::string> out;
  add_differences(Json::parse(to_json_text(stored)), Json::parse(to_json_text(file)), "", out);
  return out;
}

StudyConfig from_json_text(std::string_view text, const std::string& source) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw StudyFileError(source + ": the stored study config is not valid JSON (" +
                         std::string(e.what()) + "); the database may be damaged");
  }
  if (!j.is_object())
    throw StudyFileError(source + ": the stored study config is not a JSON object");
  const Json format_node = j.value("format", Json(1));
  const int format = format_node.is_number_integer() ? format_node.get<int>() : 0;
  if (format < 1 || format > kConfigFormat) {
    throw StudyFileError(source + ": the stored study config has format " + format_node.dump() +
                         "; this ecopt reads formats 1 to " + std::to_string(kConfigFormat) +
                         " (upgrade ecopt to open this database)");
  }
  for (const Migration& migration : kMigrations)
    if (migration.from >= format) migration.apply(j);
  j["format"] = kConfigFormat;
  return detail::parse_lenient_config(j.dump(), source);
}

}  // namespace ecopt::study
