#!/usr/bin/env bash
# `ecopt tune` with `sampler.warm_start` on SQLite: the new study starts from the earlier
# study's best configuration, and an earlier study or storage that is not there is
# refused, named, before any trial runs. Short: 6 + 5 trials of a one-line Python program.
# Usage: warm_start_test.sh ECOPT
set -euo pipefail
ecopt=$1
. "$(dirname "$0")/../lib.sh"

# The trial: loss = (x - 0.3)^2 (+ 1 on the "new hardware"), reported on stdout.
trial='import json, os; p = json.load(open(os.environ["ECOPT_PARAMS_FILE"])); print("loss=%.9f" % ((p["x"] - 0.3) ** 2 + float(os.environ.get("OFFSET", "0"))))'
cat > old.yaml <<YAML
name: old
command: [python3, -c, '$trial']
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: loss, goal: minimize}]
sampler: {name: sobol, seed: 3}
storage: sqlite:///old.db
run: {stdout_metrics: true}
YAML
"$ecopt" tune old.yaml --trials 6 --meter estimator --no-gpus > old.log 2>&1 || fail "old: $(cat old.log)"

cat > new.yaml <<YAML
name: new
command: [python3, -c, '$trial']
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: loss, goal: minimize}]
sampler: {name: mobo, seed: 0, initial_trials: 4, warm_start: {study: old, storage: sqlite:///old.db}}
storage: sqlite:///new.db
run: {stdout_metrics: true, env: {OFFSET: "1"}}
YAML
"$ecopt" tune new.yaml --trials 5 --meter estimator --no-gpus > new.log 2>&1 || fail "new: $(cat new.log)"
"$ecopt" trials --study old --storage sqlite:///old.db --format json > old.json
"$ecopt" trials --study new --storage sqlite:///new.db --format json > new.json
python3 - old.json new.json <<'PY' || fail "warm start: $(cat new.log)"
import json, sys
old = [t for t in json.load(open(sys.argv[1])) if t["state"] == "COMPLETE"]
new = json.load(open(sys.argv[2]))
assert len(old) == 6 and len(new) == 5, (len(old), len(new))
assert all(t["state"] == "COMPLETE" for t in new), new
best = min(old, key=lambda t: t["values"]["loss"])
# Trials 0 and 1 are the cold design's, to check the earlier study against; it orders
# them as the new study does, so trial 2 is its best configuration, not a Sobol point.
assert new[2]["params"]["x"] == best["params"]["x"], (new[2]["params"], best["params"])
PY

# An earlier study that is not there: refused with the storage's studies and the fix.
sed -e 's/name: new/name: new2/' -e 's/study: old,/study: olde,/' new.yaml > new2.yaml
if "$ecopt" tune new2.yaml --trials 2 --meter estimator --no-gpus > new2.log 2>&1; then
  fail "a missing earlier study was accepted: $(cat new2.log)"
fi
grep -q "sampler.warm_start: no study named 'olde' in sqlite:///old.db (it has: old); fix" new2.log ||
  fail "message: $(cat new2.log)"
"$ecopt" trials --study new2 --storage sqlite:///new.db --format json > new2.json
python3 -c "import json, sys; assert json.load(open(sys.argv[1])) == []" new2.json ||
  fail "trials ran before the refusal: $(cat new2.json)"
# A storage that cannot be opened (a typo in the file name; a scheme ecopt does not know):
# refused, naming the key to fix, before any trial runs.
i=0
for storage in sqlite:///olde.db mysql://db/ecopt; do
  i=$((i + 1))
  sed -e "s/name: new/name: new3-$i/" -e "s|storage: sqlite:///old.db|storage: $storage|" \
    new.yaml > new3.yaml
  if "$ecopt" tune new3.yaml --trials 2 --meter estimator --no-gpus > new3.log 2>&1; then
    fail "an earlier study's storage that cannot be opened was accepted: $(cat new3.log)"
  fi
  grep -q "sampler.warm_start: storage $storage cannot be opened: .*fix \`sampler.warm_start.storage\`" \
    new3.log || fail "message for $storage: $(cat new3.log)"
  [[ ! -e olde.db ]] || fail "opening the earlier study's storage created olde.db"
  "$ecopt" trials --study "new3-$i" --storage sqlite:///new.db --format json > new3.json
  python3 -c "import json, sys; assert json.load(open(sys.argv[1])) == []" new3.json ||
    fail "trials ran before the refusal: $(cat new3.json)"
done
echo "warm start end to end: ok"
