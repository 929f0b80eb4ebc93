#!/usr/bin/env bash
# Workers on PostgreSQL that die: 6 `ecopt worker`s share a 120-trial budget while this
# script SIGKILLs workers at random and starts new ones. At the end there must be exactly
# 120 COMPLETE trials, each with the result its trial process computed, no trial left
# RUNNING or WAITING, and every trial a killed worker held failed as stale and re-queued.
# Usage: worker_kill_test.sh ECOPT SOURCE_DIR. Skips (exit 77) without
# ECOPT_TEST_POSTGRES_URL.
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
need_postgres
fail() { echo "FAIL: $*" >&2; tail -20 worker-*.log >&2 || true; exit 1; }

postgres_database ecopt_kill
url=$database_url

# A fast trial that logs what it computed, so every recorded value can be traced to a run.
cat > trial.py <<'PY'
import os, random, time
from ecopt_client import metric, params
x = params()["x"]
time.sleep(random.uniform(0.05, 0.3))
accuracy = round(1.0 - abs(x - 0.3), 12)
with open("ran.log", "a") as log:
    log.write("%s %r\n" % (os.environ["ECOPT_TRIAL"], accuracy))
metric(accuracy=accuracy)
PY
cat > kill.yaml <<YAML
name: kill
command: [python3, "$work/trial.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: random, seed: 4}
budget: {trials: 120}
YAML
"$ecopt" study create kill.yaml --storage "$url" > /dev/null || fail "study create"

start_worker() {  # slot
  "$ecopt" worker --study kill --storage "$url" --meter estimator --no-gpus --quiet \
      --stale-after 3s --heartbeat 0.5s >> "worker-$1.log" 2>&1 &
  pids[$1]=$!
}
for slot in 0 1 2 3 4 5; do start_worker $slot; done

complete() { psql -X -tA "$url" -c "SELECT count(*) FROM trials WHERE state = 'COMPLETE'"; }
kills=0
deadline=$((SECONDS + 240))
while [ $kills -lt 8 ] && [ "$(complete)" -lt 100 ] && [ $SECONDS -lt $deadline ]; do
  sleep "$(python3 -c 'import random; print(random.uniform(0.5, 1.5))')"
  slot=$((RANDOM % 6))
  if kill -0 "${pids[$slot]}" 2>/dev/null; then
    kill -KILL "${pids[$slot]}"
    wait "${pids[$slot]}" 2>/dev/null || true
    kills=$((kills + 1))
    echo "killed worker in slot $slot (kill $kills, $(complete) complete)"
    start_worker $slot
  fi
done
[ $kills -ge 3 ] || fail "only $kills workers were killed before the study finished; the test proves little"
for slot in 0 1 2 3 4 5; do
  while kill -0 "${pids[$slot]}" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
  kill -0 "${pids[$slot]}" 2>/dev/null && fail "worker in slot $slot still running after the deadline"
  wait "${pids[$slot]}" || fail "worker in slot $slot exited with status $?: $(tail -5 worker-$slot.log)"
done

"$ecopt" trials --study kill --storage "$url" --format json > trials.json
python3 - trials.json ran.log "$kills" <<'PY'
import collections, json, sys
trials = json.load(open(sys.argv[1]))
kills = int(sys.argv[3])
ran = collections.defaultdict(set)
for line in open(sys.argv[2]):
    number, accuracy = line.split()
    ran[int(number)].add(float(accuracy))
states = collections.Counter(t["state"] for t in trials)
complete = [t for t in trials if t["state"] == "COMPLETE"]
assert len(complete) == 120, states
assert not [t for t in trials if t["state"] in ("RUNNING", "WAITING")], states
numbers = [t["number"] for t in trials]
assert len(numbers) == len(set(numbers)), "duplicate trial numbers"
for t in complete:  # the value recorded is the one that trial's process computed
    assert t["values"]["accuracy"] in ran[t["number"]], (t["number"], t["values"], ran[t["number"]])
    assert t["host"] and t["worker_id"].startswith("pid-"), t
    assert t["user_attrs"]["meter"] == "estimator", t["user_attrs"]
    assert any(p["phase"] == "total" and p["meter"] == "estimator" for p in t["phases"]), t
failed = [t for t in trials if t["state"] == "FAIL"]
retried = {t["user_attrs"].get("retry_of") for t in trials}
for t in failed:  # only killed workers' trials fail, and each is re-queued
    assert t["error"].startswith("stale: no heartbeat"), t["error"]
    assert "re-queued" in t["error"], t["error"]
    assert t["number"] in retried, ("not re-queued", t["number"])
assert len(failed) <= kills, (len(failed), kills)
print("%d trials: %s; %d workers killed, %d of their trials re-queued" % (len(trials), dict(states), kills, len(failed)))
PY
echo "1 passed, 0 failed"
