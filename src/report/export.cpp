#include "ecopt/report/export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "ecopt/study/study.hpp"
#include "report/detail/json_values.hpp"

namespace ecopt::report {
namespace {

ExportCell cell_of(const space::Value& value) {
  return std::visit([](const auto& v) -> ExportCell { return v; }, value);
}

ExportCell optional_cell(const std::optional<double>& value) {
  return value ? ExportCell(*value) : ExportCell(std::monostate{});
}

/// An attribute's JSON text as a cell: numbers, bools and strings as themselves, other JSON
/// (objects, arrays) as its text.
ExportCell attribute_cell(const std::string& json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_discarded()) return json_text;
  if (j.is_number_integer()) return j.get<std::int64_t>();
  if (j.is_number()) return j.get<double>();
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_string()) return j.get<std::string>();
  if (j.is_null()) return std::monostate{};
  return j.dump();
}

std::string number_text(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

/// The names that become columns: every parameter (the space's, then any a trial has
/// beyond it, from a study file edited since), metric, phase and attribute seen.
struct ColumnNames {
  std::vector<std::string> parameters;
  std::set<std::string> metrics;
  std::vector<std::string> phases;  // in first-seen order: train, inference, total
  std::set<std::string> attributes;
};

void add_once(std::vector<std::string>& names, const std::string& name) {
  if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
}

ColumnNames column_names(const study::StudyConfig& config,
                         const std::vector<study::Trial>& trials) {
  ColumnNames names;
  for (const space::Parameter& p : config.space.parameters()) names.parameters.push_back(p.name);
  for (const study::Trial& t : trials) {
    for (const auto& [name, value] : t.metrics) names.metrics.insert(name);
    for (const auto& [name, value] : t.user_attrs) names.attributes.insert(name);
    for (const study::PhaseMeasurement& p : t.phases) add_once(names.phases, p.phase);
  }
  for (const study::Trial& t : trials) {
    for (const auto& [name, value] : t.params) add_once(names.parameters, name);
  }
  return names;
}

const std::vector<std::string> kPhaseFields = {
    "energy_j", "net_energy_j", "uncertainty_j", "duration_s", "samples", "meter", "estimated"};

std::vector<std::string> column_headers(const study::StudyConfig& config,
                                        const ColumnNames& names) {
  std::vector<std::string> columns = {"number", "state", "origin", "feasible"};
  for (const std::string& p : names.parameters) columns.push_back("param." + p);
  for (const study::Objective& o : config.objectives) columns.push_back("value." + o.name);
  for (const std::string& m : names.metrics) columns.push_back("metric." + m);
  for (const std::string& phase : names.phases) {
    for (const std::string& field : kPhaseFields) columns.push_back("phase." + phase + "." + field);
  }
  for (const std::string& a : names.attributes) columns.push_back("attr." + a);
  for (const char* c : {"host", "worker_id", "error", "stderr_tail", "created_unix_s",
                        "started_unix_s", "finished_unix_s"})
    columns.push_back(c);
  return columns;
}

/// The kPhaseFields cells of a trial's phase; empty cells when the trial lacks it.
void add_phase_cells(const study::Trial& t, const std::string& phase,
                     std::vector<ExportCell>& row) {
  const study::PhaseMeasurement* found = nullptr;
  for (const study::PhaseMeasurement& p : t.phases) {
    if (p.phase == phase) found = &p;
  }
  if (found == nullptr) {
    row.insert(row.end(), kPhaseFields.size(), ExportCell{});
    return;
  }
  row.push_back(found->total_energy_j());
  row.push_back(found->net_energy_j.empty() ? ExportCell{}
                                            : ExportCell(found->total_net_energy_j()));
  row.push_back(found->uncertainty_j);
  row.push_back(found->duration_s);
  row.push_back(static_cast<std::int64_t>(found->samples));
  row.push_back(found->meter);
  row.push_back(found->estimated);
}

template <class Map, class ToCell>
ExportCell cell_or_empty(const Map& map, const std::string& key, ToCell to_cell) {
  const auto it = map.find(key);
  return it == map.end() ? ExportCell{} : to_cell(it->second);
}

std::vector<ExportCell> trial_row(const study::StudyConfig& config, const ColumnNames& names,
                                  const study::Trial& t) {
  std::vector<ExportCell> row;
  row.push_back(t.number);
  row.push_back(std::string(study::to_string(t.state)));
  row.push_back(std::string(t.origin == study::TrialOrigin::enqueued ? "enqueued" : "sampler"));
  row.push_back(study::is_feasible(t, config));
  for (const std::string& p : names.parameters) row.push_back(cell_or_empty(t.params, p, cell_of));
  for (std::size_t i = 0; i < config.objectives.size(); ++i) {
    row.push_back(i < t.values.size() ? ExportCell(t.values[i]) : ExportCell{});
  }
  for (const std::string& m : names.metrics)
    row.push_back(cell_or_empty(t.metrics, m, [](double v) { return ExportCell(v); }));
  for (const std::string& phase : names.phases) add_phase_cells(t, phase, row);
  for (const std::string& a : names.attributes)
    row.push_back(cell_or_empty(t.user_attrs, a, attribute_cell));
  row.push_back(t.host);
  row.push_back(t.worker_id);
  row.push_back(t.error);
  row.push_back(t.stderr_tail);
  row.push_back(t.created_unix_s);
  row.push_back(optional_cell(t.started_unix_s));
  row.push_back(optional_cell(t.finished_unix_s));
  return row;
}

}  // namespace

ExportTable export_table(const study::StudyConfig& config,
                         const std::vector<study::Trial>& trials) {
  const ColumnNames names = column_names(config, trials);
  ExportTable table;
  table.columns = column_headers(config, names);
  for (const study::Trial& t : trials) table.rows.push_back(trial_row(config, names, t));
  return table;
}

std::string export_csv(const ExportTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(table.columns[i]);
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) out += ",";
      out += std::visit(
          [](const auto& v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return "";
            } else if constexpr (std::is_same_v<T, double>) {
              return number_text(v);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return std::to_string(v);
            } else if constexpr (std::is_same_v<T, bool>) {
              return v ? "true" : "false";
            } else {
              return csv_field(v);
            }
          },
          row[i]);
    }
    out += "\n";
  }
  return out;
}

std::string export_json(const ExportTable& table) {
  using detail::Json;
  Json rows = Json::array();
  for (const auto& row : table.rows) {
    Json object = Json::object();
    for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              // empty: omitted
            } else if constexpr (std::is_same_v<T, double>) {
              object[table.columns[i]] = detail::json_number(v);
            } else {
              object[table.columns[i]] = v;
            }
          },
          row[i]);
    }
    rows.push_back(std::move(object));
  }
  return rows.dump(2) + "\n";
}

}  // namespace ecopt::report
