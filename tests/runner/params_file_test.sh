#!/usr/bin/env bash
# Large parameter sets reach the trial: with 5,000 parameters (their JSON is over the
# 128 KiB one environment variable may hold, once E2BIG for every trial) the trial gets
# them from $ECOPT_PARAMS_FILE, and passing them on the command line as well still fits.
# A placeholder whose value is over Linux's 128 KiB per argument fails the trial with the
# limit and the fix, not a bare "Argument list too long".
# Usage: params_file_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"

# --- 5,000 parameters, through the file and as --name=value --------------------------------
for pass in template args; do
  python3 - "$pass" > "wide_$pass.yaml" <<'PY'
import sys
print(f"name: wide_{sys.argv[1]}")
print('command: [python3, "-c", "import os, sys; from ecopt_client import metric, params; '
      'p = params(); metric(count=len(p), first=p[\'p0\'], '
      'args=sum(a.startswith(\'--p\') for a in sys.argv), '
      'env=len(os.environ[\'ECOPT_PARAMS\']))"]')
print(f"pass_params: {sys.argv[1]}")
print("parameters:")
for i in range(5000):
    print(f"  p{i}: {{type: float, low: 0, high: 1}}")
print("objectives: [{name: count, goal: maximize}]")
print("sampler: {name: random, seed: 1}")
PY
  "$ecopt" tune "wide_$pass.yaml" --trials 1 --meter estimator --no-gpus > "tune_$pass.log" 2>&1 ||
    fail "tune with 5,000 parameters ($pass): $(tail -20 "tune_$pass.log")"
  "$ecopt" trials --study "wide_$pass" --format json > "trials_$pass.json"
  python3 - "trials_$pass.json" "$pass" <<'PY' || fail "5,000 parameters ($2): $(cat "trials_$pass.json" | head -c 2000)"
import json, sys
[t] = json.load(open(sys.argv[1]))
assert t["state"] == "COMPLETE", (t["state"], t["error"])
assert t["values"]["count"] == 5000, t["values"]
assert t["metrics"]["first"] == t["params"]["p0"], t["metrics"]
assert t["metrics"]["args"] == (5000 if sys.argv[2] == "args" else 0), t["metrics"]
assert t["metrics"]["env"] == 0, "ECOPT_PARAMS should be empty when it cannot hold them"
PY
  file=$(ls runs/"wide_$pass"/*/0/params.json)
  python3 -c "import json, sys; assert len(json.load(open(sys.argv[1]))) == 5000" "$file" ||
    fail "the params file $file does not hold the 5,000 parameters"
  # Over what one environment variable may hold, so this is the case that once failed.
  [ "$(stat -c %s "$file")" -gt 131072 ] || fail "the parameters' JSON is under 128 KiB"
done

# --- one argument over 128 KiB: the trial fails with the limit and the fix ---------------
python3 - > long.yaml <<'PY'
print("name: long")
print('command: [python3, "-c", "pass", "{label}"]')
print("parameters:")
print(f"  label: {{type: categorical, choices: [{'x' * 200000}]}}")
print("objectives: [{name: count, goal: maximize}]")
PY
"$ecopt" tune long.yaml --trials 1 --meter estimator --no-gpus > tune_long.log 2>&1 || true
"$ecopt" trials --study long --format json > trials_long.json
python3 - trials_long.json <<'PY' || fail "a 200 KB argument: $(head -c 2000 trials_long.json)"
import json, sys
[t] = json.load(open(sys.argv[1]))
assert t["state"] == "FAIL", t["state"]
for words in ("argument 3 of the command is 200001 bytes", "131072", "MAX_ARG_STRLEN",
              "ECOPT_PARAMS_FILE"):
    assert words in t["error"], (words, t["error"])
PY
echo ok
