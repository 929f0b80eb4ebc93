#!/usr/bin/env bash
# End-to-end check of the study commands through the real binary.
# Usage: study_cli_test.sh ECOPT DATA_DIR
set -euo pipefail
ecopt=$1
data=$2
. "$(dirname "$0")/../lib.sh"

"$ecopt" study create "$data/demo.yaml" | grep -q "created study 'demo' in sqlite:///demo.db" || fail create
[ -f demo.db ] || fail "default storage file demo.db not created"
if "$ecopt" study create "$data/demo.yaml" 2>err.txt; then fail "duplicate create succeeded"; fi
grep -q "already exists" err.txt || fail "duplicate create message"

# Read-only commands on a mistyped path say so and create no database.
for command in "trials --study demo" "pareto --study demo" "report --study demo" \
               "study show demo" "study list" "ask --study demo"; do
  # shellcheck disable=SC2086  # the words of $command are separate arguments
  if "$ecopt" $command --storage sqlite:///typo.db > /dev/null 2> err.txt; then
    fail "$command on a missing file succeeded"
  fi
  grep -q "no such study file: typo.db (create it with ecopt tune / ecopt study create)" err.txt ||
    fail "$command message: $(cat err.txt)"
  [ ! -e typo.db ] || fail "$command created typo.db"
done

ask=$("$ecopt" ask --study demo --format json)
echo "$ask" | grep -q '"number":0' || fail "ask json: $ask"
"$ecopt" tell --study demo --trial 0 --values 0.9 2.5 | grep -q "trial 0: COMPLETE" || fail tell
"$ecopt" ask --study demo --format json > /dev/null
"$ecopt" tell --study demo --trial 1 --state fail --reason "out of memory" > /dev/null
if "$ecopt" tell --study demo --trial 1 --values 1 2 2>err.txt; then fail "second tell succeeded"; fi
grep -q "not RUNNING" err.txt || fail "second tell message"
if "$ecopt" tell --study demo --trial 0 --values 1 2>err.txt; then fail "wrong value count accepted"; fi
grep -q "1 values given for 2 objectives" err.txt || fail "value count message: $(cat err.txt)"

"$ecopt" trials --study demo --format csv > trials.csv
[ "$(wc -l < trials.csv)" -eq 3 ] || fail "csv rows: $(cat trials.csv)"
head -1 trials.csv | grep -q "^number,state,accuracy,energy,x,opt,error$" || fail "csv header: $(head -1 trials.csv)"
grep -q "^1,FAIL,,,.*,out of memory$" trials.csv || fail "csv failed row: $(cat trials.csv)"
"$ecopt" trials --study demo --state complete --format json | grep -q '"accuracy": 0.9' || fail "json values"
"$ecopt" pareto --study demo | grep -qE "^ +0  COMPLETE" || fail pareto
ECOPT_STORAGE=sqlite:///demo.db "$ecopt" study list | grep -q "^demo " || fail "list via ECOPT_STORAGE"
"$ecopt" study show demo --format json | grep -q '"COMPLETE": 1' || fail "show json"

"$ecopt" ask --study demo --format json > /dev/null   # trial 2, left RUNNING
sleep 1.2
"$ecopt" study recover demo --stale-after 1s --requeue | grep -q "1 stale trial failed and re-queued" || fail recover
"$ecopt" trials --study demo --state waiting --format csv | grep -q "^3,WAITING" || fail "re-queued trial"

"$ecopt" enqueue --study demo --params '{"x": 0.25, "opt": "sgd"}' | grep -q "^trial 4: WAITING" || fail enqueue
if "$ecopt" enqueue --study demo --params '{"x": 2, "opt": "sgd"}' 2>err.txt; then fail "enqueue outside the space"; fi
grep -q "x = 2 is above the maximum 1" err.txt || fail "enqueue message: $(cat err.txt)"
if "$ecopt" enqueue --study demo --params '[1]' 2>err.txt; then fail "enqueue non-object"; fi
grep -q "must be a JSON object" err.txt || fail "enqueue json message: $(cat err.txt)"
"$ecopt" ask --study demo --format json | grep -q '"number":3' || fail "re-queued trial runs first"
"$ecopt" ask --study demo --format json | grep -q '"x":0.25' || fail "enqueued trial runs next"

if "$ecopt" study create "$data/broken.yaml" 2>err.txt; then fail "broken file accepted"; fi
grep -q "broken.yaml:3: parameters.x: low 2 is greater than high 1" err.txt || fail "broken message: $(cat err.txt)"
if "$ecopt" trials --study nothing 2>err.txt; then fail "missing study accepted"; fi
# Its default storage, nothing.db, does not exist: said so, and not created.
grep -q "no such study file: nothing.db" err.txt || fail "missing study message: $(cat err.txt)"
[ ! -e nothing.db ] || fail "trials created nothing.db"
# Trial output (here a failure reason) reaches the terminal without escape sequences.
trial=$("$ecopt" ask --study demo --format json | python3 -c "import json, sys; print(json.load(sys.stdin)['number'])")
"$ecopt" tell --study demo --trial "$trial" --state fail --reason $'\e]0;owned\a\e[2Jgone' > /dev/null
"$ecopt" trials --study demo --format table > table.txt
grep -q "owned" table.txt || fail "the reason is missing: $(cat table.txt)"
grep -q $'\e' table.txt && fail "an escape sequence reached the terminal: $(cat -v table.txt)"
if "$ecopt" study delete demo 2>err.txt; then fail "delete without --yes"; fi
"$ecopt" study delete demo --yes | grep -q "deleted study 'demo'" || fail delete
echo "1 passed, 0 failed"
