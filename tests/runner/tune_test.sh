#!/usr/bin/env bash
# `ecopt tune` end to end with real trial programs (Python through the client, and C++).
# Usage: tune_test.sh ECOPT CPP_TRIAL SOURCE_DIR
set -euo pipefail
ecopt=$1
cpp_trial=$2
source_dir=$3
trials="$source_dir/tests/runner/trials"
. "$(dirname "$0")/../lib.sh"
query() { python3 - "$@"; }
# A trial's output folder: runs/STUDY/KEY/NUMBER (KEY: the storage and study, hashed).
trial_dir() { local d; for d in runs/"$1"/*/"$2"; do echo "$d"; return; done; }

# --- 1. phases recorded, failures of every kind, the study goes on -------------------
# The timeout (8 s) is far under trial 2's 60 s hang but well over a healthy trial's Python
# start-up on a loaded machine: at 2 s, healthy trials timed out when the suite ran at -j2
# beside other builds.
cat > behaviour.yaml <<YAML
name: behaviour
command: [python3, "$trials/behaviour.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: sobol, seed: 1}
run: {timeout: 8s, kill_grace: 1s}
YAML
"$ecopt" tune behaviour.yaml --trials 7 --meter estimator --no-gpus > tune1.log 2>&1 || fail "tune 1: $(cat tune1.log)"
"$ecopt" trials --study behaviour --format json > trials1.json
query trials1.json <<'PY'
import json, sys
trials = {t["number"]: t for t in json.load(open(sys.argv[1]))}
assert len(trials) == 7, trials.keys()
ok = trials[0]
assert ok["state"] == "COMPLETE", ok
phases = {p["phase"] for p in ok["phases"]}
assert phases == {"train", "inference", "total"}, phases
inference = [p for p in ok["phases"] if p["phase"] == "inference"][0]
assert inference["samples"] == 100 and inference["estimated"] is True
assert abs(ok["values"]["energy.inference.per_sample"] - inference["total_energy_j"] / 100) < 1e-12
expect = {1: "exit status 3", 2: "timed out after 8 s", 3: "did not report objective 'accuracy'",
          4: "killed by SIGSEGV", 5: "did not report objective 'accuracy'"}
for n, text in expect.items():
    assert trials[n]["state"] == "FAIL", (n, trials[n]["state"])
    assert text in trials[n]["error"], (n, trials[n]["error"])
# The stderr tail in its own field, the reason alone, bytes that are not UTF-8 replaced.
assert trials[1]["error"] == "exit status 3", trials[1]["error"]
assert trials[1]["stderr_tail"] == "about to fail\nbytes that are not UTF-8: \ufffd\ufffd\n", trials[1]["stderr_tail"]
assert trials[0]["stderr_tail"] == "", trials[0]
assert trials[6]["state"] == "COMPLETE"
PY
"$ecopt" trials --study behaviour > trials1.txt
grep -q "last line of stderr" trials1.txt && grep -q "bytes that are not UTF-8" trials1.txt ||
  fail "trials table without the stderr column: $(cat trials1.txt)"
[ -f "$(trial_dir behaviour 0)/stdout.log" ] || fail "trial output directory: $(find runs)"
[ -f "$(trial_dir behaviour 1)/stderr.log" ] || fail "stderr log"
grep -q "protocol: not a JSON object" tune1.log || fail "garbage not reported: $(cat tune1.log)"
grep -q "results: sqlite:///behaviour.db" tune1.log || fail "results location: $(tail -3 tune1.log)"

# --- 2. arguments with spaces and quotes reach the trial exactly ----------------------
cat > args.yaml <<YAML
name: args
command: [python3, "$trials/steady.py", --label, "{label}"]
parameters:
  x: {type: float, low: 0, high: 1}
  label: {type: categorical, choices: ["two words", "say \"hi\"", "\$HOME;ls"]}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: sobol, seed: 2}
run: {env: {TRIAL_SECONDS: "0.02"}}
YAML
"$ecopt" tune args.yaml --trials 6 --meter estimator --no-gpus --quiet > tune2.log 2>&1 || fail "tune 2: $(cat tune2.log)"
[ "$("$ecopt" trials --study args --state complete --format csv | wc -l)" -eq 7 ] || fail "args: $("$ecopt" trials --study args)"

# --- 3. energy budget: stops starting trials once the study's energy reaches it ------
cat > budget.yaml <<YAML
name: budget
command: [python3, "$trials/steady.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}, {name: energy.total, goal: minimize}]
run: {env: {TRIAL_SECONDS: "0.3"}}
YAML
"$ecopt" tune budget.yaml --trials 20 --energy-budget 1J --meter estimator --watts-per-core 10 --no-gpus --json-log > tune3.log 2>&1 || fail "tune 3: $(cat tune3.log)"
query tune3.log <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
end = [e for e in events if e["event"] == "finished"][0]
assert end["reason"] == "energy budget reached", end
assert end["completed"] == 1, end          # 0.3 s of CPU at 10 W = 3 J > 1 J after one trial
assert end["energy_j"] >= 1.0 and end["estimated"] is True, end
PY

# --- 3b. the energy budget counts running trials ----------------------------------------
# Trial 0 burns 3 s of CPU (about 30 J at 10 W per core); the others sleep briefly. With
# --jobs 2 the short trials finish while trial 0 runs: once trial 0's energy so far takes
# the study past 5 J, no trial may start, although the finished ones hold far less.
cat > burn.py <<'PY'
import os, time
from ecopt_client import metric
if os.environ["ECOPT_TRIAL"] == "0":
    t = time.process_time()
    while time.process_time() - t < float(os.environ.get("BURN_SECONDS", "3")):
        pass
else:
    time.sleep(0.3)
metric(accuracy=0.5)
PY
cat > running.yaml <<YAML
name: running
command: [python3, "$work/burn.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
YAML
"$ecopt" tune running.yaml --trials 30 --jobs 2 --energy-budget 5J --meter estimator --watts-per-core 10 --no-gpus --json-log > tune3b.log 2>&1 || fail "tune 3b: $(cat tune3b.log)"
"$ecopt" trials --study running --format json > running.json
query tune3b.log running.json <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
end = [e for e in events if e["event"] == "finished"][0]
trials = json.load(open(sys.argv[2]))
total = {t["number"]: [p for p in t["phases"] if p["phase"] == "total"][0] for t in trials}
assert end["reason"] == "energy budget reached", end
assert total[0]["total_energy_j"] > 20, total[0]       # trial 0 burnt its 3 s
# The study's energy committed when each trial started: trials finished by then, plus the
# running ones' energy so far (trial 0 burns steadily, so prorated by time).
def committed(at):
    e = 0.0
    for n, p in total.items():
        if p["end_unix_s"] <= at:
            e += p["total_energy_j"]
        elif p["start_unix_s"] < at:
            e += p["total_energy_j"] * (at - p["start_unix_s"]) / max(p["end_unix_s"] - p["start_unix_s"], 1e-9)
    return e
# Slack: what trial 0 burns during one look of the tune loop. A look is measured from the
# stored times, not assumed (0.2 s when idle, longer on a busy machine): the longest wait
# from a short trial's end to the next start.
starts = sorted(t["started_unix_s"] for t in trials if t["number"] != 0)
gaps = [min(s for s in starts if s >= p["end_unix_s"]) - p["end_unix_s"]
        for n, p in total.items() if n != 0 and any(s >= p["end_unix_s"] for s in starts)]
look_s = max(gaps + [0.2])
power_w = total[0]["total_energy_j"] / max(total[0]["end_unix_s"] - total[0]["start_unix_s"], 1e-9)
slack_j = power_w * look_s + 1.0
late = [(t["number"], round(committed(t["started_unix_s"]), 2)) for t in trials
        if committed(t["started_unix_s"]) > 5 + slack_j]
assert not late, "trials started after running energy passed the 5 J budget (+ %.2f J for a %.2f s look): %r" % (slack_j, look_s, late)
study_j = sum(p["total_energy_j"] for p in total.values())
assert abs(end["study_energy_j"] - study_j) < 1e-6 * study_j, (end, study_j)
assert end["energy_budget_j"] == 5 and abs(end["overshoot_j"] - (study_j - 5)) < 1e-6 * study_j, end
PY
"$ecopt" tune running.yaml --trials 30 --jobs 2 --energy-budget 5J --meter estimator --watts-per-core 10 --no-gpus > tune3c.log 2>&1 || fail "tune 3c: $(cat tune3c.log)"
grep -Eq "study energy: [0-9.]+ J of the 5 J budget; over it by [0-9.]+ J" tune3c.log || fail "overshoot not stated: $(cat tune3c.log)"

# --- 3c. a worker sees another worker's running trial in the energy budget -------------
cat > shared.yaml <<YAML
name: shared
command: [python3, "$work/burn.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
budget: {energy: 3J}
run: {env: {BURN_SECONDS: "6"}}
YAML
"$ecopt" study create shared.yaml > /dev/null || fail "study create shared"
"$ecopt" worker --study shared --meter estimator --watts-per-core 10 --no-gpus --heartbeat 0.3s --quiet > worker-a.log 2>&1 &
worker_a=$!
# Wait for worker A's heartbeat to carry its trial's energy past the budget.
for _ in $(seq 100); do
  seen=$("$ecopt" trials --study shared --format json | python3 -c "
import json, sys
t = [t for t in json.load(sys.stdin) if t['state'] == 'RUNNING']
print(1 if t and (t[0].get('running_energy_j') or 0) >= 3 and (t[0].get('running_power_w') or 0) > 0 else 0)")
  [ "$seen" = 1 ] && break
  sleep 0.1
done
[ "$seen" = 1 ] || { kill $worker_a; fail "no heartbeat carried the running trial's energy: $("$ecopt" trials --study shared --format json)"; }
"$ecopt" worker --study shared --meter estimator --watts-per-core 10 --no-gpus --json-log > worker-b.log 2>&1 || fail "worker b: $(cat worker-b.log)"
wait $worker_a || fail "worker a: $(cat worker-a.log)"
query worker-b.log <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
started = [e for e in events if e["event"] == "trial_started"]
end = [e for e in events if e["event"] == "finished"][0]
assert not started, "worker b started %r although worker a's running trial spent the budget" % started
assert end["reason"] == "energy budget reached", end
# Worker a's trial burns for 6 s of CPU: it is still running when worker b ends.
assert end["study_running_energy_j"] >= 3 and end["study_energy_j"] >= 3, end
PY
[ "$("$ecopt" trials --study shared --format csv | wc -l)" -eq 2 ] || fail "shared: $("$ecopt" trials --study shared)"

# --- 4. --jobs 2 runs trials concurrently ----------------------------------------------
cat > jobs.yaml <<YAML
name: jobs
command: [python3, "-c", "import time; from ecopt_client import metric; time.sleep(1); metric(accuracy=0.5)"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
YAML
"$ecopt" tune jobs.yaml --trials 4 --jobs 2 --meter estimator --no-gpus --quiet > tune4.log 2>&1 || fail "tune 4: $(cat tune4.log)"
[ "$("$ecopt" trials --study jobs --state complete --format csv | wc -l)" -eq 5 ] || fail "jobs count"
# From the stored times, not the wall clock: two trials ran at once for most of the study
# (each 1 s trial overlaps another), never three.
"$ecopt" trials --study jobs --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)
spans = [(x['started_unix_s'], x['finished_unix_s']) for x in t]
assert t[1]['started_unix_s'] < t[0]['finished_unix_s'], 'trials 0 and 1 did not overlap'
overlapping = [i for i, (a, b) in enumerate(spans)
               if any(j != i and s < b and a < e for j, (s, e) in enumerate(spans))]
assert len(overlapping) == 4, ('each trial should overlap another with --jobs 2', spans)
for a, b in spans:  # halfway through each trial, far from the starts and ends
    middle = (a + b) / 2
    assert sum(s <= middle < e for s, e in spans) <= 2, ('over 2 trials at once', spans)
assert all(p['scope'] == 'process' for x in t for p in x['phases']), 'jobs > 1 must attribute per process'
"

# --- 5. Ctrl-C, then resume: no trial lost or run twice ---------------------------------
cat > resume.yaml <<YAML
name: resume
command: [python3, "$trials/steady.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
budget: {trials: 5}
run: {env: {TRIAL_SECONDS: "0.6"}}
YAML
"$ecopt" tune resume.yaml --meter estimator --no-gpus > tune5.log 2>&1 &
pid=$!
sleep 1.5
kill -INT $pid
set +e
wait $pid
status=$?
set -e
[ "$status" -eq 130 ] || fail "interrupted tune exited $status: $(cat tune5.log)"
grep -q "stopped: interrupted" tune5.log || fail "interrupt message: $(cat tune5.log)"
"$ecopt" trials --study resume --format json > before.json
"$ecopt" tune resume.yaml --meter estimator --no-gpus --quiet > tune6.log 2>&1 || fail "resume: $(cat tune6.log)"
"$ecopt" trials --study resume --format json > after.json
query before.json after.json <<'PY'
import json, sys
before = json.load(open(sys.argv[1]))
after = json.load(open(sys.argv[2]))
# SIGINT normally lands during a trial; if it lands between two, nothing is interrupted.
interrupted = [t for t in before if t["error"] == "interrupted"]
assert len(interrupted) <= 1, before
assert not [t for t in before if t["state"] == "RUNNING"], before
assert not [t for t in after if t["state"] in ("RUNNING", "WAITING")], after
complete = [t for t in after if t["state"] == "COMPLETE"]
assert len(complete) == 5, [(t["number"], t["state"]) for t in after]          # the budget, exactly
for t in interrupted:  # its parameters ran again, once
    again = [c for c in complete if c["params"] == t["params"]]
    assert len(again) == 1, again
numbers = [t["number"] for t in after]
assert len(numbers) == len(set(numbers))
PY

# --- 6. a C++ trial through include/ecopt/client.hpp ------------------------------------
cat > cpp.yaml <<YAML
name: cpp
command: ["$cpp_trial", "{x}"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}, {name: energy.inference.per_sample, goal: minimize}]
YAML
"$ecopt" tune cpp.yaml --trials 2 --meter estimator --no-gpus --quiet > tune7.log 2>&1 || fail "tune 7: $(cat tune7.log)"
"$ecopt" trials --study cpp --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)
assert all(x['state'] == 'COMPLETE' for x in t), t
assert t[0]['user_attrs']['flops'] == 2.5e6
assert {p['phase'] for p in t[0]['phases']} == {'train', 'inference', 'total'}
"

# --- 7. stdout fallback, Katib-style metrics, retries --------------------------------
cat > stdout.yaml <<YAML
name: stdout
command: [python3, "-c", "print('epoch 1 loss=0.3'); print('ecopt: {{\"metric\": {{\"accuracy\": 0.75}}}}'); print('latency=0.02 ms')"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}, {name: latency, goal: minimize}]
run: {stdout_metrics: true}
YAML
"$ecopt" tune stdout.yaml --trials 1 --meter estimator --no-gpus --quiet > tune8.log 2>&1 || fail "tune 8: $(cat tune8.log)"
"$ecopt" trials --study stdout --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)[0]
assert t['state'] == 'COMPLETE', t
assert t['values'] == {'accuracy': 0.75, 'latency': 0.02}, t['values']
assert t['metrics']['loss'] == 0.3
"
cat > retry.yaml <<YAML
name: retry
command: [python3, "-c", "import sys; sys.exit(1)"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
run: {retries: 1}
YAML
"$ecopt" tune retry.yaml --trials 2 --meter estimator --no-gpus --quiet > tune9.log 2>&1 || fail "tune 9: $(cat tune9.log)"
"$ecopt" trials --study retry --format json | python3 -c "
import json, sys
t = json.load(sys.stdin)
assert [x['state'] for x in t] == ['FAIL', 'FAIL'], t
assert t[1]['params'] == t[0]['params'] and t[1]['origin'] == 'enqueued', t
assert t[1]['user_attrs']['retry_of'] == 0, t[1]['user_attrs']
"
[ -f "$(trial_dir behaviour 3)/protocol-warnings.log" ] || fail "protocol warnings not in the trial's log"

# --- 8. the client does nothing outside ecopt ----------------------------------------
python3 "$trials/steady.py" 2>/dev/null && fail "steady.py ran without params" || true
ECOPT_PARAMS='{"x": 0.3}' TRIAL_SECONDS=0.01 python3 "$trials/steady.py" || fail "python client outside ecopt"
"$cpp_trial" 0.3 || fail "C++ client outside ecopt"
echo "1 passed, 0 failed"
