#include "ecopt/report/study_report.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "ecopt/report/html_writer.hpp"
#include "ecopt/report/json_writer.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/version.hpp"

namespace ecopt::report {

StudyReport build_study_report(const storage::StudyRecord& record,
                               const std::vector<study::Trial>& trials,
                               const std::string& storage_url, const ReportOptions& options) {
  const study::StudyConfig& config = record.config;
  StudyReport r;
  r.study_name = config.name;
  r.description = config.description;
  r.storage_url = storage_url;
  r.ecopt_version = std::string(kVersion);
  r.generated_unix_s =
      options.generated_unix_s > 0.0
          ? options.generated_unix_s
          : std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                .count();
  r.objectives = config.objectives;
  for (const study::Constraint& c : config.constraints) r.constraints.push_back(c.to_string());
  for (const study::Trial& t : trials) ++r.trial_counts[std::string(study::to_string(t.state))];

  r.frontier = analyse_frontier(config, trials);
  r.hypervolume = hypervolume_progress(config, trials);
  r.importance = analyse_importance(config, trials, options.importance);
  r.proxies = analyse_proxies(config, trials);

  std::optional<std::int64_t> default_chosen;
  std::string reason;
  if (r.frontier.tradeoff && !r.frontier.tradeoff->steps.empty()) {
    const Tradeoff& t = *r.frontier.tradeoff;
    if (t.knee) {
      default_chosen = t.steps[*t.knee].trial_number;
      reason = "the knee of the front";
    } else {
      default_chosen = t.steps.front().trial_number;
      reason = "the cheapest model of the front (the front has no knee)";
    }
  }
  r.cost = tuning_cost(record, trials, options.carbon, options.choice, default_chosen, reason);
  r.pruning = pruning_cost(trials, r.cost, config.objectives);
  r.cost.sentences.insert(r.cost.sentences.end(), r.pruning.sentences.begin(),
                          r.pruning.sentences.end());
  r.measurement = analyse_measurement(record, trials, r.ecopt_version);
  return r;
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(path + ": cannot open for writing");
  out << text;
  out.close();
  if (!out) throw std::runtime_error(path + ": write failed (disk full?)");
}

std::vector<std::string> write_report_files(const StudyReport& report,
                                            const std::string& directory) {
  const std::filesystem::path dir = directory.empty() ? "." : directory;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error)
    throw std::runtime_error(dir.string() + ": cannot create directory: " + error.message());
  const std::vector<std::pair<std::string, std::string>> files = {
      {"report.html", report_html(report)},
      {"report.md", report_markdown(report)},
      {"report.json", report_json(report)}};
  std::vector<std::string> paths;
  for (const auto& [name, text] : files) {
    const std::string path = (dir / name).string();
    write_text_file(path, text);
    paths.push_back(path);
  }
  return paths;
}

}  // namespace ecopt::report
