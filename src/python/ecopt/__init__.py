"""ecopt in Python: in-process studies, energy windows around any code, reports.

The C++ core (the extension ``ecopt._ecopt``) does the work; this package adds the parts
that are plain Python: ``create_study`` from a dict, and ``trials_dataframe``.

>>> import ecopt
>>> study = ecopt.create_study(
...     name="zdt1", storage="sqlite:///zdt1.db",
...     space={"x1": {"type": "float", "low": 0, "high": 1},
...            "x2": {"type": "float", "low": 0, "high": 1}},
...     objectives={"f1": "minimize", "f2": "minimize"})
>>> study.optimize(lambda t: zdt1(t.params), n_trials=30)
>>> study.best_trials          # the Pareto set
"""
import json
import os

from ._ecopt import (  # noqa: F401  (re-exported)
    ActiveTrial,
    Measurement,
    Monitor,
    StorageError,
    Study,
    StudyFileError,
    TellResult,
    Trial,
    Window,
    __version__,
    _create_study,
    load_study,
    report,
)

__all__ = [
    "ActiveTrial", "Measurement", "Monitor", "StorageError", "Study", "StudyFileError",
    "TellResult", "Trial", "Window", "create_study", "load_study", "report",
    "trials_dataframe",
]


def _objectives_list(objectives):
    if isinstance(objectives, dict):
        return [{"name": name, "goal": goal} for name, goal in objectives.items()]
    return [{"name": o, "goal": "minimize"} if isinstance(o, str) else dict(o) for o in objectives]


def create_study(study_file=None, *, name=None, space=None, objectives=None, constraints=None,
                 sampler=None, budget=None, pruner=None, run=None, reference_point=None,
                 description=None, storage=None, load_if_exists=False):
    """Creates a study, from a study file or from the same keys given here, and stores it.

    study_file: a study file's path (YAML, docs/study-file.md); or, without it:
    name, space (the file's ``parameters``: ``{"lr": {"type": "float", "low": 1e-4,
    "high": 0.1, "log": True}}``), objectives (``{"accuracy": "maximize",
    "energy.inference.per_sample": "minimize"}``, or a list of ``{"name", "goal"}``),
    constraints (``["accuracy >= 0.8"]``), sampler (``"mobo"`` or ``{"name": "mobo",
    "seed": 1}``), budget, pruner (``"median"`` or ``{"name": "mo-asha", "eta": 3}``,
    docs/pruning.md), run (the file's ``run`` keys that apply in-process, such as
    ``{"timeout": "10m"}``), reference_point, description. Every key is checked as in a
    study file: StudyFileError (a ValueError) names the key and the fix.

    storage: a URL as the CLI takes; default: the file's ``storage``, else
    $ECOPT_STORAGE, else sqlite:///NAME.db. The CLI reads the study as any other.
    load_if_exists: open the study when one of that name exists with this definition.

    >>> study = ecopt.create_study(name="cnn", space={"width": {"type": "int", "low": 4,
    ...     "high": 64, "log": True}}, objectives={"accuracy": "maximize",
    ...     "energy.inference.per_sample": "minimize"}, sampler={"name": "mobo", "seed": 0})
    """
    if study_file is not None:
        if name is not None or space is not None or objectives is not None:
            raise ValueError("create_study: give a study file or name/space/objectives, not both")
        return _create_study(os.fspath(study_file), "", storage or "", load_if_exists)
    if name is None or space is None or objectives is None:
        raise ValueError("create_study: give a study file, or name, space and objectives")
    definition = {"name": name, "parameters": space, "objectives": _objectives_list(objectives)}
    if sampler is not None:
        definition["sampler"] = {"name": sampler} if isinstance(sampler, str) else sampler
    if pruner is not None:
        definition["pruner"] = {"name": pruner} if isinstance(pruner, str) else pruner
    for key, value in (("constraints", constraints), ("budget", budget), ("run", run),
                       ("reference_point", reference_point), ("description", description)):
        if value is not None:
            definition[key] = value
    text = json.dumps(definition, indent=1)
    return _create_study(text, "create_study(" + name + ")", storage or "", load_if_exists)


def trials_dataframe(study):
    """The study's trials as a pandas DataFrame (needs pandas: python3-pandas).

    One row per trial: number, state, values_NAME per objective, params_NAME per
    parameter, metrics_NAME per recorded metric (reported and derived, such as
    metrics_energy.inference.per_sample), datetime_start, datetime_complete, duration,
    failure_kind, error.

    >>> df = study.trials_dataframe()
    >>> df[df.state == "COMPLETE"].sort_values("values_accuracy").tail(3)
    """
    import pandas as pd  # only here: the rest of the module does not need pandas

    names = [name for name, _ in study.objectives]
    rows = []
    for t in study.trials:
        row = {"number": t.number, "state": t.state}
        for i, name in enumerate(names):
            row["values_" + name] = t.values[i] if i < len(t.values) else None
        row.update({"params_" + k: v for k, v in t.params.items()})
        row.update({"metrics_" + k: v for k, v in t.metrics.items()})
        start, end = t.started_unix_s, t.finished_unix_s
        row["datetime_start"] = pd.to_datetime(start, unit="s") if start is not None else pd.NaT
        row["datetime_complete"] = pd.to_datetime(end, unit="s") if end is not None else pd.NaT
        row["duration"] = (pd.Timedelta(seconds=end - start)
                           if start is not None and end is not None else pd.NaT)
        row["failure_kind"] = t.failure_kind
        row["error"] = t.error
        row["stderr_tail"] = t.stderr_tail
        rows.append(row)
    return pd.DataFrame(rows)


Study.trials_dataframe = trials_dataframe
