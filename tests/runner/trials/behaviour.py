"""A trial whose behaviour is chosen by its trial number, for ecopt's runner tests.

Trial 0 succeeds, 1 exits with status 3, 2 hangs (timeout), 3 prints garbage and reports
no objective, 4 crashes with SIGSEGV, 5 reports nothing; later ones succeed.
"""
import os
import signal
import sys
import time

from ecopt_client import metric, phase, params

number = int(os.environ["ECOPT_TRIAL"])
x = params()["x"]
if number == 1:
    print("about to fail", file=sys.stderr)
    sys.stderr.flush()
    sys.stderr.buffer.write(b"bytes that are not UTF-8: \xff\xfe\n")
    sys.exit(3)
if number == 2:
    time.sleep(60)
if number == 3:
    os.write(int(os.environ["ECOPT_FD"]), b"\x00\xffnot json {{{\n" * 3)
    print("ecopt: {broken")
    sys.exit(0)
if number == 4:
    os.kill(os.getpid(), signal.SIGSEGV)
if number == 5:
    sys.exit(0)
with phase("train"):
    t = time.process_time()
    while time.process_time() - t < 0.05:
        pass
with phase("inference", samples=100):
    time.sleep(0.02)
metric(accuracy=1.0 - abs(x - 0.3))
