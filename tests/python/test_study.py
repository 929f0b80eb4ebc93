"""Studies in-process: create, ask/tell/enqueue, optimize, the Pareto set, pandas, report,
and ZDT1 with MOBO against random search."""
import os

import pytest

import ecopt
from conftest import hypervolume_2d, make_study, small_space, zdt1


def test_ask_tell_enqueue_and_trials(storage):
    study = make_study(storage)
    assert study.objectives == [("f1", "minimize"), ("f2", "minimize")]
    queued = study.enqueue({"x0": 0.5, "x1": 0.0, "x2": 0.0})
    trial = study.ask()
    assert trial.number == queued.number and trial.params == {"x0": 0.5, "x1": 0.0, "x2": 0.0}
    assert trial.state == "RUNNING" and trial.enqueued
    assert study.tell(trial, zdt1(trial.params))
    again = study.tell(trial, [1.0, 1.0])
    assert not again.recorded and again.why_not  # told already: a value, not an error
    failed = study.ask()
    assert study.tell(failed.number, state="fail", reason="out of memory")
    states = [t.state for t in study.trials]
    assert states == ["COMPLETE", "FAIL"]
    assert study.trial(1).error == "out of memory"
    assert study.trial(1).stderr_tail == ""  # only ecopt tune keeps a trial's stderr
    assert [t.number for t in study.best_trials] == [0]
    assert "Trial 0 COMPLETE" in repr(study.trials[0])
    assert "Study 's'" in repr(study)


def test_load_study_and_load_if_exists(storage):
    make_study(storage, name="again")
    assert ecopt.load_study("again", storage).name == "again"
    assert ecopt.create_study(name="again", storage=storage, space=small_space(),
                              objectives={"f1": "minimize", "f2": "minimize"},
                              sampler={"name": "random", "seed": 1}, load_if_exists=True)
    with pytest.raises(ValueError, match="different definition"):
        ecopt.create_study(name="again", storage=storage, space=small_space(2),
                           objectives={"f1": "minimize", "f2": "minimize"}, load_if_exists=True)


def test_create_from_study_file(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: fromfile\nparameters:\n  x: {type: int, low: 1, high: 4}\n"
                    "objectives:\n  - {name: loss, goal: minimize}\n"
                    "storage: sqlite:///" + str(tmp_path / "f.db") + "\n")
    study = ecopt.create_study(path)
    assert study.param_names == ["x"] and study.storage_url.endswith("f.db")
    trial = study.ask()
    assert isinstance(trial.params["x"], int)


def test_optimize_failures_metrics_dataframe_and_report(storage, tmp_path):
    study = make_study(storage)

    def objective(trial):
        if trial.number == 1:
            raise RuntimeError("boom in trial one")
        trial.report("extra", 3.0)
        trial.set_user_attr("note", {"k": [1, 2]})
        return zdt1(trial.params)

    summary = study.optimize(objective, n_trials=4)
    assert summary["completed"] == 3 and summary["failed"] == 1
    failed = study.trial(1)
    assert failed.state == "FAIL" and failed.failure_kind == "crashed"
    assert "boom in trial one" in failed.error and "RuntimeError" in failed.error
    done = study.trial(0)
    assert done.metrics["extra"] == 3.0 and done.user_attrs["note"] == {"k": [1, 2]}
    assert any(p.name == "total" for p in done.phases)
    study.optimize(objective, n_trials=2)  # n_trials: this many more
    assert len(study.trials) == 6
    frame = study.trials_dataframe()
    assert list(frame["number"]) == list(range(6))
    assert {"values_f1", "params_x0", "metrics_extra", "duration", "state",
            "stderr_tail"} <= set(frame.columns)
    paths = ecopt.report(study, str(tmp_path / "report"))
    assert sorted(os.path.basename(p) for p in paths) == ["report.html", "report.json", "report.md"]


def test_phases_give_derived_objectives(storage):
    study = ecopt.create_study(
        name="phases", storage=storage, space={"n": {"type": "int", "low": 1000, "high": 2000}},
        objectives={"accuracy": "maximize", "energy.inference.per_sample": "minimize"},
        sampler="random")

    def objective(trial):
        with trial.phase("train"):
            sum(i * i for i in range(20000))
        with trial.phase("inference") as phase:
            sum(i for i in range(trial.params["n"] * 10))
            phase.samples = trial.params["n"]
        assert phase.measurement.samples == trial.params["n"]
        return 0.5  # accuracy; the energy objective is measured

    assert study.optimize(objective, n_trials=2)["completed"] == 2
    for trial in study.trials:
        per_sample = trial.values[1]
        inference = next(p for p in trial.phases if p.name == "inference")
        assert per_sample == pytest.approx(inference.total_energy_j / inference.samples)
        assert trial.metrics["energy.inference.per_sample"] == per_sample
        assert "energy.inference.per_sample" in trial.metric_uncertainties
        assert {"train", "inference", "total"} <= {p.name for p in trial.phases}


def test_exceptions_carry_ecopt_messages(storage, tmp_path):
    with pytest.raises(ecopt.StudyFileError, match="high"):
        ecopt.create_study(name="bad", storage=storage, objectives={"f": "minimize"},
                           space={"x": {"type": "float", "low": 2, "high": "lots"}})
    with pytest.raises(ValueError):  # StudyFileError is a ValueError
        ecopt.create_study(name="bad", storage=storage, objectives={"f": "sideways"},
                           space={"x": {"type": "float", "low": 0, "high": 1}})
    with pytest.raises(ecopt.StorageError, match="nothere"):
        ecopt.load_study("nothere", storage)
    with pytest.raises(ecopt.StorageError):
        ecopt.load_study("x", "mysql://nowhere/db")
    study = make_study(storage)
    with pytest.raises(ecopt.StorageError, match="exists"):
        make_study(storage)
    trial = study.ask()
    with pytest.raises(ValueError, match="2"):
        study.tell(trial, [1.0])
    with pytest.raises(ValueError, match="finite"):
        study.tell(trial, [float("nan"), 1.0])
    with pytest.raises(ValueError, match="x0"):
        study.enqueue({"x0": 7.0})
    with pytest.raises(TypeError, match="x0"):
        study.enqueue({"x0": [1]})
    with pytest.raises(ValueError, match="state"):
        study.tell(trial, state="sideways")
    with pytest.raises(ValueError, match="jobs"):
        study.optimize(lambda t: [0, 0], n_trials=1, jobs=0)


def test_jobs_run_trials_at_once(storage):
    study = make_study(storage)
    assert study.optimize(lambda t: zdt1(t.params), n_trials=6, jobs=2)["completed"] == 6


def test_mobo_beats_random_search_on_zdt1(tmp_path):
    """MOBO's Pareto front after 24 trials dominates more of ZDT1's objective space than
    random search's (same budget, same seed), as in docs/benchmarks.md."""
    volumes = {}
    for sampler in ("random", "mobo"):
        study = make_study("sqlite:///" + str(tmp_path / (sampler + ".db")), name=sampler,
                           sampler=sampler, space=small_space(3))
        study.optimize(lambda t: zdt1(t.params), n_trials=24)
        volumes[sampler] = hypervolume_2d([t.values for t in study.best_trials], (1.1, 11.0))
    assert volumes["mobo"] > volumes["random"], volumes


def test_public_api_has_examples_and_stubs():
    """Every public name has a docstring with an example, and the .pyi stubs name every
    public attribute, so editors complete what the module has."""
    import re
    folder = os.path.dirname(ecopt.__file__)
    stubs = "".join(open(os.path.join(folder, f)).read() for f in ("_ecopt.pyi", "__init__.pyi"))
    for name in ecopt.__all__:
        obj = getattr(ecopt, name)
        assert ">>>" in (obj.__doc__ or ""), name + " has no example in its docstring"
        assert re.search(r"\b%s\b" % name, stubs), name + " is not in the stubs"
        if isinstance(obj, type) and not issubclass(obj, Exception):
            for attr in (a for a in dir(obj) if not a.startswith("_")):
                assert re.search(r"\b%s\b" % attr, stubs), name + "." + attr + " is not in the stubs"
