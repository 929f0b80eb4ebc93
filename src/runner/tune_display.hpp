#pragma once
// What `ecopt tune` shows while it runs (internal): a progress line, the Pareto set after
// each trial, warnings; or JSON lines with --json-log. No escape codes unless the output
// is a terminal.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include "ecopt/energy/detection.hpp"

#include "ecopt/runner/trial_launcher.hpp"
#include "ecopt/runner/tune.hpp"

namespace ecopt::runner {

class TuneDisplay {
 public:
  TuneDisplay(std::FILE* out, bool quiet, bool json, const study::StudyConfig& config,
              std::string program = "tune");

  void start(const storage::StudyRecord& study, const LauncherInfo& launcher,
             std::int64_t trial_budget, std::optional<double> energy_budget_j,
             std::optional<double> time_budget_s);
  void warning(const std::string& text);
  void trial_started(const study::Trial& trial);
  void trial_warning(const study::Trial& trial, const std::string& text);
  void trial_finished(const study::Trial& trial, const std::vector<double>& values,
                      const study::PhaseMeasurement& total, const std::string& failure);
  void progress(const std::vector<study::Trial>& trials, std::size_t running, double elapsed_s);
  /// `runs` is where the trials' output went.
  void finish(const study::Study& study, const TuneSummary& summary, const std::string& runs);

 private:
  void clear_line();
  void event(nlohmann::json j);
  void pareto_table(const std::vector<study::Trial>& front);

  std::FILE* out_;
  bool quiet_, json_, tty_;
  const study::StudyConfig& config_;
  std::int64_t trial_budget_ = -1;
  std::optional<double> energy_budget_j_;
  std::string program_;  ///< "tune" or "worker", as the output names it
  bool progress_shown_ = false;
};

}  // namespace ecopt::runner
