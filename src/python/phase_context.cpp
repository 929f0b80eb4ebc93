#include "phase_context.hpp"

#include <pybind11/stl.h>

namespace ecopt::python {

namespace py = pybind11;

void bind_phase_context(py::module_& m) {
  py::class_<PhaseContext>(m, "Window", R"doc(
A measured block: `with monitor.window("train") as w:` or `with trial.phase("inference",
samples=n) as p:`. `samples` may be set inside the block; after it, `measurement` holds
the result (None before). The block is measured also when it raises.

>>> with monitor.window("inference") as w:
...     n = evaluate(model)
...     w.samples = n
>>> w.measurement.total_energy_j / n          # J per sample
)doc")
      .def_readonly("name", &PhaseContext::name)
      .def_readwrite("samples", &PhaseContext::samples)
      .def_readonly("measurement", &PhaseContext::measurement)
      .def(
          "__enter__",
          [](PhaseContext& c) -> PhaseContext& {
            py::gil_scoped_release release;
            c.begin(c.name);
            return c;
          },
          py::return_value_policy::reference)
      .def("__exit__",
           [](PhaseContext& c, const py::object&, const py::object&, const py::object&) {
             py::gil_scoped_release release;
             c.measurement = c.end(c.name, c.samples);
             return false;
           })
      .def("__repr__", [](const PhaseContext& c) {
        return "<Window '" + c.name + "'" + (c.measurement ? " measured>" : ">");
      });
}

}  // namespace ecopt::python
