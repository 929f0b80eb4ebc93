#!/usr/bin/env bash
# Runs that outlive the sampler's full-rate buffer (36,000 samples: 36 s at 1 ms) keep
# every window: `ecopt measure --interval 1ms -- sleep 60` succeeds, and an `ecopt tune`
# trial of 45 s at 1 ms records every phase it marked, each edge exact (no note of
# coarser resolution: the edges are pinned when they happen).
# Usage: long_trial_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"

# --- measure: 60 s at 1 kHz --------------------------------------------------------------
"$ecopt" measure --meter estimator --no-gpus --interval 1ms --json -- sleep 60 \
  2> measure.json || fail "measure: $(cat measure.json)"
python3 - measure.json <<'PY'
import json, sys
text = open(sys.argv[1]).read()
run = json.loads(text[text.index("{"):])["runs"][0]
total = run["total"]
assert 59.5 < total["duration_s"] < 70, total
assert total["energy_j"] >= 0 and total["uncertainty_j"] >= 0, total
PY

# --- tune: one trial of 45 s at 1 kHz, nine phases ---------------------------------------
cat > long.py <<'PY'
import time
from ecopt_client import metric, phase
for i in range(9):
    with phase("step%d" % i):
        time.sleep(5)
metric(accuracy=0.5)
PY
cat > long.yaml <<YAML
name: long
command: [python3, "$work/long.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.total, goal: minimize}
sampler: {name: random, seed: 1}
YAML
"$ecopt" tune long.yaml --trials 1 --interval 1ms --meter estimator --no-gpus > tune.log 2>&1 \
  || fail "tune: $(cat tune.log)"
"$ecopt" trials --study long --format json > trials.json
python3 - trials.json <<'PY'
import json, sys
trial = json.load(open(sys.argv[1]))[0]
assert trial["state"] == "COMPLETE", trial
phases = {p["phase"]: p for p in trial["phases"]}
assert set(phases) == {"step%d" % i for i in range(9)} | {"total"}, sorted(phases)
for name, p in phases.items():
    assert not p.get("notes"), (name, p.get("notes"))
    assert set(p["attribution"].values()) == {"whole"}, p["attribution"]
    if name != "total":
        assert 4.9 < p["duration_s"] < 6, (name, p["duration_s"])
assert phases["total"]["duration_s"] > 45, phases["total"]
PY
echo "long runs: OK"
