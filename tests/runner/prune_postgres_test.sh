#!/usr/bin/env bash
# Pruning with two `ecopt worker`s sharing one PostgreSQL study (docs/pruning.md): asha
# judges each trial against every trial that reached the rung, whichever worker ran it.
# Worker A first runs three good trials; then B runs a poor one: with startup_trials 3, it
# can only be judged, and pruned, against A's rungs, as B has run nothing before it. Then
# A and B run three more poor ones at once.
# Usage: prune_postgres_test.sh ECOPT SOURCE_DIR. Skips (exit 77) without
# ECOPT_TEST_POSTGRES_URL.
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
need_postgres
postgres_database ecopt_prune
url=$database_url

cat > shared.yaml <<YAML
name: shared
command: [python3, "$source_dir/tests/runner/trials/curve.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: sobol, seed: 1}
pruner: {name: asha, eta: 3, min_steps: 1, startup_trials: 3, grace: 0.2s}
run: {env: {OBEY_PRUNE: "1", STEP_SECONDS: "0.3"}, kill_grace: 1s}
YAML
"$ecopt" study create shared.yaml --storage "$url" > /dev/null || fail "study create"
enqueue() { "$ecopt" enqueue --study shared --storage "$url" --params "{\"x\": $1}" > /dev/null; }
worker() {  # NAME TRIALS
  "$ecopt" worker --study shared --storage "$url" --trials "$2" --meter estimator --no-gpus \
    --quiet >> "$1.log" 2>&1
}

for x in 0.9 0.8 0.7; do enqueue $x; done
worker a 3 || fail "worker a alone: $(cat a.log)"
enqueue 0.1
worker b 4 || fail "worker b alone: $(cat b.log)"
for x in 0.05 0.02 0.01; do enqueue $x; done
worker a 7 & pids+=($!)
worker b 7 & pids+=($!)
wait "${pids[0]}" || fail "worker a: $(cat a.log)"
wait "${pids[1]}" || fail "worker b: $(cat b.log)"
pids=()

"$ecopt" trials --study shared --storage "$url" --format json > trials.json
python3 - trials.json <<'PY'
import json, re, sys
trials = sorted(json.load(open(sys.argv[1])), key=lambda t: t["number"])
states = [(t["number"], t["params"]["x"], t["state"], t["worker_id"]) for t in trials]
assert len(trials) == 7, states
first_worker = trials[0]["worker_id"]
assert all(t["state"] == "COMPLETE" and t["worker_id"] == first_worker for t in trials[:3]), states
assert trials[3]["worker_id"] != first_worker, states
# Every poor trial is pruned at the first rung: worse than the three good ones.
for t in trials[3:]:
    assert t["state"] == "PRUNED", states
    m = re.search(r"at rung step 1 it ranks (\d+) of (\d+)", t["error"])
    assert m and int(m.group(2)) >= 4, t["error"]
# The second worker's first trial (number 3) had no trial of its own worker before it: the
# three others its decision needed (startup_trials) were the first worker's.
assert re.search(r"ranks 4 of 4", trials[3]["error"]), trials[3]["error"]
PY
echo "prune_postgres_test: ok"
