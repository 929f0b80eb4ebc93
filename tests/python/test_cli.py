"""One storage, two front ends: a study made in Python is read by the ecopt CLI, and a
study made by the CLI is read (and continued) by Python."""
import json
import subprocess

import ecopt
from conftest import make_study, zdt1


def run(cli, *args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout


def test_python_study_read_by_cli(cli, storage):
    study = make_study(storage, name="frompy")
    study.optimize(lambda t: zdt1(t.params), n_trials=3)
    rows = json.loads(run(cli, "trials", "--study", "frompy", "--storage", storage,
                          "--format", "json"))
    trials = rows["trials"] if isinstance(rows, dict) else rows
    assert len(trials) == 3
    assert [t["number"] for t in trials] == [0, 1, 2]
    assert trials[0]["values"] == dict(zip(["f1", "f2"], study.trial(0).values))
    # and the CLI continues it: ask/tell by hand, seen by Python
    asked = json.loads(run(cli, "ask", "--study", "frompy", "--storage", storage,
                           "--format", "json"))
    run(cli, "tell", "--study", "frompy", "--storage", storage, "--trial",
        str(asked["number"]), "--values", "0.5", "0.5")
    assert ecopt.load_study("frompy", storage).trial(3).values == [0.5, 0.5]


def test_cli_study_read_by_python(cli, tmp_path, storage):
    path = tmp_path / "c.yaml"
    path.write_text("name: fromcli\nparameters:\n  x: {type: float, low: 0, high: 1}\n"
                    "objectives:\n  - {name: loss, goal: minimize}\n"
                    "sampler: {name: random, seed: 3}\n")
    run(cli, "study", "create", str(path), "--storage", storage)
    asked = json.loads(run(cli, "ask", "--study", "fromcli", "--storage", storage,
                           "--format", "json"))
    run(cli, "tell", "--study", "fromcli", "--storage", storage, "--trial",
        str(asked["number"]), "--values", "0.25")
    study = ecopt.load_study("fromcli", storage)
    assert [t.values for t in study.trials] == [[0.25]]
    assert study.trials[0].params == asked["params"]
    study.optimize(lambda t: (t.params["x"] - 0.3) ** 2, n_trials=2)
    assert [t.state for t in study.trials] == ["COMPLETE"] * 3
