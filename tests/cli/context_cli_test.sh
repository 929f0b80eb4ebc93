#!/usr/bin/env bash
# The study records its own context: a small `ecopt tune`, then `ecopt report`, `ecopt
# card` and `ecopt study show` name this machine's CPU model, cores and memory, as
# /proc/cpuinfo and /proc/meminfo state them; and `ecopt study set-attr`.
# Usage: context_cli_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"

cat > ctx.yaml <<YAML
name: ctx
command: [python3, "$source_dir/tests/runner/trials/steady.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: sobol, seed: 1}
YAML
TRIAL_SECONDS=0.05 "$ecopt" tune ctx.yaml --trials 2 --meter estimator --region FRA -q > tune.log 2>&1 \
  || fail "tune: $(cat tune.log)"

model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
cpus=$(grep -c '^processor' /proc/cpuinfo)
mem_kb=$(sed -n 's/^MemTotal:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/meminfo)
[ -n "$model" ] || model=unknown   # architectures whose cpuinfo names no model

"$ecopt" report --study ctx -o report > report.log 2>&1 || fail "report: $(cat report.log)"
grep -qF "| CPU model | $model |" report/report.md || fail "report names no CPU '$model': $(grep -A12 '### Hardware' report/report.md)"
grep -qE "\| CPU cores \| $cpus logical CPUs?" report/report.md || fail "report cores != $cpus: $(grep 'CPU cores' report/report.md)"
python3 - report/report.json "$model" "$mem_kb" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
facts = {f["name"]: f["value"] for f in report["measurement"]["hardware"]}
assert facts["CPU model"] == sys.argv[2], facts
memory_gb = float(facts["Memory (GB)"])
assert abs(memory_gb - int(sys.argv[3]) * 1024 / 1e9) < 0.01 * memory_gb + 0.01, facts
context = {f["name"]: f["value"] for f in report["measurement"]["context"]}
assert context["Meter at start"].startswith("estimator"), context
assert context["Grid intensity used"].startswith("FRA: "), context
software = {f["name"]: f["value"] for f in report["measurement"]["software"]}
assert software["ecopt (running the trials)"] != "unknown", software
PY
grep -qF "$model" report/report.html || fail "HTML report names no CPU"

"$ecopt" card --study ctx --trial 0 -o card > card.log 2>&1 || fail "card: $(cat card.log)"
grep -qF "| CPU model | $model |" card/card-0.md || fail "card names no CPU: $(cat card/card-0.md)"

# A worker's start records the host again, as a worker.
TRIAL_SECONDS=0.05 "$ecopt" worker --study ctx --trials 3 --meter estimator -q > worker.log 2>&1 \
  || fail "worker: $(cat worker.log)"
"$ecopt" study show ctx | grep -qF "recorded by ecopt worker at" || fail "worker did not record its host"

# --- set-attr -------------------------------------------------------------------------
"$ecopt" study set-attr --study ctx dataset fashion-mnist | grep -qF 'dataset = "fashion-mnist"' || fail "set-attr string"
"$ecopt" study set-attr --study ctx train_samples 12000 > /dev/null || fail "set-attr number"
"$ecopt" study set-attr --study ctx tags '["a", "b"]' > /dev/null || fail "set-attr JSON"
"$ecopt" study show ctx > show.txt
grep -qF '  dataset = "fashion-mnist"' show.txt || fail "show string attr: $(cat show.txt)"
grep -qF '  train_samples = 12000' show.txt || fail "show number attr: $(cat show.txt)"
grep -qF "  host.$(hostname) = $model, $cpus logical CPU" show.txt || fail "show host facts: $(cat show.txt)"
"$ecopt" study show ctx --format json | python3 -c '
import json, sys
attrs = json.load(sys.stdin)["user_attrs"]
assert attrs["tags"] == ["a", "b"] and attrs["train_samples"] == 12000, attrs
host = [v for k, v in attrs.items() if k.startswith("host.")][0]
assert host["logical_cpus"] >= 1 and host["memory_bytes"] > 0 and host["program"] == "worker", host
' || fail "show json attrs"
"$ecopt" report --study ctx -o report2 > /dev/null 2>&1 || fail "report 2"
grep -qF "| dataset | fashion-mnist |" report2/report.md || fail "report lacks attributes"

if "$ecopt" study set-attr --study nothing dataset x 2> err.txt; then fail "unknown study accepted"; fi
grep -q "no such study file: nothing.db" err.txt || fail "unknown study message: $(cat err.txt)"
if "$ecopt" study set-attr --study ctx host.other '{}' 2> err.txt; then fail "host. key accepted"; fi
grep -q "hold the host facts" err.txt || fail "host. key message: $(cat err.txt)"
if "$ecopt" study set-attr --study ctx "" x 2> err.txt; then fail "empty key accepted"; fi
grep -q "must be non-empty" err.txt || fail "empty key message: $(cat err.txt)"
if "$ecopt" study set-attr --study ctx onlykey 2> err.txt; then fail "missing value accepted"; fi
echo "1 passed, 0 failed"
