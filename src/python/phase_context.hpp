#pragma once
// The context manager of Monitor.window and ActiveTrial.phase (internal): begins on
// enter, ends on exit (also when the block raises), and keeps the Measurement.

#include <pybind11/pybind11.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ecopt/measurement/phase_measurement.hpp"

namespace ecopt::python {

struct PhaseContext {
  std::string name;
  std::int64_t samples = 0;  ///< may be set inside the block, once the count is known
  std::function<void(const std::string&)> begin;
  std::function<measurement::PhaseMeasurement(const std::string&, std::int64_t)> end;
  std::optional<measurement::PhaseMeasurement> measurement;
};

void bind_phase_context(pybind11::module_& m);

}  // namespace ecopt::python
