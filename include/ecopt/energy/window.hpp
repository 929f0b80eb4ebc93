#pragma once
// Measurement windows: the energy of one phase between two monotonic timestamps, cut
// from the sampler's series, attributed to a scope, net of the idle baseline, and with
// an uncertainty.
//
// Scope "system": the whole machine's energy in the window. Scope "process": the trial's
// share; machine-wide domains (packages, DRAM, and the estimator's, which counts the
// machine's CPU time) are multiplied by the tree's CPU time over the machine's CPU time in
// the window; a GPU counts whole if the trial's processes used it during the window, and
// not at all if NVML's process list shows they never did (when NVML cannot tell, it
// counts whole).
//
// Uncertainty (one standard uncertainty, domains combined in quadrature): a counter
// contributes twice its resolution (two readings) plus its mean power times its update
// period (each boundary can be off by half a period); an estimate contributes its relative
// uncertainty times its energy.

#include <string>

#include "ecopt/energy/baseline.hpp"
#include "ecopt/energy/sampler.hpp"
#include "ecopt/measurement/phase_measurement.hpp"

namespace ecopt::energy {

enum class Scope { system, process };

[[nodiscard]] const char* to_string(Scope scope);

struct WindowSettings {
  Scope scope = Scope::system;
  const MachineProfile* baseline = nullptr;  ///< idle power to subtract, if calibrated
};

/// The phase between `start_s` and `end_s` (monotonic). Throws std::out_of_range when the
/// window is not inside the sampled span.
[[nodiscard]] measurement::PhaseMeasurement measure_window(const EnergySampler& sampler,
                                                           const std::string& phase, double start_s,
                                                           double end_s, std::int64_t samples,
                                                           const WindowSettings& settings);

/// In-process windows: begin("inference") ... end("inference", 10000).
class PhaseRecorder {
 public:
  PhaseRecorder(EnergySampler& sampler, WindowSettings settings)
      : sampler_(sampler), settings_(settings) {}
  void begin(const std::string& phase);
  measurement::PhaseMeasurement end(const std::string& phase, std::int64_t samples = 0);

 private:
  EnergySampler& sampler_;
  WindowSettings settings_;
  std::map<std::string, double> started_s_;
};

}  // namespace ecopt::energy
