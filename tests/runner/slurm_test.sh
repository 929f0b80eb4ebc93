#!/usr/bin/env bash
# `ecopt slurm`: the generated sbatch script (always), then, on a real Slurm cluster
# (ECOPT_TEST_SLURM=1: ctest's fixture starts one with scripts/ci/start-slurm), a 3-worker array
# that must complete the study, with `ecopt slurm status` showing the tasks.
# Usage: slurm_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"

cat > array.yaml <<YAML
name: array
command: [python3, "-c", "import time, os; from ecopt_client import metric, params; time.sleep(0.3); metric(accuracy=params()['x'])"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives: [{name: accuracy, goal: maximize}]
budget: {trials: 9}
YAML

# --- the script, without a cluster --------------------------------------------------------
"$ecopt" slurm submit array.yaml --workers 8 --partition gpu --gpus-per-worker 1 --time 2:00:00 \
    --sbatch-arg=--mem=8G --storage "postgresql://ana:s3cret@db.example/ecopt" --dry-run > dry.sbatch ||
  fail "dry run: $(cat dry.sbatch)"
for line in "#SBATCH --array=0-7" "#SBATCH --partition=gpu" "#SBATCH --gres=gpu:1" \
            "#SBATCH --time=2:00:00" "#SBATCH --mem=8G" "#SBATCH --chdir=$work" \
            "worker --study 'array'" "CUDA_VISIBLE_DEVICES" \
            "postgresql://ana:***@db.example/ecopt"; do
  grep -qF -- "$line" dry.sbatch || fail "the script lacks '$line':
$(cat dry.sbatch)"
done
grep -q s3cret dry.sbatch && fail "the password is in the script"
grep -q -- "--storage" dry.sbatch && fail "the workers get the storage in their argv"
bash -n dry.sbatch || fail "the script is not valid bash"
[ ! -e array.db ] || fail "--dry-run created the study"

need_slurm "no job is submitted: "

# --- a real array ----------------------------------------------------------------------------
if [ -n "${ECOPT_TEST_POSTGRES_URL:-}" ]; then
  postgres_database ecopt_slurm
  url=$database_url
else
  url="sqlite:///$work/array.db"   # one node: every task sees the file
fi
"$ecopt" slurm submit array.yaml --workers 3 --storage "$url" --stale-after 10s \
    --worker-arg=--meter=estimator --worker-arg=--no-gpus > submit.log 2>&1 || fail "submit: $(cat submit.log)"
job=$(sed -n 's/^submitted job \([0-9]*\):.*/\1/p' submit.log)
[ -n "$job" ] || fail "no job id in: $(cat submit.log)"
deadline=$((SECONDS + 180))
while squeue -h -j "$job" 2>/dev/null | grep -q . && [ $SECONDS -lt $deadline ]; do sleep 1; done
squeue -h -j "$job" 2>/dev/null | grep -q . && fail "job $job still queued after 180 s: $(squeue -j "$job")"
"$ecopt" slurm status array.yaml --storage "$url" > status.txt || fail "status: $(cat status.txt)"
"$ecopt" slurm status --study array --storage "$url" --format json > status.json
python3 - status.json "$job" <<'PY'
import json, sys
status = json.load(open(sys.argv[1]))
job = sys.argv[2]
assert status["trials"]["COMPLETE"] == 9, status
assert status["counted"] == 9, status
[entry] = status["jobs"]
assert entry["job_id"] == job and entry["workers"] == 3, entry
tasks = entry["tasks"]
assert sorted(t["task"] for t in tasks) == ["0", "1", "2"], tasks
assert all(t["state"] == "COMPLETED" for t in tasks), tasks
assert sum(t["trials"] for t in tasks) == 9, tasks   # every trial names its array task
PY
grep -q "9 trials counted of 9" status.txt || fail "status: $(cat status.txt)"
for task in 0 1 2; do
  grep -q "ecopt worker: study 'array'" "runs/array/slurm/${job}_$task.out" ||
    fail "task $task output: $(cat "runs/array/slurm/${job}_$task.out" 2>&1)"
done
echo "1 passed, 0 failed"
