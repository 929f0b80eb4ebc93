"""A learning curve for the pruning tests: accuracy x * s / (s + 1) at steps 1 .. 8,
$STEP_SECONDS apart. With OBEY_PRUNE=1 it stops when ecopt asks (should_prune) and notes
the step in obeyed.log; otherwise it never looks, and SIGTERM stops it."""
import os
import sys
import time

from ecopt_client import metric, params, phase, report, should_prune

x = params()["x"]
obey = os.environ.get("OBEY_PRUNE") == "1"
pause_s = float(os.environ.get("STEP_SECONDS", "0.1"))
with phase("train"):
    for step in range(1, 9):
        report(step, accuracy=x * step / (step + 1))
        deadline = time.monotonic() + pause_s
        while time.monotonic() < deadline:
            if obey and should_prune():
                with open("obeyed.log", "a") as log:
                    log.write("%d\n" % step)
                sys.exit(0)
            time.sleep(0.01)
metric(accuracy=x * 8 / 9)
