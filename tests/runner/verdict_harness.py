"""Plays the runner for a client's back channel (docs/protocol.md): starts COMMAND with
$ECOPT_FD, $ECOPT_PRUNE_FD and $ECOPT_VERDICT_WAIT_S, answers each report with a verdict
(a continue before PRUNE_STEP, a prune at it; none for steps listed as SILENT), and
prints the command's stdout. A client that reads the verdict for its own step stops at
PRUNE_STEP exactly; one that hears it a report late stops one step later.

    verdict_harness.py PRUNE_STEP SILENT_STEPS WAIT_S COMMAND...   (SILENT_STEPS: "2,5" or "")
"""
import json
import os
import socket
import subprocess
import sys

prune_step = int(sys.argv[1])
silent = {int(s) for s in sys.argv[2].split(",") if s}
wait_s, command = sys.argv[3], sys.argv[4:]
read_fd, write_fd = os.pipe()
runner_end, trial_end = socket.socketpair()
env = dict(os.environ, ECOPT_FD=str(write_fd), ECOPT_PRUNE_FD=str(trial_end.fileno()),
           ECOPT_VERDICT_WAIT_S=wait_s)
trial = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True,
                         pass_fds=(write_fd, trial_end.fileno()))
os.close(write_fd)
trial_end.close()
with os.fdopen(read_fd, "rb") as messages:
    for line in messages:
        step = json.loads(line).get("report", {}).get("step")
        if step is None or step in silent:
            continue
        verdict = {"prune": True} if step >= prune_step else {"step": step, "verdict": "continue"}
        try:
            runner_end.sendall((json.dumps(verdict) + "\n").encode())
        except OSError:
            pass  # the trial closed its end
sys.stdout.write(trial.communicate(timeout=120)[0])
sys.exit(trial.returncode)
