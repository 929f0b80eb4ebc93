#pragma once
// A study's trials as one flat table, one row per trial: every parameter, objective,
// metric, phase energy and attribute as its own column (docs/report.md, "Export").

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ecopt/study/study_config.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::report {

/// Empty, a number, an integer, a bool or text.
using ExportCell = std::variant<std::monostate, double, std::int64_t, bool, std::string>;

struct ExportTable {
  std::vector<std::string> columns;
  std::vector<std::vector<ExportCell>> rows;  ///< one cell per column
};

/// Columns: number, state, origin, feasible, param.NAME (the space's parameters),
/// value.OBJECTIVE, metric.NAME (every metric any trial reported, sorted),
/// phase.PHASE.energy_j / .net_energy_j / .uncertainty_j / .duration_s / .samples /
/// .meter / .estimated (every phase any trial recorded), attr.KEY (JSON text, numbers as
/// numbers), host, worker_id, error, created_unix_s, started_unix_s, finished_unix_s.
[[nodiscard]] ExportTable export_table(const study::StudyConfig& config,
                                       const std::vector<study::Trial>& trials);

/// RFC 4180 CSV with a header row; numbers with 17 significant digits (exact round trip),
/// bools as true/false, empty cells empty. Lines end in \n.
[[nodiscard]] std::string export_csv(const ExportTable& table);
/// A JSON array of objects, one per row, keys in column order; empty cells are omitted.
[[nodiscard]] std::string export_json(const ExportTable& table);

}  // namespace ecopt::report
