#include "tune_display.hpp"

#include <unistd.h>

#include <cmath>

#include "ecopt/runner/terminal_text.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::runner {
namespace {

std::string energy_text(double joules) {
  char buffer[32];
  if (joules >= 1e6) {
    std::snprintf(buffer, sizeof buffer, "%.2f MJ", joules / 1e6);
  } else if (joules >= 1e3) {
    std::snprintf(buffer, sizeof buffer, "%.2f kJ", joules / 1e3);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.3g J", joules);
  }
  return buffer;
}

std::string clock_text(double seconds) {
  char buffer[32];
  const long s = static_cast<long>(seconds);
  std::snprintf(buffer, sizeof buffer, "%02ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  return buffer;
}

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

}  // namespace

TuneDisplay::TuneDisplay(std::FILE* out, bool quiet, bool json, const study::StudyConfig& config,
                         std::string program)
    : out_(out),
      quiet_(quiet),
      json_(json),
      tty_(isatty(fileno(out)) != 0),
      config_(config),
      program_(std::move(program)) {}

void TuneDisplay::event(nlohmann::json j) {
  std::fprintf(out_, "%s\n", j.dump().c_str());
  std::fflush(out_);
}

void TuneDisplay::clear_line() {
  if (tty_ && progress_shown_) std::fprintf(out_, "\r\033[2K");
  progress_shown_ = false;
}

void TuneDisplay::start(const storage::StudyRecord& study, const LauncherInfo& launcher,
                        std::int64_t trial_budget, std::optional<double> energy_budget_j,
                        std::optional<double> time_budget_s) {
  trial_budget_ = trial_budget;
  energy_budget_j_ = energy_budget_j;
  const bool estimated = launcher.estimated;
  const std::string& scope = launcher.scope;
  if (json_) {
    event({{"event", "start"},
           {"study", study.config.name},
           {"meter", launcher.meter},
           {"estimated", estimated},
           {"scope", scope},
           {"trial_budget", trial_budget},
           {"energy_budget_j", energy_budget_j.value_or(-1)},
           {"time_budget_s", time_budget_s.value_or(-1)}});
    return;
  }
  std::fprintf(out_, "ecopt %s: study '%s', meter %s (%s), scope %s\n", program_.c_str(),
               study.config.name.c_str(), launcher.meter.c_str(),
               estimated ? "ESTIMATED energy" : "measured energy", scope.c_str());
  std::string budgets;
  if (trial_budget >= 0) budgets += std::to_string(trial_budget) + " trials";
  if (energy_budget_j) budgets += (budgets.empty() ? "" : ", ") + energy_text(*energy_budget_j);
  if (time_budget_s) budgets += (budgets.empty() ? "" : ", ") + clock_text(*time_budget_s);
  std::fprintf(out_, "budget: %s\n",
               budgets.empty() ? "none (runs until Ctrl-C)" : budgets.c_str());
  std::fflush(out_);
}

void TuneDisplay::warning(const std::string& text) {
  if (json_) return event({{"event", "warning"}, {"message", text}});
  clear_line();
  std::fprintf(out_, "warning: %s\n", terminal_safe(text).c_str());
  std::fflush(out_);
}

void TuneDisplay::trial_started(const study::Trial& trial) {
  if (json_) {
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [k, v] : trial.params) params[k] = space::to_string(v);
    event({{"event", "trial_started"}, {"number", trial.number}, {"params", params}});
  }
}

void TuneDisplay::trial_warning(const study::Trial& trial, const std::string& text) {
  if (json_)
    return event({{"event", "trial_warning"}, {"number", trial.number}, {"message", text}});
  if (quiet_) return;
  clear_line();
  std::fprintf(out_, "  trial %lld: %s\n", static_cast<long long>(trial.number),
               terminal_safe(text).c_str());
}

void TuneDisplay::trial_finished(const study::Trial& trial, const std::vector<double>& values,
                                 const study::PhaseMeasurement& total, const std::string& failure) {
  if (json_) {
    nlohmann::json j{{"event", "trial_finished"},
                     {"number", trial.number},
                     {"state", failure.empty() ? "COMPLETE" : "FAIL"},
                     {"energy_j", total.total_energy_j()},
                     {"estimated", total.estimated},
                     {"duration_s", total.duration_s}};
    if (failure.empty()) {
      for (std::size_t i = 0; i < values.size(); ++i)
        j["values"][config_.objectives[i].name] = values[i];
    } else {
      j["reason"] = failure.substr(0, failure.find('\n'));
    }
    return event(j);
  }
  if (quiet_) return;
  clear_line();
  std::string line = "trial " + std::to_string(trial.number) + ": ";
  if (failure.empty()) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      line += (i ? ", " : "") + config_.objectives[i].name + " " + number_text(values[i]);
    }
  } else {
    line += "FAIL (" + failure.substr(0, failure.find('\n')) + ")";
  }
  line += "  [" + energy_text(total.total_energy_j()) + (total.estimated ? " est." : "") + ", " +
          number_text(total.duration_s) + " s]";
  std::fprintf(out_, "%s\n", line.c_str());
  std::fflush(out_);
}

void TuneDisplay::pareto_table(const std::vector<study::Trial>& front) {
  std::fprintf(out_, "  Pareto set (%zu):", front.size());
  for (const auto& o : config_.objectives) std::fprintf(out_, "  %s", o.name.c_str());
  std::fprintf(out_, "\n");
  std::size_t shown = 0;
  for (const study::Trial& t : front) {
    if (++shown > 10) {
      std::fprintf(out_, "    ... %zu more\n", front.size() - 10);
      break;
    }
    std::fprintf(out_, "    #%-4lld", static_cast<long long>(t.number));
    for (double v : t.values) std::fprintf(out_, "  %12s", number_text(v).c_str());
    std::fprintf(out_, "\n");
  }
}

void TuneDisplay::progress(const std::vector<study::Trial>& trials, std::size_t running,
                           double elapsed_s) {
  if (json_ || quiet_) return;
  const std::int64_t done = counted_trials(trials);
  const double spent = spent_energy_j(trials);
  std::string line = "[" + std::to_string(done) +
                     (trial_budget_ >= 0 ? "/" + std::to_string(trial_budget_) : "") + " trials, " +
                     std::to_string(running) + " running] energy " + energy_text(spent) +
                     (energy_budget_j_ ? " of " + energy_text(*energy_budget_j_) : "") +
                     ", elapsed " + clock_text(elapsed_s);
  if (trial_budget_ > 0 && done > 0) {
    line +=
        ", ETA " + clock_text(elapsed_s / static_cast<double>(done) *
                              static_cast<double>(std::max<std::int64_t>(0, trial_budget_ - done)));
  }
  const std::vector<study::Trial> front = study::pareto_set(trials, config_);
  pareto_table(front);
  if (tty_) {
    std::fprintf(out_, "%s", line.c_str());
    progress_shown_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
}

void TuneDisplay::finish(const study::Study& study, const TuneSummary& summary,
                         const std::string& runs) {
  const std::vector<study::Trial> front = study.pareto_set();
  if (json_) {
    nlohmann::json j{
        {"event", "finished"},
        {"reason", summary.stop_reason},
        {"completed", summary.completed},
        {"failed", summary.failed},
        {"interrupted", summary.interrupted},
        {"pruned", summary.pruned},
        {"energy_j", summary.energy_j},
        {"estimated", summary.estimated},
        {"study_energy_j", summary.study_energy_j},
        {"study_running_energy_j", summary.study_running_energy_j},
        {"energy_budget_j", summary.energy_budget_j ? nlohmann::json(*summary.energy_budget_j)
                                                    : nlohmann::json(nullptr)},
        {"overshoot_j", summary.overshoot_j()},
        {"storage", study.storage().url()}};
    for (const auto& t : front) j["pareto"].push_back(t.number);
    return event(j);
  }
  clear_line();
  std::fprintf(out_, "\nstopped: %s\n", summary.stop_reason.c_str());
  std::fprintf(
      out_, "this run: %lld completed, %lld pruned, %lld failed, %lld interrupted; %s %s\n",
      static_cast<long long>(summary.completed), static_cast<long long>(summary.pruned),
      static_cast<long long>(summary.failed), static_cast<long long>(summary.interrupted),
      energy_text(summary.energy_j).c_str(), summary.estimated ? "(ESTIMATED)" : "measured");
  std::string study_energy = "study energy: " + energy_text(summary.study_energy_j);
  if (summary.study_running_energy_j > 0)
    study_energy += " (" + energy_text(summary.study_running_energy_j) +
                    " of it in trials other workers are still running)";
  if (summary.energy_budget_j) {
    study_energy += " of the " + energy_text(*summary.energy_budget_j) + " budget";
    if (summary.overshoot_j() > 0)
      study_energy += "; over it by " + energy_text(summary.overshoot_j()) +
                      ": trials running when it was reached were let finish";
  }
  std::fprintf(out_, "%s\n", study_energy.c_str());
  pareto_table(front);
  std::fprintf(out_, "results: %s (ecopt trials --study %s --storage %s); trial output in %s/\n",
               study.storage().url().c_str(), study.config().name.c_str(),
               study.storage().url().c_str(), runs.c_str());
  std::fflush(out_);
}

}  // namespace ecopt::runner
