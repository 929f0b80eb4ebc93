// ecopt.Measurement (one measured window or phase) and ecopt.Monitor (energy windows
// around any code, energy::Monitor), with the context manager both trials and monitors use.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <cstdio>

#include "bindings.hpp"
#include "ecopt/energy/monitor.hpp"
#include "phase_context.hpp"

namespace ecopt::python {
namespace {

std::string measurement_repr(const measurement::PhaseMeasurement& p) {
  char text[256];
  std::snprintf(text, sizeof text, "<Measurement '%s': %.6g J %s ± %.3g J over %.6g s, meter %s>",
                p.phase.c_str(), p.total_energy_j(), p.estimated ? "ESTIMATED" : "MEASURED",
                p.uncertainty_j, p.duration_s, p.meter.c_str());
  return text;
}

void bind_measurement(py::module_& m) {
  using measurement::PhaseMeasurement;
  py::class_<PhaseMeasurement>(m, "Measurement", R"doc(
The energy and time of one window or phase, as ecopt records a trial's phase.

>>> m = monitor.end_window("train")
>>> m.total_energy_j, m.estimated, m.uncertainty_j, m.duration_s
(12.5, True, 6.2, 0.5)
>>> m.energy_j          # per domain, gross
{'cpu-estimate': 11.0, 'dram-estimate': 1.5}
)doc")
      .def_readonly("name", &PhaseMeasurement::phase, "The window's or phase's name.")
      .def_readonly("duration_s", &PhaseMeasurement::duration_s)
      .def_readonly("energy_j", &PhaseMeasurement::energy_j, "Gross energy per domain (J).")
      .def_readonly("net_energy_j", &PhaseMeasurement::net_energy_j,
                    "Gross minus idle power x duration, per domain (with an idle profile).")
      .def_property_readonly("total_energy_j", &PhaseMeasurement::total_energy_j)
      .def_property_readonly("total_net_energy_j", &PhaseMeasurement::total_net_energy_j)
      .def_readonly("estimated", &PhaseMeasurement::estimated,
                    "True: a model's estimate, not a counter reading.")
      .def_readonly("uncertainty_j", &PhaseMeasurement::uncertainty_j,
                    "One standard uncertainty of the total energy (J).")
      .def_readonly("meter", &PhaseMeasurement::meter)
      .def_readonly("scope", &PhaseMeasurement::scope, "'system' or 'process'.")
      .def_readonly("samples", &PhaseMeasurement::samples)
      .def_readonly("attribution", &PhaseMeasurement::attribution)
      .def_readonly("notes", &PhaseMeasurement::notes)
      .def_readonly("start_unix_s", &PhaseMeasurement::start_unix_s)
      .def_readonly("end_unix_s", &PhaseMeasurement::end_unix_s)
      .def("__repr__", &measurement_repr);
}

energy::Scope parse_scope(const std::string& scope) {
  if (scope == "system") return energy::Scope::system;
  if (scope == "process") return energy::Scope::process;
  throw std::invalid_argument("scope must be 'system' or 'process', got '" + scope + "'");
}

std::unique_ptr<energy::Monitor> make_monitor(const std::string& cpu_backend, bool gpus,
                                              double interval_s, const std::string& scope) {
  if (!(interval_s > 0.0))
    throw std::invalid_argument("interval_s must be > 0, got " + std::to_string(interval_s));
  energy::MonitorSettings settings;
  settings.meters.cpu_backend = cpu_backend;
  settings.meters.gpus = gpus;
  settings.interval_s = interval_s;
  settings.scope = parse_scope(scope);
  py::gil_scoped_release release;  // detection keeps a core busy briefly per backend
  return std::make_unique<energy::Monitor>(std::move(settings));
}

py::list backends_list(const energy::Monitor& monitor) {
  py::list out;
  for (const energy::BackendStatus& b : monitor.backends()) {
    py::dict d;
    d["backend"] = b.backend;
    d["available"] = b.available;
    d["chosen"] = b.chosen;
    d["detail"] = b.detail;
    out.append(d);
  }
  return out;
}

py::list domains_list(const energy::Monitor& monitor) {
  py::list out;
  for (const energy::DomainInfo& d : monitor.meter().domains()) {
    py::dict item;
    item["name"] = d.name;
    item["estimated"] = d.estimated;
    item["relative_uncertainty"] = d.relative_uncertainty;
    item["in_total"] = d.in_total;
    out.append(item);
  }
  return out;
}

constexpr const char* kMonitorDoc = R"doc(
Energy windows around any code in this process, trial or not (like Zeus's ZeusMonitor).

Each window is measured exactly as a trial's phase: energy per domain, measured or
estimated, with its uncertainty and duration. Thread-safe: windows of different names
may be open at once, from any threads. Every meter backend ecopt has is tried
(powercap/RAPL, perf, NVML for GPUs, else the CPU-time estimator).

>>> import ecopt
>>> monitor = ecopt.Monitor()
>>> monitor.begin_window("busy")
>>> total = sum(i * i for i in range(10**6))
>>> m = monitor.end_window("busy")
>>> with monitor.window("inference", samples=10000) as w:
...     run_inference()
>>> w.measurement.total_energy_j / 10000      # J per sample

cpu_backend: auto | powercap | perf | estimator | none. scope: 'system' (the whole
machine) or 'process' (this process's share of it).
)doc";

}  // namespace

void bind_energy(py::module_& m) {
  bind_measurement(m);
  bind_phase_context(m);
  py::class_<energy::Monitor>(m, "Monitor", kMonitorDoc)
      .def(py::init(&make_monitor), py::arg("cpu_backend") = "auto", py::arg("gpus") = true,
           py::arg("interval_s") = 0.1, py::arg("scope") = "system")
      .def("begin_window", &energy::Monitor::begin_window, py::arg("name"),
           py::call_guard<py::gil_scoped_release>(),
           "Opens the window `name`; ValueError when one of that name is open.")
      .def("end_window", &energy::Monitor::end_window, py::arg("name"), py::arg("samples") = 0,
           py::call_guard<py::gil_scoped_release>(),
           "Closes the window `name` and returns its Measurement; ValueError when none of "
           "that name is open.")
      .def(
          "window",
          [](energy::Monitor& monitor, const std::string& name, std::int64_t samples) {
            return PhaseContext{name, samples,
                                [&monitor](const std::string& n) { monitor.begin_window(n); },
                                [&monitor](const std::string& n, std::int64_t s) {
                                  return monitor.end_window(n, s);
                                },
                                std::nullopt};
          },
          py::arg("name"), py::arg("samples") = 0, py::keep_alive<0, 1>(),
          "A context manager: `with monitor.window('x', samples=n) as w:`; then "
          "w.measurement.")
      .def_property_readonly("open_windows", &energy::Monitor::open_windows)
      .def_property_readonly("meter", [](const energy::Monitor& mon) { return mon.meter().name(); })
      .def_property_readonly("domains", &domains_list)
      .def_property_readonly("backends", &backends_list,
                             "What detection found, backend by backend, and why not.")
      .def_property_readonly("estimated",
                             [](const energy::Monitor& mon) {
                               for (const auto& d : mon.meter().domains())
                                 if (d.estimated) return true;
                               return false;
                             })
      .def("__repr__", [](const energy::Monitor& mon) {
        return "<Monitor meter=" + mon.meter().name() + " scope=" + energy::to_string(mon.scope()) +
               " open=" + std::to_string(mon.open_windows().size()) + ">";
      });
}

}  // namespace ecopt::python
