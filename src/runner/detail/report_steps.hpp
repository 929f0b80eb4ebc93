#pragma once
// A trial's intermediate reports, kept alike whether they came as protocol messages from
// a process (measured_run.cpp) or from a function in this process (in_process_trial.cpp):
// the per-trial cap on steps, the merge of a step's values, and the energy so far that
// makes a completed trial's step comparable with a pruned one's (docs/pruning.md).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ecopt/runner/measured_run.hpp"

namespace ecopt::runner::detail {

using StepValues = std::map<std::string, double>;

/// Whether a report of `step` with `values` needs the runner's energy so far: the step
/// will be kept (a step seen before, or one under kMaxReportStepsPerTrial) and the
/// values do not carry it. Callers measure it only then, outside their locks: it reads
/// the meters.
[[nodiscard]] bool needs_energy_so_far(const MeasuredRun& run, std::int64_t step,
                                       const StepValues& values);

/// Merges `values` (and `energy_so_far_j`, if given and the values lack it) into
/// `run.reports[step]` and returns the step's values as kept; nullopt when the cap drops
/// the step, counted in `dropped_steps` (note_dropped_steps reports them once).
std::optional<StepValues> record_step(MeasuredRun& run, std::int64_t step, const StepValues& values,
                                      std::optional<double> energy_so_far_j,
                                      std::size_t& dropped_steps);

/// One protocol error for all the steps the cap dropped (none when `dropped_steps` is 0),
/// so a trial that reports every batch adds one line, not one per report.
void note_dropped_steps(MeasuredRun& run, std::size_t dropped_steps);

}  // namespace ecopt::runner::detail
