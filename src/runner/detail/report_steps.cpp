#include "report_steps.hpp"

#include "ecopt/optim/pruner.hpp"

namespace ecopt::runner::detail {
namespace {

/// A cap per trial: each step is a row in the storage, and a trial that reports every
/// batch would otherwise stall the recording of its result (and fill the database).
bool keeps_step(const MeasuredRun& run, std::int64_t step) {
  return run.reports.contains(step) || run.reports.size() < kMaxReportStepsPerTrial;
}

}  // namespace

bool needs_energy_so_far(const MeasuredRun& run, std::int64_t step, const StepValues& values) {
  return keeps_step(run, step) && !values.contains(optim::kEnergySoFarName);
}

std::optional<StepValues> record_step(MeasuredRun& run, std::int64_t step, const StepValues& values,
                                      std::optional<double> energy_so_far_j,
                                      std::size_t& dropped_steps) {
  if (!keeps_step(run, step)) {
    ++dropped_steps;
    return std::nullopt;
  }
  StepValues& kept = run.reports[step];
  for (const auto& [name, value] : values) kept[name] = value;
  if (energy_so_far_j && !values.contains(optim::kEnergySoFarName))
    kept[optim::kEnergySoFarName] = *energy_so_far_j;
  return kept;
}

void note_dropped_steps(MeasuredRun& run, std::size_t dropped_steps) {
  if (dropped_steps == 0) return;
  run.protocol_errors.push_back(
      "report: more than " + std::to_string(kMaxReportStepsPerTrial) + " steps; " +
      std::to_string(dropped_steps) +
      " later reports were dropped (report less often, e.g. once per epoch)");
}

}  // namespace ecopt::runner::detail
