// The extension module `ecopt._ecopt`; the package `ecopt` (src/python/ecopt/) re-exports
// it with the parts that are plain Python (create_study's dict, trials_dataframe).
#include "bindings.hpp"
#include "ecopt/version.hpp"

PYBIND11_MODULE(_ecopt, m) {
  m.doc() = "ecopt's C++ core: studies, in-process trials, energy windows, reports";
  m.attr("__version__") = std::string(ecopt::kVersion);
  ecopt::python::bind_errors(m);
  ecopt::python::bind_energy(m);
  ecopt::python::bind_study(m);
  ecopt::python::bind_optimize(m);
  ecopt::python::bind_report(m);
}
