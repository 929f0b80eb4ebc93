// HostFacts as JSON, the one place that names its fields: the runner writes it into the
// study, the report reads it back. Unknown values are null, so a reader can tell "not
// known" from an empty value.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ecopt/energy/host_facts.hpp"

namespace ecopt::energy {
namespace {

using Json = nlohmann::ordered_json;

template <class T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json or_null(const std::string& value) {
  return value.empty() ? Json(nullptr) : Json(value);
}

std::string text_at(const Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

template <class T>
std::optional<T> number_at(const Json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

std::string to_json_text(const HostFacts& f) {
  Json gpus = Json::array();
  for (const GpuFacts& g : f.gpus)
    gpus.push_back({{"index", g.index},
                    {"name", or_null(g.name)},
                    {"power_limit_w", or_null(g.power_limit_w)}});
  const Json j = {{"hostname", or_null(f.hostname)},
                  {"cpu_model", or_null(f.cpu_model)},
                  {"logical_cpus", or_null(f.logical_cpus)},
                  {"physical_cores", or_null(f.physical_cores)},
                  {"cpu_sockets", or_null(f.cpu_sockets)},
                  {"memory_bytes", or_null(f.memory_bytes)},
                  {"gpus", gpus},
                  {"gpu_driver", or_null(f.gpu_driver)},
                  {"gpu_note", or_null(f.gpu_note)},
                  {"os", or_null(f.os)},
                  {"kernel", or_null(f.kernel)},
                  {"architecture", or_null(f.architecture)},
                  {"ecopt_version", or_null(f.ecopt_version)},
                  {"program", or_null(f.program)},
                  {"recorded_unix_s", f.recorded_unix_s},
                  {"meter", or_null(f.meter)},
                  {"meter_domains", f.meter_domains},
                  {"meter_estimated", f.meter_estimated},
                  {"grid_region", or_null(f.grid_region)},
                  {"grid_gco2e_per_kwh", or_null(f.grid_gco2e_per_kwh)},
                  {"pue", or_null(f.pue)},
                  {"grid_source", or_null(f.grid_source)}};
  return j.dump();
}

HostFacts host_facts_from_json(const std::string& json_text) {
  const Json j = Json::parse(json_text, nullptr, false);
  if (!j.is_object()) {
    throw std::invalid_argument("host facts are not a JSON object: " + json_text.substr(0, 80));
  }
  HostFacts f;
  f.hostname = text_at(j, "hostname");
  f.cpu_model = text_at(j, "cpu_model");
  f.logical_cpus = number_at<int>(j, "logical_cpus");
  f.physical_cores = number_at<int>(j, "physical_cores");
  f.cpu_sockets = number_at<int>(j, "cpu_sockets");
  f.memory_bytes = number_at<std::uint64_t>(j, "memory_bytes");
  if (const auto gpus = j.find("gpus"); gpus != j.end() && gpus->is_array()) {
    for (const Json& g : *gpus) {
      if (!g.is_object()) continue;
      f.gpus.push_back({number_at<unsigned>(g, "index").value_or(0), text_at(g, "name"),
                        number_at<double>(g, "power_limit_w")});
    }
  }
  f.gpu_driver = text_at(j, "gpu_driver");
  f.gpu_note = text_at(j, "gpu_note");
  f.os = text_at(j, "os");
  f.kernel = text_at(j, "kernel");
  f.architecture = text_at(j, "architecture");
  f.ecopt_version = text_at(j, "ecopt_version");
  f.program = text_at(j, "program");
  f.recorded_unix_s = number_at<double>(j, "recorded_unix_s").value_or(0.0);
  f.meter = text_at(j, "meter");
  if (const auto domains = j.find("meter_domains"); domains != j.end() && domains->is_array()) {
    for (const Json& d : *domains)
      if (d.is_string()) f.meter_domains.push_back(d.get<std::string>());
  }
  const auto estimated = j.find("meter_estimated");
  f.meter_estimated = estimated != j.end() && estimated->is_boolean() && estimated->get<bool>();
  f.grid_region = text_at(j, "grid_region");
  f.grid_gco2e_per_kwh = number_at<double>(j, "grid_gco2e_per_kwh");
  f.pue = number_at<double>(j, "pue");
  f.grid_source = text_at(j, "grid_source");
  return f;
}

}  // namespace ecopt::energy
