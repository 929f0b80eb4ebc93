"""A well-behaved trial: CPU-bound training, a timed inference, an accuracy. Its duration
comes from $TRIAL_SECONDS (default 0.2). Checks that its argv label matches its params."""
import os
import sys
import time

from ecopt_client import attrs, metric, phase, params, report

p = params()
if len(sys.argv) > 2 and sys.argv[1] == "--label" and sys.argv[2] != p["label"]:
    print("argv %r does not match params %r" % (sys.argv, p), file=sys.stderr)
    sys.exit(9)
seconds = float(os.environ.get("TRIAL_SECONDS", "0.2"))
with phase("train"):
    t = time.process_time()
    while time.process_time() - t < seconds:
        pass
report(1, loss=0.5)
with phase("inference") as info:
    time.sleep(seconds / 4)
    info["samples"] = 50
attrs(params=1000 + int(100 * p["x"]))
metric(accuracy=1.0 - abs(p["x"] - 0.3))
