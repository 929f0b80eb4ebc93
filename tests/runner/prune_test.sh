#!/usr/bin/env bash
# Pruning end to end (docs/pruning.md): trials that report a learning curve, under asha
# and mo-asha, with one job, two jobs, two workers sharing a database, and a resumed
# study; trials that obey the back channel and trials that ignore it (stopped by SIGTERM).
# Usage: prune_test.sh ECOPT CPP_CURVE_TRIAL SOURCE_DIR
set -euo pipefail
ecopt=$1
cpp_trial=$2
source_dir=$3
trials="$source_dir/tests/runner/trials"
. "$(dirname "$0")/../lib.sh"
query() { python3 - "$@"; }
tune() { "$ecopt" tune "$@" --meter estimator --no-gpus; }

study() {  # NAME PRUNER OBEY STEP_SECONDS: a study of the curve trial
  cat > "$1.yaml" <<YAML
name: $1
command: [python3, "$trials/curve.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}, {name: energy.total, goal: minimize}]
sampler: {name: sobol, seed: 1}
pruner: {name: $2, eta: 3, min_steps: 1, startup_trials: 2, grace: 0.2s}
run: {env: {OBEY_PRUNE: "$3", STEP_SECONDS: "$4"}, kill_grace: 1s}
YAML
}

# --- 1. asha, one job, trials that ignore the request; then the study resumed ---------
study sequential asha 0 0.1
tune sequential.yaml --trials 5 --json-log > seq1.log 2>&1 || fail "tune 1: $(cat seq1.log)"
tune sequential.yaml --trials 9 --json-log > seq2.log 2>&1 || fail "tune 2: $(cat seq2.log)"
"$ecopt" trials --study sequential --format json > seq.json
query seq.json seq2.log <<'PY'
import json, math, sys
trials = sorted(json.load(open(sys.argv[1])), key=lambda t: t["number"])
assert len(trials) == 9, len(trials)
def at(t, step):
    return next((e["values"] for e in t["intermediate"] if e["step"] == step), None)
# One job: trial n was judged against trials 0 .. n-1 only, whose values are final. The
# rule recomputed here must give every trial's state, across the resume as well.
for t in trials:
    pruned_at = None
    for rung in (1, 3):
        mine = at(t, rung)
        others = [(-at(o, rung)["accuracy"], o["number"]) for o in trials
                  if o["number"] < t["number"] and at(o, rung) is not None]
        if mine is None or len(others) < 2:
            continue
        keep = math.ceil((len(others) + 1) / 3)
        if sum(1 for o in others if o < (-mine["accuracy"], t["number"])) >= keep:
            pruned_at = rung
            break
    expected = "PRUNED" if pruned_at else "COMPLETE"
    assert t["state"] == expected, (t["number"], t["state"], expected, t["error"])
    if pruned_at:
        assert t["failure_kind"] == "pruned", t
        assert "asha pruner: at rung step %d" % pruned_at in t["error"], t["error"]
        total = [p for p in t["phases"] if p["phase"] == "total"][0]
        assert total["total_energy_j"] > 0, total  # its energy is kept
    for e in t["intermediate"]:
        assert e["values"]["energy.total"] >= 0, e  # the runner's energy so far, every step
pruned = [t for t in trials if t["state"] == "PRUNED"]
assert len(pruned) >= 2, [(t["number"], t["state"]) for t in trials]
assert any(len(t["intermediate"]) < 8 for t in pruned), "SIGTERM stopped none early"
assert any(t["number"] >= 5 for t in pruned), "the resumed run pruned nothing"
# Pruned trials count in the study's energy.
events = [json.loads(l) for l in open(sys.argv[2]) if l.startswith("{")]
end = [e for e in events if e["event"] == "finished"][0]
spent = sum(p["total_energy_j"] for t in trials for p in t["phases"] if p["phase"] == "total")
assert abs(end["study_energy_j"] - spent) <= 1e-6 * max(1.0, spent), (end, spent)
assert end["pruned"] >= 1, end
PY

# The report says what pruning did and plots the curves; the export lists pruned trials.
"$ecopt" report --study sequential -o report > report.log 2>&1 || fail "report: $(cat report.log)"
"$ecopt" export --study sequential --format json -o export.json > export.log 2>&1 ||
  fail "export: $(cat export.log)"
grep -q "Learning curves (accuracy), pruned trials dashed" report/report.html || fail "no curves plot"
grep -q "trials were pruned; they used" report/report.md || fail "no pruning lines: $(cat report/report.md)"
query report/report.json export.json <<'PY'
import json, sys
pruning = json.load(open(sys.argv[1]))["pruning"]
exported = json.load(open(sys.argv[2]))
pruned = [t["number"] for t in exported if t["state"] == "PRUNED"]
assert sorted(t["number"] for t in pruning["pruned_trials"]) == pruned, (pruning, pruned)
assert pruning["saved_energy_estimate_j"] > 0 and pruning["completed_steps"] == 8, pruning
PY

# --- 2. mo-asha with two jobs; the trials hear the request and exit themselves --------
study parallel mo-asha 1 0.05
tune parallel.yaml --trials 6 --jobs 2 --quiet > par.log 2>&1 || fail "tune 3: $(cat par.log)"
"$ecopt" trials --study parallel --format json > par.json
[ -s obeyed.log ] || fail "no trial heard the back channel: $(cat par.log)"
query par.json <<'PY'
import json, sys
trials = json.load(open(sys.argv[1]))
pruned = [t for t in trials if t["state"] == "PRUNED"]
assert pruned and len(pruned) < len(trials), [(t["number"], t["state"]) for t in trials]
for t in pruned:
    assert "mo-asha pruner" in t["error"] and "accuracy, energy.total" in t["error"], t["error"]
    assert "SIG" not in t["error"], t["error"]
PY

# --- 3. two workers sharing one database ------------------------------------------------
study shared asha 1 0.05
tune shared.yaml --trials 6 --quiet > w1.log 2>&1 & w1=$!
tune shared.yaml --trials 6 --quiet > w2.log 2>&1 & w2=$!
wait $w1 || fail "worker 1: $(cat w1.log)"
wait $w2 || fail "worker 2: $(cat w2.log)"
"$ecopt" trials --study shared --format json > shared.json
query shared.json <<'PY'
import json, re, sys
trials = json.load(open(sys.argv[1]))
assert len(trials) == 6 and {t["state"] for t in trials} <= {"COMPLETE", "PRUNED"}, trials
assert len({t["worker_id"] for t in trials}) == 2, "both workers ran trials"
pruned = [t for t in trials if t["state"] == "PRUNED"]
assert pruned, [(t["number"], t["state"]) for t in trials]
for t in pruned:
    assert re.search(r"at rung step [13] ", t["error"]), t["error"]
PY

# --- 4. the C++ client; a malformed or absent back channel ------------------------------
cat > cpp.yaml <<YAML
name: cpp
command: ["$cpp_trial", "{x}"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
sampler: {name: sobol, seed: 1}
pruner: {name: asha, startup_trials: 2}
YAML
tune cpp.yaml --trials 5 --quiet > cpp.log 2>&1 || fail "tune cpp: $(cat cpp.log)"
grep -l "pruned at step" runs/cpp/*/*/stdout.log > /dev/null || fail "the C++ trial never heard it"
"$ecopt" trials --study cpp --format json > cpp.json
query cpp.json runs/cpp <<'PY'
import glob, json, re, sys
# The trial asks should_prune() once, right after each report: it stops at the very step
# the pruner judged, never one report later (report() waited for that step's verdict).
for t in json.load(open(sys.argv[1])):
    if t["state"] != "PRUNED":
        continue
    rung = int(re.search(r"at rung step (\d+)", t["error"]).group(1))
    assert max(e["step"] for e in t["intermediate"]) == rung, (t["number"], t["intermediate"])
    out = open(glob.glob("%s/*/%d/stdout.log" % (sys.argv[2], t["number"]))[0]).read()
    assert "pruned at step %d" % rung in out, (t["number"], rung, out)
PY
# Malformed or absent back channel, with verdicts promised: the clients run as before.
for fd in "" abc -1 999 "3x"; do
  ECOPT_FD=9 ECOPT_VERDICT_WAIT_S=5 ECOPT_PRUNE_FD=$fd "$cpp_trial" 0.5 9>/dev/null |
    grep -q "ran to the end" || fail "C++ client, ECOPT_PRUNE_FD='$fd'"
  ECOPT_PRUNE_FD=$fd python3 -c 'import ecopt_client as c; assert c.should_prune() is False' ||
    fail "Python client, ECOPT_PRUNE_FD='$fd'"
done
for wait in "" abc -1 nan 0; do
  ECOPT_VERDICT_WAIT_S=$wait python3 -c 'import ecopt_client as c; assert c._verdict_wait == 0' ||
    fail "Python client, ECOPT_VERDICT_WAIT_S='$wait' should promise no verdicts"
done
# A verdict per report (tests/runner/verdict_harness.py plays the runner): each client
# stops at the step its prune was for; a step left unanswered costs only the wait.
py_trial='import ecopt_client as c
for step in range(1, 9):
    c.report(step, a=1.0)
    if c.should_prune():
        print("pruned at step %d" % step)
        break
else:
    print("ran to the end")'
harness=(python3 "$source_dir/tests/runner/verdict_harness.py")
for client in cpp python; do
  cmd=("$cpp_trial" 0.5)
  [ $client = python ] && cmd=(python3 -c "$py_trial")
  out=$("${harness[@]}" 3 "" 30 "${cmd[@]}") || fail "$client client under the harness: $out"
  [ "$out" = "pruned at step 3" ] || fail "$client client heard the verdict late: $out"
  out=$("${harness[@]}" 4 2 0.2 "${cmd[@]}") || fail "$client client under the harness: $out"
  [ "$out" = "pruned at step 4" ] || fail "$client client, step 2 unanswered: $out"
done
python3 - <<'PY' || fail "Python client on a real back channel"
import os, subprocess, sys
for written, expected in ((b"hello\n", "False"), (b'{"prune": true}\n', "True"), (b"", "False")):
    read_fd, write_fd = os.pipe()
    os.write(write_fd, written)
    if not written:
        os.close(write_fd)  # closed without a word
    out = subprocess.run([sys.executable, "-c", "import ecopt_client as c; print(c.should_prune(), c.should_prune())"],
                         env=dict(os.environ, ECOPT_PRUNE_FD=str(read_fd)), pass_fds=(read_fd,),
                         capture_output=True, text=True, check=True).stdout.split()
    assert out == [expected, expected], (written, out)
PY
# A report past the per-trial step cap (10,000 steps) is never judged; the runner still
# answers it "continue" at once, so a client waiting for its verdict does not sit out
# ECOPT_VERDICT_WAIT_S on every later report. The trial speaks the protocol by hand,
# reports every step without waiting (a burst of verdicts once lost all but the first few
# hundred lines), then reads its back channel until each step has its verdict (60 s at most).
cat > past_cap.py <<'PY'
import json, os, socket, time
out = os.fdopen(int(os.environ["ECOPT_FD"]), "w", buffering=1)
back = socket.socket(fileno=int(os.environ["ECOPT_PRUNE_FD"]))
last, answered, text = 10000 + 2, set(), b""
deadline = time.monotonic() + 60
def wait_for(step):  # reads verdicts until `step` has one
    global text
    while step not in answered and time.monotonic() < deadline:
        back.settimeout(max(deadline - time.monotonic(), 0.01))
        try:
            text += back.recv(1 << 16)
        except (socket.timeout, OSError):
            return
        *lines, text = text.split(b"\n")
        answered.update(json.loads(l).get("step") for l in lines if l)
for step in range(last + 1):
    out.write(json.dumps({"report": {"step": step, "values": {"a": 1.0}}}) + "\n")
for step in range(last + 1):
    wait_for(step)
out.write(json.dumps({"metric": {"a": len(answered & set(range(last + 1)))}}) + "\n")
PY
cat > past_cap.yaml <<YAML
name: past_cap
command: [python3, "$PWD/past_cap.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: a, goal: maximize}]
pruner: {name: median, startup_trials: 5}
YAML
tune past_cap.yaml --trials 1 > past_cap.log 2>&1 || fail "past the cap: $(cat past_cap.log)"
"$ecopt" trials --study past_cap --format json > past_cap.json
query past_cap.json <<'PY'
import json, sys
trial = json.load(open(sys.argv[1]))[0]
assert trial["metrics"]["a"] == 10003, "steps without a verdict (past the cap: 10000-10002): %r" % trial["metrics"]
PY

echo "prune_test: ok"
