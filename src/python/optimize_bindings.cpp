// Study.optimize: the tune loop over a Python function (runner::optimize), and
// ecopt.ActiveTrial, what the function is given (runner::InProcessTrial).
//
// The loop runs without the GIL; each trial's function runs on a thread of its own and
// takes the GIL to call into Python. Ctrl-C: while optimize runs, SIGINT sets the loop's
// interrupt flag (Python's handler cannot run while the main thread is in C++); each
// running trial then gets KeyboardInterrupt in its thread, is recorded as interrupted and
// re-queued, and optimize raises KeyboardInterrupt once everything is recorded.
#include <pybind11/functional.h>
#include <pybind11/stl.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>

#include "bindings.hpp"
#include "ecopt/runner/function_launcher.hpp"
#include "ecopt/study/metric_name.hpp"
#include "phase_context.hpp"

namespace ecopt::python {
namespace {

/// What the Python function holds: the trial while it runs; afterwards, nothing.
struct ActiveTrial {
  std::shared_ptr<runner::InProcessTrial*> trial;

  runner::InProcessTrial& get() const {
    if (*trial == nullptr)
      throw std::runtime_error(
          "this trial has ended; use it only inside the function optimize calls");
    return **trial;
  }
};

/// The function's return value as metrics: None (objectives reported or derived), a dict
/// of metrics, or one number per objective, or one per objective that is not derived from
/// the phases (e.g. accuracy, with energy.inference.per_sample measured).
std::map<std::string, double> returned_metrics(const py::object& returned,
                                               const study::StudyConfig& config) {
  std::map<std::string, double> metrics;
  if (returned.is_none()) return metrics;
  if (py::isinstance<py::dict>(returned)) return returned.cast<std::map<std::string, double>>();
  std::vector<double> values;
  if (py::isinstance<py::float_>(returned) || py::isinstance<py::int_>(returned))
    values.push_back(returned.cast<double>());
  else
    values = returned.cast<std::vector<double>>();
  std::vector<std::string> reported;
  for (const auto& o : config.objectives)
    if (!study::MetricName::parse(o.name)) reported.push_back(o.name);
  const std::vector<std::string>* names = nullptr;
  std::vector<std::string> all;
  for (const auto& o : config.objectives) all.push_back(o.name);
  if (values.size() == all.size())
    names = &all;
  else if (values.size() == reported.size())
    names = &reported;
  if (names == nullptr) {
    throw std::invalid_argument(
        "the function returned " + std::to_string(values.size()) + " values; the study has " +
        std::to_string(all.size()) + " objectives, " + std::to_string(reported.size()) +
        " of them not derived from phases: return one value for each, or a dict of metrics");
  }
  for (std::size_t i = 0; i < values.size(); ++i) metrics[(*names)[i]] = values[i];
  return metrics;
}

/// A Python function that may be dropped without the GIL held.
struct HeldFunction {
  explicit HeldFunction(py::function f) : function(std::move(f)) {}
  ~HeldFunction() {
    py::gil_scoped_acquire gil;
    function = py::function();
  }
  HeldFunction(const HeldFunction&) = delete;
  HeldFunction& operator=(const HeldFunction&) = delete;
  py::function function;
};

runner::TrialFunction trial_function(py::function fn, const study::StudyConfig& config) {
  // The loop copies and destroys the std::function without the GIL: it holds the Python
  // function through a shared_ptr, whose last owner takes the GIL to let it go.
  auto held = std::make_shared<HeldFunction>(std::move(fn));
  return [fn = std::move(held), &config](runner::InProcessTrial& trial) {
    // Ctrl-C reaches the function as KeyboardInterrupt in its own thread. The hook is set
    // and cleared without the GIL: stopping takes the hook's lock, then the GIL.
    const unsigned long thread = PyThread_get_thread_ident();
    trial.on_stop([thread] {
      py::gil_scoped_acquire gil;
      PyThreadState_SetAsyncExc(thread, PyExc_KeyboardInterrupt);
    });
    std::map<std::string, double> metrics;
    std::string error;
    {
      py::gil_scoped_acquire gil;
      auto handle = std::make_shared<runner::InProcessTrial*>(&trial);
      try {
        metrics = returned_metrics(fn->function(ActiveTrial{handle}), config);
      } catch (py::error_already_set& e) {
        error = e.what();
      } catch (const std::exception& e) {
        error = e.what();
      }
      *handle = nullptr;
    }
    trial.on_stop({});
    if (!error.empty()) throw std::runtime_error(error);
    return metrics;
  };
}

std::atomic<bool> g_interrupt{false};
extern "C" void on_sigint(int) {
  g_interrupt = true;
}

/// SIGINT sets g_interrupt while it lives (main thread only, as Python's own handler).
class SigintToFlag {
 public:
  SigintToFlag() {
    g_interrupt = false;
    active_ = PyThread_get_thread_ident() == main_thread_ident();
    if (!active_) return;
    struct sigaction action {};
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
  }
  ~SigintToFlag() {
    if (active_) sigaction(SIGINT, &previous_, nullptr);
  }
  SigintToFlag(const SigintToFlag&) = delete;
  SigintToFlag& operator=(const SigintToFlag&) = delete;

 private:
  static unsigned long main_thread_ident() {
    return py::module_::import("threading")
        .attr("main_thread")()
        .attr("ident")
        .cast<unsigned long>();
  }
  bool active_ = false;
  struct sigaction previous_ {};
};

/// Trials of the study that count towards a trial budget now, so that n_trials means
/// "this many more" (Optuna's meaning) while the loop's budget counts the whole study.
std::int64_t counted_trials(const PyStudy& s) {
  std::int64_t n = 0;
  for (const study::Trial& t : s.study->trials()) {
    if (t.state == study::TrialState::running ||
        (study::is_finished(t.state) && study::counts_towards_budget(t.failure_kind)))
      ++n;
  }
  return n;
}

py::dict optimize(PyStudy& s, py::function fn, std::optional<std::int64_t> n_trials, int jobs,
                  std::optional<double> timeout, std::optional<double> energy_budget_j,
                  bool show_progress) {
  if (n_trials && *n_trials < 0) throw std::invalid_argument("n_trials must be >= 0");
  if (jobs < 1) throw std::invalid_argument("jobs must be >= 1, got " + std::to_string(jobs));
  runner::TuneSettings settings;
  if (n_trials) settings.trials = counted_trials(s) + *n_trials;
  settings.time_budget_s = timeout;
  settings.energy_budget_j = energy_budget_j;
  settings.jobs = jobs;
  settings.quiet = !show_progress;
  settings.program = "optimize";
  const runner::TrialFunction function = trial_function(std::move(fn), s.study->config());
  py::module_::import("sys").attr("stdout").attr("flush")();
  // Silent unless asked: the loop's header and summary go to /dev/null then.
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> devnull(
      show_progress ? nullptr : std::fopen("/dev/null", "w"), &std::fclose);
  std::FILE* progress = devnull ? devnull.get() : stdout;
  runner::TuneSummary summary;
  {
    SigintToFlag sigint;
    py::gil_scoped_release release;
    summary = runner::optimize(*s.study, function, settings, g_interrupt, progress);
    std::fflush(progress);
  }
  if (summary.stopped_by_interrupt) {
    PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  py::dict out;
  out["completed"] = summary.completed;
  out["failed"] = summary.failed;
  out["pruned"] = summary.pruned;
  out["energy_j"] = summary.energy_j;
  out["estimated"] = summary.estimated;
  out["stop_reason"] = summary.stop_reason;
  return out;
}

constexpr const char* kOptimizeDoc = R"doc(
Runs `fn(trial)` for trial after trial, in this process, until n_trials more have run,
`timeout` seconds have passed, `energy_budget_j` is spent, or the study's own budget is
reached (none of them: until Ctrl-C). `fn` gets an ActiveTrial and returns one value per
objective, or one per objective that is not measured (accuracy, with
energy.inference.per_sample derived from its phases), or a dict of metrics, or None.

An exception in `fn` fails that trial (its message is the reason) and the study goes on.
Ctrl-C stops cleanly: running trials get KeyboardInterrupt, are recorded as interrupted
and re-queued, then KeyboardInterrupt is raised; optimize again resumes with them.
Returns a summary dict (completed, failed, pruned, energy_j, estimated, stop_reason).

With a `pruner:` in the study, trial.report(step, values) is judged as a trial process's
report, and a trial the pruner stops sees trial.should_prune() and is recorded PRUNED.
run.timeout (the study's `run: {timeout: ...}`) is cooperative too: past it,
should_prune() is true, and the trial is recorded FAIL timeout when it returns.

>>> def objective(trial):
...     with trial.phase("inference", samples=1000):
...         accuracy = evaluate(trial.params["width"])
...     return accuracy          # energy.inference.per_sample is measured
>>> study.optimize(objective, n_trials=20)
)doc";

void report_step(const ActiveTrial& t, std::int64_t step,
                 const std::map<std::string, double>& values) {
  t.get().report_step(step, values);
}

constexpr const char* kReportStepDoc = R"doc(
Intermediate values at `step` (a learning curve), named like the study's objectives, as
a trial process's `report` message: the energy so far is added as `energy.total`, and
with a `pruner:` in the study the step is judged at once (see should_prune).

>>> for epoch in range(1, epochs + 1):
...     train_one_epoch()
...     trial.report(epoch, {"accuracy": validate()})
...     if trial.should_prune():
...         return None      # recorded PRUNED, with its steps and energy
)doc";

constexpr const char* kShouldPruneDoc = R"doc(
True once the trial should stop early: the study's pruner stopped it (docs/pruning.md),
or it ran past run.timeout. In-process trials cannot be killed, so stopping is up to the
function: it is recorded PRUNED (or FAIL timeout) however it then returns or raises.

>>> if trial.should_prune():
...     return None
)doc";

void bind_active_trial(py::module_& m) {
  py::class_<ActiveTrial>(m, "ActiveTrial", R"doc(
The trial Study.optimize is running: its parameters, and the phases it measures.

>>> def objective(trial):
...     with trial.phase("train"):
...         model = train(lr=trial.params["lr"])
...     with trial.phase("inference", samples=len(test_set)):
...         accuracy = evaluate(model, test_set)
...     return accuracy
)doc")
      .def_property_readonly("number", [](const ActiveTrial& t) { return t.get().trial().number; })
      .def_property_readonly(
          "params", [](const ActiveTrial& t) { return params_to_python(t.get().trial().params); })
      .def(
          "phase",
          [](const ActiveTrial& t, const std::string& name, std::int64_t samples) {
            runner::InProcessTrial* trial = &t.get();
            return PhaseContext{
                name, samples, [trial](const std::string& n) { trial->begin_phase(n); },
                [trial](const std::string& n, std::int64_t k) { return trial->end_phase(n, k); },
                std::nullopt};
          },
          py::arg("name"), py::arg("samples") = 0,
          "A measured phase, as a trial process's protocol phase: `with trial.phase('inference', "
          "samples=n):`. Gives energy.NAME.total, .per_sample, time.NAME.*, power.NAME.mean ...")
      .def(
          "report",
          [](const ActiveTrial& t, const std::string& name, double value) {
            t.get().report(name, value);
          },
          py::arg("name"), py::arg("value"), "A metric recorded with the trial.")
      // Without the GIL: a report reads the meters and wakes the loop's pruner.
      .def("report", &report_step, py::arg("step"), py::arg("values"),
           py::call_guard<py::gil_scoped_release>(), kReportStepDoc)
      .def("report_step", &report_step, py::arg("step"), py::arg("values"),
           py::call_guard<py::gil_scoped_release>(), kReportStepDoc)
      .def(
          "should_prune", [](const ActiveTrial& t) { return t.get().should_prune(); },
          kShouldPruneDoc)
      .def(
          "set_user_attr",
          [](const ActiveTrial& t, const std::string& key, const py::object& value) {
            t.get().set_attr(key, json_dumps(value));
          },
          py::arg("key"), py::arg("value"))
      .def_property_readonly(
          "should_stop",
          [](const ActiveTrial& t) {
            const runner::InProcessTrial& trial = t.get();
            return trial.stop_requested() || trial.should_prune();
          },
          "True once the trial should return: Ctrl-C, the pruner, or run.timeout.")
      .def("__repr__", [](const ActiveTrial& t) {
        if (*t.trial == nullptr) return std::string("<ActiveTrial (ended)>");
        return "<ActiveTrial " + std::to_string(t.get().trial().number) + ">";
      });
}

}  // namespace

void bind_optimize(py::module_& m) {
  bind_active_trial(m);
  m.attr("Study").attr("optimize") = py::cpp_function(
      &optimize, py::name("optimize"), py::is_method(m.attr("Study")), py::arg("fn"),
      py::arg("n_trials") = py::none(), py::arg("jobs") = 1, py::arg("timeout") = py::none(),
      py::arg("energy_budget_j") = py::none(), py::arg("show_progress") = false,
      py::sibling(py::getattr(m.attr("Study"), "optimize", py::none())), kOptimizeDoc);
}

}  // namespace ecopt::python
