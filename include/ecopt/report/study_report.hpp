#pragma once
// A study's report: every section computed once, from the study's record and trials, so
// that the HTML, Markdown and JSON files carry the same numbers (docs/report.md).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ecopt/energy/carbon.hpp"
#include "ecopt/report/frontier.hpp"
#include "ecopt/report/hypervolume_progress.hpp"
#include "ecopt/report/importance.hpp"
#include "ecopt/report/measurement.hpp"
#include "ecopt/report/proxies.hpp"
#include "ecopt/report/pruning_cost.hpp"
#include "ecopt/report/tuning_cost.hpp"
#include "ecopt/storage/storage.hpp"

namespace ecopt::report {

struct ReportOptions {
  /// Grid intensity for the study's carbon (energy::carbon_settings); WORLD by default.
  energy::CarbonSettings carbon = energy::carbon_settings("WORLD", std::nullopt);
  ModelChoice choice;
  ImportanceSettings importance;
  /// When the report was made (seconds since the Unix epoch); 0: now.
  double generated_unix_s = 0.0;
};

struct StudyReport {
  std::string study_name;
  std::string description;
  std::string storage_url;
  std::string ecopt_version;
  double generated_unix_s = 0.0;
  std::vector<study::Objective> objectives;
  std::vector<std::string> constraints;             ///< as text, e.g. "accuracy >= 0.8"
  std::map<std::string, std::size_t> trial_counts;  ///< by state name
  Frontier frontier;                                ///< sections 1 and 2
  HypervolumeProgress hypervolume;                  ///< section 3
  std::vector<ObjectiveImportance> importance;      ///< section 4
  ProxyAnalysis proxies;                            ///< section 5
  TuningCost cost;                                  ///< section 6
  PruningCost pruning;      ///< section 6: what pruning did (its sentences are in cost's too)
  Measurement measurement;  ///< section 7
};

/// Throws std::invalid_argument for a chosen or baseline trial that does not exist.
[[nodiscard]] StudyReport build_study_report(const storage::StudyRecord& record,
                                             const std::vector<study::Trial>& trials,
                                             const std::string& storage_url,
                                             const ReportOptions& options = {});

/// The three files, written into `directory` (created if needed): report.html, report.md
/// and report.json. Returns their paths. Throws std::runtime_error naming a file that
/// cannot be written.
std::vector<std::string> write_report_files(const StudyReport& report,
                                            const std::string& directory);

/// Writes `text` to `path`, replacing it. Throws std::runtime_error naming the file.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace ecopt::report
