#!/usr/bin/env bash
# A worker whose PostgreSQL server goes away. On a private server (its own cluster in a
# temp dir, so other tests are not disturbed):
#   1. the server restarts while trials run: the worker reconnects, records every result,
#      and the study completes with no result lost;
#   2. the server stays down: the worker gives up after --give-up-after, writes the
#      finished results to its file and says where; once the server is back, a new worker
#      recovers the trials it left RUNNING and completes the study.
# Usage: worker_outage_test.sh ECOPT SOURCE_DIR. Skips (exit 77) without
# ECOPT_TEST_POSTGRES_URL (the sign that PostgreSQL is installed and usable here).
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
need_postgres
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
pg=("$source_dir/scripts/ci/start-postgres" --dir "$work/pg" --port "$port")
stop_pg=("$source_dir/scripts/ci/stop-postgres" --dir "$work/pg")
worker_pid=""
cleanup() {
  [ -z "$worker_pid" ] || kill -KILL "$worker_pid" 2>/dev/null || true
  "${stop_pg[@]}" --remove > /dev/null 2>&1 || true
}

url=$("${pg[@]}" 2>/dev/null | tail -1)
[ -n "$url" ] || fail "could not start a private PostgreSQL server"
url="$url?ecopt_retry_s=2"
cat > outage.yaml <<YAML
name: outage
command: [python3, "-c", "import time; from ecopt_client import metric, params; time.sleep(0.7); metric(accuracy=params()['x'])"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: sobol, seed: 1}
YAML
"$ecopt" study create outage.yaml --storage "$url" > /dev/null || fail "study create"

# --- 1. a restart in the middle ----------------------------------------------------------
"$ecopt" worker --study outage --storage "$url" --trials 10 --jobs 2 --meter estimator --no-gpus \
    --stale-after 20s --heartbeat 1s > worker1.log 2>&1 &
worker_pid=$!
sleep 2
"${stop_pg[@]}" 2>/dev/null
sleep 3   # longer than the storage's own retries (2 s): the worker must keep the results
"${pg[@]}" > /dev/null 2>&1 || fail "could not restart the server"
wait "$worker_pid" || fail "worker 1 exited $?: $(tail -20 worker1.log)"
worker_pid=""
grep -q "cannot use the storage" worker1.log || fail "the outage went unnoticed: $(cat worker1.log)"
grep -q "the storage works again" worker1.log || fail "no recovery message: $(cat worker1.log)"
"$ecopt" trials --study outage --storage "$url" --format json > trials1.json
python3 - trials1.json <<'PY'
import json, sys
trials = json.load(open(sys.argv[1]))
complete = [t for t in trials if t["state"] == "COMPLETE"]
assert len(complete) == 10, [(t["number"], t["state"], t["error"]) for t in trials]
assert all(t["state"] == "COMPLETE" for t in trials), [(t["number"], t["state"], t["error"]) for t in trials]
for t in complete:
    assert t["values"]["accuracy"] == t["params"]["x"], t
    assert len([p for p in t["phases"] if p["phase"] == "total"]) == 1, t["phases"]  # written once
PY

# --- 2. the server stays down: give up, keep the results in a file ---------------------------
"$ecopt" worker --study outage --storage "$url" --trials 14 --jobs 2 --meter estimator --no-gpus \
    --stale-after 4s --heartbeat 1s --give-up-after 3s > worker2.log 2>&1 &
worker_pid=$!
sleep 1.5
"${stop_pg[@]}" 2>/dev/null
set +e
wait "$worker_pid"
status=$?
set -e
worker_pid=""
[ "$status" -ne 0 ] || fail "worker 2 succeeded without its storage: $(cat worker2.log)"
file=runs/outage/unrecorded-results.jsonl
grep -q "wrote [0-9]* unrecorded trial result(s) to $file" worker2.log || fail "no word of the file: $(cat worker2.log)"
python3 - "$file" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines, "no result written"
for r in lines:
    assert r["study"] == "outage" and r["storage"].startswith("postgresql://ecopt:***@"), r
    assert r["state"] in ("COMPLETE", "FAIL"), r
    if r["state"] == "COMPLETE":
        assert r["values"] == [r["params"]["x"]], r
        assert [p for p in r["phases"] if p["phase"] == "total"], r
PY
"${pg[@]}" > /dev/null 2>&1 || fail "could not restart the server"
"$ecopt" worker --study outage --storage "$url" --trials 14 --meter estimator --no-gpus \
    --stale-after 4s --heartbeat 1s --quiet > worker3.log 2>&1 || fail "worker 3: $(cat worker3.log)"
"$ecopt" trials --study outage --storage "$url" --format json | python3 -c "
import json, sys
trials = json.load(sys.stdin)
assert len([t for t in trials if t['state'] == 'COMPLETE']) == 14, [(t['number'], t['state'], t['error']) for t in trials]
assert not [t for t in trials if t['state'] in ('RUNNING', 'WAITING')], trials
"
echo "1 passed, 0 failed"
