#!/usr/bin/env bash
# The Fashion-MNIST CNN study (examples/demo.yaml's search space) with and without a
# pruner: the same seeds and trial count, one study per seed and mode, one after another,
# then the tuning energy, the final hypervolume and the trials of each (docs/pruning.md,
# docs/benchmarks.md). Small enough for a loaded 2-core machine: a training subsample and
# a few epochs, every trial running all of them (no early stopping), so that pruning is
# the only thing that cuts a trial short.
#
#   bench/pruning/cnn.sh [BUILD_DIR]      (default build/release)
#
# Settings, from the environment (defaults in brackets):
#   SEEDS [0 1 2]  TRIALS [12]  EPOCHS [6]  TRAIN [2000]  VAL [500]  TEST [1000]
#   PRUNER ["{name: mo-asha, eta: 2, startup_trials: 3}"]  the pruned studies' pruner:
#   OUT [BUILD_DIR/bench-pruning-cnn]  the studies' storage, runs and summary.md; a study
#                                    already stored there is not run again
#   METER [estimator]  the CPU meter (`--meter`); energy is measured per process either way
#   MODES [full pruned]  which studies to run (e.g. MODES=full first, MODES=pruned later
#                        with the same OUT: the summary needs both)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-build/release}
[[ $build = /* ]] || build="$root/$build"
seeds=${SEEDS:-"0 1 2"}
trials=${TRIALS:-12}
epochs=${EPOCHS:-6}
pruner=${PRUNER:-"{name: mo-asha, eta: 2, startup_trials: 3}"}
out=${OUT:-$build/bench-pruning-cnn}
mkdir -p "$out"
cd "$out"

study_file() {  # NAME SEED PRUNER_LINE
  cat > "$1.yaml" <<YAML
name: $1
command: [$build/bin/ecopt-cnn,
          --width, "{width}", --depth, "{depth}", --kernel-size, "{kernel_size}",
          --max-pool, "{max_pool}", --optimizer, "{optimizer}", --lr, "{lr}",
          --inference-batch-size, "{inference_batch_size}",
          --train-samples, "${TRAIN:-2000}", --val-samples, "${VAL:-500}",
          --test-samples, "${TEST:-1000}", --epochs, "$epochs", --patience, "0",
          --batch-size, "32", --threads, "1"]
parameters:
  width: {type: int, low: 4, high: 16, log: true}
  depth: {type: int, low: 1, high: 3}
  kernel_size: {type: categorical, choices: [1, 3, 5]}
  max_pool: {type: categorical, choices: [true, false]}
  optimizer: {type: categorical, choices: [adam, sgd]}
  lr: {type: float, low: 3.0e-4, high: 3.0e-2, log: true}
  inference_batch_size: {type: int, low: 8, high: 512, log: true}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: auto, seed: $2, initial_trials: 6}
budget: {trials: $trials}
run: {timeout: 10min, scope: process}
$3
YAML
}

for seed in $seeds; do
  for mode in ${MODES:-full pruned}; do
    name="cnn-$mode-s$seed"
    line=""
    [ "$mode" = pruned ] && line="pruner: $pruner"
    study_file "$name" "$seed" "$line"
    if [ ! -s "$name.json" ]; then
      start=$(date +%s)
      "$build/bin/ecopt" tune "$name.yaml" --meter "${METER:-estimator}" --no-gpus --quiet \
        > "$name.log" 2>&1 || { echo "tune $name failed: see $out/$name.log" >&2; exit 1; }
      echo "$name: $(($(date +%s) - start)) s" >> times.log
      "$build/bin/ecopt" export --study "$name" --format json -o "$name.json"
    fi
    [ -s "$name.trials.json" ] ||  # the curves and prune reasons, for the latency count
      "$build/bin/ecopt" trials --study "$name" --format json > "$name.trials.json"
  done
done
for seed in $seeds; do  # the summary needs both modes of every seed
  [ -s "cnn-full-s$seed.json" ] && [ -s "cnn-pruned-s$seed.json" ] || exit 0
done
python3 "$here/cnn_summary.py" "$seeds" > summary.md
cat summary.md
