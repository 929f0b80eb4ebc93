// ecopt.Trial (a recorded trial), ecopt.Study (ask, tell, enqueue, trials, the Pareto
// set) and opening studies by storage URL, the same URLs and rules as the CLI.
#include <pybind11/stl.h>

#include <cmath>

#include "bindings.hpp"
#include "ecopt/study/study_file.hpp"

namespace ecopt::python {
namespace {

std::string trial_repr(const study::Trial& t) {
  std::string text = "<Trial " + std::to_string(t.number) + " " +
                     std::string(study::to_string(t.state)) + " params={";
  bool first = true;
  for (const auto& [name, value] : t.params) {
    text += (first ? "" : ", ") + name + ": " + space::to_string(value);
    first = false;
  }
  text += "}";
  if (!t.values.empty()) {
    text += " values=[";
    for (std::size_t i = 0; i < t.values.size(); ++i)
      text += (i ? ", " : "") + space::to_string(space::Value(t.values[i]));
    text += "]";
  }
  if (t.failure_kind != study::FailureKind::none)
    text += " failure=" + std::string(study::to_string(t.failure_kind));
  return text + ">";
}

py::object optional_float(const std::optional<double>& value) {
  return value ? py::object(py::float_(*value)) : py::object(py::none());
}

void bind_trial(py::module_& m) {
  using study::Trial;
  py::class_<Trial>(m, "Trial", R"doc(
A trial as the study records it: parameters, state, objective values, metrics (reported
and derived, e.g. energy.inference.per_sample) and measured phases.

>>> trial = study.ask()
>>> trial.number, trial.params
(0, {'lr': 0.01, 'width': 16})
>>> study.tell(trial, [0.91, 0.0042])
)doc")
      .def_readonly("number", &Trial::number)
      .def_readonly("id", &Trial::id, "Storage-wide identifier.")
      .def_property_readonly("state",
                             [](const Trial& t) { return std::string(study::to_string(t.state)); })
      .def_property_readonly("params", [](const Trial& t) { return params_to_python(t.params); })
      .def_readonly("values", &Trial::values, "Objective values in study order (COMPLETE).")
      .def_readonly("metrics", &Trial::metrics)
      .def_readonly("metric_uncertainties", &Trial::metric_uncertainties)
      .def_readonly("intermediate", &Trial::intermediate)
      .def_readonly("phases", &Trial::phases, "Measured phases (Measurement), 'total' among them.")
      .def_property_readonly(
          "failure_kind",
          [](const Trial& t) { return std::string(study::to_string(t.failure_kind)); })
      .def_readonly("error", &Trial::error, "Why it failed or was pruned, for people.")
      .def_readonly("stderr_tail", &Trial::stderr_tail,
                    "A crashed trial's last lines of stderr (at most 4096 bytes); '' if none.")
      .def_property_readonly("user_attrs",
                             [](const Trial& t) {
                               py::dict out;
                               for (const auto& [k, v] : t.user_attrs)
                                 out[py::str(k)] = json_loads(v);
                               return out;
                             })
      .def_property_readonly(
          "enqueued", [](const Trial& t) { return t.origin == study::TrialOrigin::enqueued; })
      .def_readonly("host", &Trial::host)
      .def_readonly("created_unix_s", &Trial::created_unix_s)
      .def_property_readonly("started_unix_s",
                             [](const Trial& t) { return optional_float(t.started_unix_s); })
      .def_property_readonly("finished_unix_s",
                             [](const Trial& t) { return optional_float(t.finished_unix_s); })
      .def("__repr__", &trial_repr);
}

std::vector<double> values_from_python(const py::handle& values) {
  if (py::isinstance<py::float_>(values) || py::isinstance<py::int_>(values))
    return {values.cast<double>()};
  return values.cast<std::vector<double>>();
}

study::TellResult tell(PyStudy& s, const study::Trial& trial, const py::object& values,
                       const std::string& state, const std::string& reason,
                       const std::map<std::string, double>& metrics) {
  const auto parsed = study::parse_trial_state(state);
  if (!parsed || (*parsed != study::TrialState::complete && *parsed != study::TrialState::fail &&
                  *parsed != study::TrialState::pruned)) {
    throw std::invalid_argument("tell: state must be 'complete', 'fail' or 'pruned', got '" +
                                state + "'");
  }
  if (*parsed == study::TrialState::complete) {
    if (values.is_none())
      throw std::invalid_argument("tell: trial " + std::to_string(trial.number) +
                                  " needs values (one per objective), or state='fail'");
    const std::vector<double> v = values_from_python(values);
    py::gil_scoped_release release;
    return s.study->tell(trial, v, metrics);
  }
  py::gil_scoped_release release;
  return s.study->tell(trial, *parsed, reason.empty() ? std::string("told by Python") : reason);
}

study::Trial trial_by_number(PyStudy& s, std::int64_t number) {
  auto trial = s.storage->trial(s.study->id(), number);
  if (!trial)
    throw std::invalid_argument("study '" + s.study->config().name + "' has no trial " +
                                std::to_string(number));
  return *trial;
}

py::list objectives_list(const PyStudy& s) {
  py::list out;
  for (const auto& o : s.study->config().objectives)
    out.append(py::make_tuple(o.name, std::string(study::to_string(o.goal))));
  return out;
}

std::string study_repr(const PyStudy& s) {
  std::string objectives;
  for (const auto& o : s.study->config().objectives)
    objectives +=
        (objectives.empty() ? "" : ", ") + o.name + " " + std::string(study::to_string(o.goal));
  return "<Study '" + s.study->config().name + "' in " + storage::redact_url(s.storage->url()) +
         ": " + objectives + ">";
}

PyStudy open_pystudy(const std::string& url,
                     const std::function<study::Study(storage::Storage&)>& get) {
  PyStudy s;
  py::gil_scoped_release release;
  s.storage = std::shared_ptr<storage::Storage>(storage::open_storage(url));
  s.study = std::make_unique<study::Study>(get(*s.storage));
  return s;
}

/// Creates the study `text` (study-file YAML or JSON) defines; with `load_if_exists`,
/// opens it instead when one of that name exists and the definition is the same.
PyStudy create_study(const std::string& text, const std::string& source, const std::string& storage,
                     bool load_if_exists) {
  study::StudyConfig config =
      source.empty() ? study::load_study_file(text) : study::parse_study_config(text, source);
  const std::string url = study::resolve_storage_url(storage, config.storage, config.name);
  return open_pystudy(url, [&](storage::Storage& st) {
    if (!load_if_exists || !st.find_study(config.name)) return study::Study::create(st, config);
    study::Study existing = study::Study::open(st, config.name);
    if (!existing.defined_by(config)) {
      throw std::invalid_argument("study '" + config.name + "' in " + storage::redact_url(url) +
                                  " was created from a different definition; give the new one "
                                  "another name, or delete the old one (ecopt study delete)");
    }
    return existing;
  });
}

PyStudy load_study(const std::string& name, const std::string& storage) {
  const std::string url = study::resolve_storage_url(storage, "", name);
  return open_pystudy(url, [&](storage::Storage& st) { return study::Study::open(st, name); });
}

void bind_study_class(py::module_& m);

}  // namespace

void bind_study(py::module_& m) {
  bind_trial(m);
  py::class_<study::TellResult>(m, "TellResult", R"doc(
What tell did: recorded, or why not (the trial was no longer RUNNING: told already, or
failed as stale by another worker). Truthy when recorded; an expected outcome, not an
exception.

>>> result = study.tell(trial, [0.91, 0.0042])
>>> if not result:
...     print("not recorded:", result.why_not)
)doc")
      .def_readonly("recorded", &study::TellResult::recorded)
      .def_readonly("why_not", &study::TellResult::why_not)
      .def("__bool__", [](const study::TellResult& r) { return r.recorded; })
      .def("__repr__", [](const study::TellResult& r) {
        return r.recorded ? std::string("<TellResult recorded>")
                          : "<TellResult not recorded: " + r.why_not + ">";
      });
  bind_study_class(m);
  m.def("_create_study", &create_study, py::arg("text"), py::arg("source"), py::arg("storage"),
        py::arg("load_if_exists"));
  m.def("load_study", &load_study, py::arg("name"), py::arg("storage") = "", R"doc(
Opens a stored study, made by Python or by the CLI (`ecopt study create`, `ecopt tune`).

storage: a URL as the CLI takes (sqlite:///path.db, postgresql://...); default:
$ECOPT_STORAGE, else sqlite:///NAME.db. StorageError when there is no such study.

>>> study = ecopt.load_study("demo", storage="sqlite:///demo.db")
>>> len(study.trials)
)doc");
}

namespace {

/// What a study holds: its trials, the Pareto set, its attributes.
void bind_study_queries(py::class_<PyStudy>& study) {
  study
      .def_property_readonly(
          "trials", [](const PyStudy& s) { return s.study->trials(); },
          "Every trial, in number order.")
      .def_property_readonly(
          "best_trials", [](const PyStudy& s) { return s.study->pareto_set(); },
          "The Pareto set: feasible COMPLETE trials no other dominates.")
      .def(
          "trial", [](PyStudy& s, std::int64_t number) { return trial_by_number(s, number); },
          py::arg("number"))
      .def_property_readonly("user_attrs",
                             [](const PyStudy& s) {
                               py::dict out;
                               auto record = s.storage->find_study(s.study->config().name);
                               if (record)
                                 for (const auto& [k, v] : record->user_attrs)
                                   out[py::str(k)] = json_loads(v);
                               return out;
                             })
      .def(
          "set_user_attr",
          [](PyStudy& s, const std::string& key, const py::object& value) {
            s.study->set_user_attr(key, json_dumps(value));
          },
          py::arg("key"), py::arg("value"), "A study attribute (any JSON-able value).");
}

void bind_study_class(py::module_& m) {
  py::class_<PyStudy> study(m, "Study", R"doc(
A study: ask for trials, tell their outcomes, run a function over many (optimize), and
query the results. Made by ecopt.create_study or ecopt.load_study.

>>> study = ecopt.create_study(name="zdt1", space={"x": {"type": "float", "low": 0, "high": 1}},
...                            objectives={"f1": "minimize", "f2": "minimize"},
...                            storage="sqlite:///zdt1.db")
>>> trial = study.ask()
>>> study.tell(trial, [trial.params["x"], 1 - trial.params["x"]])
)doc");
  study.def_property_readonly("name", [](const PyStudy& s) { return s.study->config().name; })
      .def_property_readonly("storage_url",
                             [](const PyStudy& s) { return storage::redact_url(s.storage->url()); })
      .def_property_readonly("objectives", &objectives_list,
                             "(name, 'minimize'|'maximize') per objective, in study order.")
      .def_property_readonly("param_names",
                             [](const PyStudy& s) {
                               std::vector<std::string> names;
                               for (const auto& p : s.study->config().space.parameters())
                                 names.push_back(p.name);
                               return names;
                             })
      .def(
          "ask", [](PyStudy& s) { return s.study->ask(); },
          py::call_guard<py::gil_scoped_release>(),
          "A RUNNING trial: the oldest enqueued one, else one with the sampler's parameters "
          "(model fits and acquisition run without the GIL).")
      .def("tell", &tell, py::arg("trial"), py::arg("values") = py::none(),
           py::arg("state") = "complete", py::arg("reason") = "",
           py::arg("metrics") = std::map<std::string, double>{},
           "Completes `trial` with one value per objective, or ends it with state='fail' or "
           "'pruned' and a reason. Returns a TellResult. ValueError for a wrong number of "
           "values or a non-finite one.")
      .def(
          "tell",
          [](PyStudy& s, std::int64_t number, const py::object& values, const std::string& state,
             const std::string& reason, const std::map<std::string, double>& metrics) {
            return tell(s, trial_by_number(s, number), values, state, reason, metrics);
          },
          py::arg("trial"), py::arg("values") = py::none(), py::arg("state") = "complete",
          py::arg("reason") = "", py::arg("metrics") = std::map<std::string, double>{})
      .def(
          "enqueue",
          [](PyStudy& s, const py::dict& params) {
            return s.study->enqueue(params_from_python(params));
          },
          py::arg("params"),
          "Adds a trial with these parameters (a baseline, a warm start); it runs before "
          "sampled ones. ValueError listing every problem with them.")
      .def("__repr__", &study_repr);
  bind_study_queries(study);
}

}  // namespace

py::object to_python(const space::Value& value) {
  return std::visit([](const auto& v) -> py::object { return py::cast(v); }, value);
}

py::dict params_to_python(const space::Params& params) {
  py::dict out;
  for (const auto& [name, value] : params) out[py::str(name)] = to_python(value);
  return out;
}

space::Params params_from_python(const py::dict& params) {
  space::Params out;
  for (const auto& [key, value] : params) {
    const std::string name = py::str(key);
    if (py::isinstance<py::bool_>(value))
      out[name] = value.cast<bool>();
    else if (py::isinstance<py::int_>(value))
      out[name] = value.cast<std::int64_t>();
    else if (py::isinstance<py::float_>(value))
      out[name] = value.cast<double>();
    else if (py::isinstance<py::str>(value))
      out[name] = value.cast<std::string>();
    else
      throw py::type_error("parameter '" + name + "': expected bool, int, float or str, got " +
                           std::string(py::str(value.get_type().attr("__name__"))));
  }
  return out;
}

py::object json_loads(const std::string& text) {
  return py::module_::import("json").attr("loads")(text);
}

std::string json_dumps(const py::handle& value) {
  return py::module_::import("json").attr("dumps")(value).cast<std::string>();
}

}  // namespace ecopt::python
