#pragma once
// Running a command (as argv, never through a shell) while measuring its energy, with
// the phases it marks through the trial protocol.

#include <map>
#include <string>
#include <vector>

#include "ecopt/energy/window.hpp"
#include "ecopt/study/trial.hpp"

namespace ecopt::runner {

struct MeasuredRun {
  int exit_status = 0;                          ///< the command's exit code, or 128 + signal number
  study::PhaseMeasurement total;                ///< the whole run, phase "total"
  std::vector<study::PhaseMeasurement> phases;  ///< as the command marked them
  std::map<std::string, double> metrics;
  std::map<std::string, std::string> attrs;
  std::vector<std::string> protocol_errors;  ///< malformed or unmatched messages
};

/// Spawns `argv` with $ECOPT_FD open for protocol messages, tracks its process tree in
/// `sampler` (which must be running), waits for it, and cuts the windows. Throws
/// std::runtime_error when the command cannot be started (naming it and why).
[[nodiscard]] MeasuredRun run_measured(const std::vector<std::string>& argv,
                                       energy::EnergySampler& sampler,
                                       const energy::WindowSettings& settings);

}  // namespace ecopt::runner
