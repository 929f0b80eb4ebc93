"""Ctrl-C in Study.optimize: SIGINT to a process running optimize stops it cleanly (the
running trial recorded as interrupted and re-queued, KeyboardInterrupt raised), and a
second optimize resumes with the re-queued parameters."""
import signal
import subprocess
import sys
import textwrap

import ecopt

SCRIPT = textwrap.dedent("""
    import sys, time
    import ecopt
    study = ecopt.create_study(name="ctrlc", storage=sys.argv[1], sampler="random",
                               space={"x": {"type": "float", "low": 0, "high": 1}},
                               objectives={"loss": "minimize"})
    def objective(trial):
        print("started", trial.number, flush=True)
        if trial.number < 2:
            return trial.params["x"]
        while True:          # the third trial runs until Ctrl-C
            time.sleep(0.02)
    try:
        study.optimize(objective, n_trials=10)
    except KeyboardInterrupt:
        print("KeyboardInterrupt", flush=True)
        sys.exit(3)
""")


def test_ctrl_c_stops_cleanly_and_the_study_resumes(tmp_path, storage):
    script = tmp_path / "run.py"
    script.write_text(SCRIPT)
    proc = subprocess.Popen([sys.executable, str(script), storage], stdout=subprocess.PIPE,
                            text=True)
    for line in proc.stdout:
        if line.strip() == "started 2":
            break
    proc.send_signal(signal.SIGINT)
    rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 3 and "KeyboardInterrupt" in rest
    study = ecopt.load_study("ctrlc", storage)
    states = [(t.state, t.failure_kind) for t in study.trials]
    assert states == [("COMPLETE", "none"), ("COMPLETE", "none"), ("FAIL", "interrupted"),
                      ("WAITING", "none")]
    interrupted, requeued = study.trials[2], study.trials[3]
    assert requeued.params == interrupted.params
    study.optimize(lambda t: t.params["x"], n_trials=1)
    resumed = study.trial(3)
    assert resumed.state == "COMPLETE" and resumed.values == [requeued.params["x"]]
