#pragma once
// The Python module's binding layer (internal): a thin layer over the C++ API, one file
// per part of it (errors, studies, in-process trials, energy, reports). No algorithm lives
// here; each binding converts, releases the GIL around long C++ work, and calls through.

#include <pybind11/pybind11.h>

#include <memory>
#include <string>

#include "ecopt/measurement/phase_measurement.hpp"
#include "ecopt/space/value.hpp"
#include "ecopt/storage/storage.hpp"
#include "ecopt/study/study.hpp"

namespace ecopt::python {

namespace py = pybind11;

/// A study with the storage it lives in (the Study refers to it, so they live together).
struct PyStudy {
  std::shared_ptr<storage::Storage> storage;
  std::unique_ptr<study::Study> study;
};

/// A parameter value as Python's bool, int, float or str, and back (TypeError otherwise).
[[nodiscard]] py::object to_python(const space::Value& value);
[[nodiscard]] space::Params params_from_python(const py::dict& params);
[[nodiscard]] py::dict params_to_python(const space::Params& params);
/// JSON text as a Python object, and a Python object as JSON text (json.loads/dumps).
[[nodiscard]] py::object json_loads(const std::string& text);
[[nodiscard]] std::string json_dumps(const py::handle& value);

void bind_errors(py::module_& m);
void bind_energy(py::module_& m);
void bind_study(py::module_& m);
void bind_optimize(py::module_& m);
void bind_report(py::module_& m);

}  // namespace ecopt::python
