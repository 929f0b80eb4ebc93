#!/usr/bin/env bash
# Runs every sampler on every problem for every seed, 120 trials each, into
# bench/optimizers/results/raw/SAMPLER.PROBLEM.seedS.jsonl, two runs at a time, then
# summarises (results/summary.md, results/summary.json). Files that exist are skipped, so
# an interrupted run resumes where it stopped; the runners write FILE.tmp and rename it
# when done, so a half-written run is never taken for a finished one. The budget of 60
# trials is scored on the first 60 trials of the same runs (samplers do not know the
# budget).
#
#   bench/optimizers/run_all.sh [BUILD_DIR]     (default build/release)
#
# Settings, from the environment:
#   ECOPT_SAMPLERS   default "mobo nsga2 sobol random" (empty: none); names the binary
#                    rejects with "unknown sampler" are skipped with a note
#   OPTUNA_SAMPLERS  default "optuna-tpe optuna-nsga2 optuna-random" (empty: none)
#   PROBLEMS         default: every problem `ecopt_bench_optimizers --list` gives
#   SEEDS            default "0 1 2 3 4 5 6 7 8 9"
#   TRIALS           default 120
#   JOBS             default 2 (runs at a time)
#   PYTHON           default /usr/bin/python3 (needs python3-optuna 3.1 and numpy)
#   RESULTS          default bench/optimizers/results (raw/, run_all.log, summary.*)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [[ ${1:-} != --one ]]; then
  build=${1:-build/release}
  [[ $build = /* ]] || build="$root/$build"
  export ECOPT_BENCH_BIN="$build/bin/ecopt_bench_optimizers"
fi
bin=$ECOPT_BENCH_BIN
python=${PYTHON:-/usr/bin/python3}
peer="$here/optuna_peer.py"
results=${RESULTS:-$here/results}
raw="$results/raw"
log="$results/run_all.log"
trials=${TRIALS:-120}
jobs=${JOBS:-2}
seeds=${SEEDS:-"0 1 2 3 4 5 6 7 8 9"}
ecopt_samplers=${ECOPT_SAMPLERS-"mobo nsga2 sobol random"}
optuna_samplers=${OPTUNA_SAMPLERS-"optuna-tpe optuna-nsga2 optuna-random"}

# One run (xargs below calls the script again for each): run_all.sh --one SAMPLER PROBLEM SEED
if [[ ${1:-} == --one ]]; then
  sampler=$2 problem=$3 seed=$4
  out="$raw/$sampler.$problem.seed$seed.jsonl"
  [[ -e $out ]] && exit 0
  start_ns=$(date +%s%N)
  if [[ $sampler == optuna-* ]]; then
    "$python" "$peer" --sampler "$sampler" --problem "$problem" --seed "$seed" \
      --trials "$trials" --out "$out" 2>"$out.err"
  else
    "$bin" --sampler "$sampler" --problem "$problem" --seed "$seed" --trials "$trials" \
      --out "$out" 2>"$out.err"
  fi || { echo "FAILED: $sampler $problem seed $seed (see $out.err)" | tee -a "$log" >&2; exit 1; }
  rm -f "$out.err"
  elapsed_ms=$((($(date +%s%N) - start_ns) / 1000000))
  printf '%s\t%s\t%s\t%d.%03d s\n' "$sampler" "$problem" "$seed" $((elapsed_ms / 1000)) \
    $((elapsed_ms % 1000)) >>"$log"
  exit 0
fi

[[ -x $bin ]] || { echo "run_all.sh: $bin not found; build the target ecopt_bench_optimizers" >&2; exit 1; }
mkdir -p "$raw"

problems=${PROBLEMS:-$("$bin" --list | grep -v '^#' | cut -f1 | tr '\n' ' ')}
# Both runners must define the same problems; the summary checks the details again.
if ! diff <("$bin" --list | cut -f1-5) <("$python" "$peer" --list | cut -f1-5) >/dev/null; then
  echo "run_all.sh: ecopt_bench_optimizers --list and optuna_peer.py --list differ" >&2
  exit 1
fi

samplers=()
for sampler in $ecopt_samplers; do
  probe=$("$bin" --sampler "$sampler" --problem zdt1 --trials 1 2>&1 >/dev/null) || true
  if [[ $probe == *"unknown sampler"* ]]; then
    echo "run_all.sh: this build has no sampler '$sampler'; skipping it" >&2
  else
    samplers+=("$sampler")
  fi
done
read -ra optuna_list <<<"$optuna_samplers"
samplers+=("${optuna_list[@]}")

echo "run_all.sh: samplers: ${samplers[*]}; problems: $problems; seeds: $seeds; $trials trials; $jobs at a time"
export PYTHON=$python TRIALS=$trials RESULTS=$results
for sampler in "${samplers[@]}"; do
  for problem in $problems; do
    for seed in $seeds; do
      echo "$sampler $problem $seed"
    done
  done
done | xargs -P "$jobs" -L 1 "$0" --one || status=$?
"$python" "$here/summarise.py" --raw "$raw" --out-dir "$results"
exit "${status:-0}"
