#!/usr/bin/env bash
# What `ecopt tune` guarantees about processes and files:
#   1. what a trial leaves in its process group is stopped when the trial ends;
#   2. after SIGKILL of `ecopt tune`, its running trial dies too;
#   3. an unwritable runs_dir fails tune before any trial runs;
#   4. the same study name in two storages keeps both runs' logs;
#   5. a trial that reports 100,000 steps: capped, with a warning, and recorded;
#   6. a read-only database file: tune gives up after --give-up-after instead of retrying
#      forever (as a non-root user: root writes read-only files).
# Usage: guard_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
tune_pid=""
cleanup() {
  [ -z "$tune_pid" ] || kill -KILL "$tune_pid" 2>/dev/null || true
}
# Running, that is: not gone and not a zombie waiting for a parent that does not reap.
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
trial_study() {  # NAME PYTHON_CODE [RUN_OPTIONS]
  cat > "$1.yaml" <<YAML
name: $1
command: [python3, "$work/$1.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
run: {kill_grace: 1s${3:+, $3}}
YAML
  printf '%s\n' "$2" > "$1.py"
}

# --- 1. a grandchild left in the trial's process group ---------------------------------
trial_study leftover 'import subprocess, os
from ecopt_client import metric
p = subprocess.Popen(["sleep", "300"])
open(os.environ["PID_FILE"], "w").write(str(p.pid))
metric(accuracy=1.0)'
PID_FILE=$work/grandchild.pid "$ecopt" tune leftover.yaml --trials 1 --meter estimator --no-gpus --quiet > tune1.log 2>&1 ||
  fail "tune 1: $(cat tune1.log)"
grandchild=$(cat grandchild.pid)
for _ in $(seq 50); do alive "$grandchild" || break; sleep 0.1; done
alive "$grandchild" && { kill -KILL "$grandchild"; fail "the trial's grandchild $grandchild outlived it"; }

# --- 2. SIGKILL of tune takes its trial with it -----------------------------------------
trial_study orphan 'import os, time
open(os.environ["PID_FILE"], "w").write(str(os.getpid()))
time.sleep(300)'
PID_FILE=$work/trial.pid "$ecopt" tune orphan.yaml --trials 1 --meter estimator --no-gpus --quiet > tune2.log 2>&1 &
tune_pid=$!
for _ in $(seq 100); do [ -s trial.pid ] && break; sleep 0.1; done
[ -s trial.pid ] || fail "the trial did not start: $(cat tune2.log)"
kill -KILL "$tune_pid"
{ wait "$tune_pid"; } 2>/dev/null || true
tune_pid=""
trial=$(cat trial.pid)
for _ in $(seq 50); do alive "$trial" || break; sleep 0.1; done
alive "$trial" && { kill -KILL "$trial"; fail "trial $trial outlived its runner"; }

# --- 3. an unwritable runs_dir fails up front -------------------------------------------
echo "a file" > not-a-folder
trial_study nowhere 'from ecopt_client import metric
metric(accuracy=1.0)' "runs_dir: $work/not-a-folder/runs"
if "$ecopt" tune nowhere.yaml --trials 3 --meter estimator --no-gpus --quiet > tune3.log 2>&1; then
  fail "tune ran with an unwritable runs_dir: $(cat tune3.log)"
fi
grep -q "cannot create the trial output folder $work/not-a-folder/runs/nowhere/" tune3.log ||
  fail "no clear message: $(cat tune3.log)"
grep -q "run.runs_dir" tune3.log || fail "no fix named: $(cat tune3.log)"
[ "$("$ecopt" trials --study nowhere --format csv 2>/dev/null | wc -l)" -le 1 ] || fail "trials ran"

# --- 4. one study name, two storages: both logs kept ------------------------------------
trial_study twice 'import sys
from ecopt_client import metric
print("run of", sys.argv[0])
metric(accuracy=1.0)'
for db in a b; do
  "$ecopt" tune twice.yaml --storage "sqlite:///$db.db" --trials 1 --meter estimator --no-gpus --quiet > "tune4$db.log" 2>&1 ||
    fail "tune 4$db: $(cat "tune4$db.log")"
done
logs=$(find runs/twice -path '*/0/stdout.log' | wc -l)
[ "$logs" -eq 2 ] || fail "expected two trial-0 logs, found $logs: $(find runs/twice)"

# --- 5. 100,000 reports -----------------------------------------------------------------
trial_study chatty 'import os
from ecopt_client import metric
data = "".join("{\"report\": {\"step\": %d, \"values\": {\"loss\": %d}}}\n" % (s, s)
               for s in range(100000)).encode()
fd = int(os.environ["ECOPT_FD"])
while data:
    data = data[os.write(fd, data):]
metric(accuracy=1.0)'
"$ecopt" tune chatty.yaml --trials 1 --meter estimator --no-gpus > tune5.log 2>&1 || fail "tune 5: $(cat tune5.log)"
grep -q "more than 10000 steps" tune5.log || fail "no warning about the cap: $(cat tune5.log)"
"$ecopt" trials --study chatty --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)[0]
assert t['state'] == 'COMPLETE', t['state']
assert len(t['intermediate']) == 10000, len(t['intermediate'])
" || fail "intermediate values"

# --- 6. a read-only database file -------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && ! command -v setpriv > /dev/null; then
  echo "SKIP part 6: root without setpriv"
else
  as_user=()
  [ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups --)
  mkdir ro && chmod 777 ro
  trial_study readonly 'from ecopt_client import metric
metric(accuracy=1.0)'
  cp readonly.yaml readonly.py ro/
  (cd ro && "$ecopt" study create readonly.yaml --storage sqlite:///s.db > /dev/null) || fail "study create"
  chmod 444 ro/s.db
  status=0
  (cd ro && timeout 60 "${as_user[@]}" "$ecopt" tune readonly.yaml --storage sqlite:///s.db --trials 2 \
     --meter estimator --no-gpus --give-up-after 3s > ../tune6.log 2>&1) || status=$?
  [ "$status" -ne 124 ] || fail "tune retried a read-only database for a minute: $(tail -5 tune6.log)"
  [ "$status" -ne 0 ] || fail "tune succeeded on a read-only database: $(cat tune6.log)"
  grep -q "gave up on the storage" tune6.log || fail "no give-up message: $(cat tune6.log)"
fi
echo "guard: all passed"
