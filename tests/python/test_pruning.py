"""Pruning and run.timeout in-process: trial.report(step, values) is judged by the
study's pruner as a trial process's report is, trial.should_prune() tells the function,
and the trial is recorded PRUNED (or FAIL timeout) with its curve and energy."""
import time

from conftest import make_study


def wait_for_prune(trial, limit_s=60.0):
    """The function's side: stop at should_prune() (bounded, so a bug cannot hang)."""
    deadline = time.monotonic() + limit_s
    while not trial.should_prune() and time.monotonic() < deadline:
        time.sleep(0.01)
    return trial.should_prune()


def test_the_pruner_stops_an_in_process_trial(storage):
    study = make_study(storage, pruner={"name": "median", "startup_trials": 1})
    seen = {}

    def objective(trial):
        if trial.number == 0:
            for step in (1, 2, 3):
                trial.report(step, {"f1": 0.1})
            return [0.1, 0.1]
        trial.report(1, {"f1": 0.9})  # worse than trial 0's 0.1 at step 1: pruned
        seen["at_once"] = trial.should_prune()  # report waited for its step's verdict
        seen["prune"] = wait_for_prune(trial)
        seen["stop"] = trial.should_stop
        return None

    summary = study.optimize(objective, n_trials=2)
    assert seen == {"at_once": True, "prune": True, "stop": True}
    assert summary["completed"] == 1 and summary["pruned"] == 1
    pruned = study.trial(1)
    assert pruned.state == "PRUNED" and pruned.failure_kind == "pruned"
    assert pruned.intermediate[1]["f1"] == 0.9
    assert pruned.intermediate[1]["energy.total"] >= 0  # the energy so far, as for a process
    assert "total" in {p.name for p in pruned.phases}
    assert study.trial(0).state == "COMPLETE"


def test_run_timeout_fails_a_trial_that_overruns(storage):
    study = make_study(storage, run={"timeout": "0.05s"})
    seen = {}

    def objective(trial):
        seen["told"] = wait_for_prune(trial)  # should_prune() once the deadline passed
        return [0.5, 0.5]                     # returned late: recorded as timed out anyway

    summary = study.optimize(objective, n_trials=1)
    assert seen["told"]
    assert summary["failed"] == 1
    trial = study.trial(0)
    assert trial.state == "FAIL" and trial.failure_kind == "timeout"
    assert "in-process" in trial.error
    assert len(study.trials) == 1  # not re-queued, unlike an interrupted trial


def test_report_checks_its_values(storage):
    study = make_study(storage)
    errors = []

    def objective(trial):
        try:
            trial.report(1, {"f1": float("nan")})
        except ValueError as e:
            errors.append(str(e))
        return [0.5, 0.5]

    study.optimize(objective, n_trials=1)
    assert errors and "finite" in errors[0]
