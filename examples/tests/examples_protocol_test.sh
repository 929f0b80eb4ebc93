#!/usr/bin/env bash
# Tiny runs of the example trials, checking their wiring to ecopt's trial protocol.
# Usage: examples_protocol_test.sh MODE ECOPT CNN TEXTGEN EXAMPLES_DIR
#   MODE cnn, textgen: run the program directly with ECOPT_FD set, check the messages
#   MODE tune: run both under `ecopt tune`, check what the study records, and that the
#              shipped study files are valid
# Exit status 77 (skipped) when the data a mode needs is not installed.
set -euo pipefail
mode=$1
ecopt=$2
cnn=$3
textgen=$4
examples=$5
fashion=/usr/share/datasets/fashion-mnist
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
tiny_cnn=(--train-samples 256 --val-samples 128 --test-samples 300 --epochs 2 --batch-size 32)
tiny_textgen=(--layers 1 --d-model 16 --heads 2 --context-length 16 --steps 4 --batch-size 4
              --gen-batch-size 2 --gen-tokens 10 --val-windows 4)

need_fashion() {
  [ -f "$fashion/train-images-idx3-ubyte.gz" ] || { echo "SKIP: $fashion missing (dataset-fashion-mnist)"; exit 77; }
}

case "$mode" in
cnn)
  need_fashion
  ECOPT_FD=3 "$cnn" "${tiny_cnn[@]}" --width 4 --depth 1 --kernel-size 3 --max-pool true \
    3> protocol.jsonl > out.log 2>&1 || fail "ecopt-cnn: $(cat out.log)"
  python3 - protocol.jsonl <<'PY'
import json, sys
messages = [json.loads(line) for line in open(sys.argv[1])]
phases = [(m["phase"], m["event"]) for m in messages if "phase" in m]
assert phases == [("train", "begin"), ("train", "end"), ("inference", "begin"), ("inference", "end")], phases
ends = {m["phase"]: m for m in messages if m.get("event") == "end"}
assert ends["inference"]["samples"] == 300, ends          # the whole (subsampled) test split
assert ends["train"]["samples"] == 2 * 256, ends          # epochs x training samples
attrs = [m["attrs"] for m in messages if "attrs" in m][0]
# width 4, depth 1, 3x3, pooled: conv 40 + dense 4*14*14*10 + 10 = 7,890 parameters
assert attrs["params"] == 7890, attrs
assert attrs["flops"] == 2 * 9 * 4 * 28 * 28 + 2 * 784 * 10, attrs
metrics = {}
for m in messages:
    metrics.update(m.get("metric", {}))
assert 0 <= metrics["accuracy"] <= 1 and metrics["epochs"] >= 1, metrics
reports = [m["report"] for m in messages if "report" in m]
assert [r["step"] for r in reports] == list(range(1, len(reports) + 1)) and "val_loss" in reports[0]["values"]
PY
  # Outside ecopt the client is silent and the program still runs.
  "$cnn" "${tiny_cnn[@]}" --epochs 1 --baseline mlp > plain.log 2>&1 || fail "without ECOPT_FD: $(cat plain.log)"
  grep -q "^accuracy" plain.log || fail "no accuracy line: $(cat plain.log)"
  # Errors: a missing dataset names the package and the path; usage errors exit 2.
  set +e
  "$cnn" --data-dir "$work/nowhere" > missing.log 2>&1; status=$?
  "$cnn" --dataset cifar10 > cifar.log 2>&1; cifar_status=$?
  "$cnn" --kernel-size 4 > kernel.log 2>&1; kernel_status=$?
  set -e
  [ "$status" -eq 1 ] || fail "missing dataset exited $status"
  grep -q "dataset-fashion-mnist" missing.log && grep -q "$work/nowhere/train-images-idx3-ubyte.gz" missing.log ||
    fail "missing-dataset message: $(cat missing.log)"
  [ "$cifar_status" -eq 2 ] && grep -q "needs --data-dir" cifar.log || fail "cifar10 without a directory: $(cat cifar.log)"
  [ "$kernel_status" -eq 2 ] && grep -q "kernel size" kernel.log || fail "bad kernel: $(cat kernel.log)"
  ;;
textgen)
  [ -d /usr/share/common-licenses ] || { echo "SKIP: /usr/share/common-licenses missing"; exit 77; }
  for cache in true false; do
    ECOPT_FD=3 "$textgen" "${tiny_textgen[@]}" --kv-cache $cache 3> protocol-$cache.jsonl > out-$cache.log 2>&1 ||
      fail "ecopt-textgen --kv-cache $cache: $(cat out-$cache.log)"
  done
  python3 - protocol-true.jsonl protocol-false.jsonl <<'PY'
import json, sys
for path in sys.argv[1:]:
    messages = [json.loads(line) for line in open(path)]
    ends = {m["phase"]: m for m in messages if m.get("event") == "end"}
    assert set(ends) == {"train", "generate"}, ends
    assert ends["generate"]["samples"] == 2 * 10, ends     # tokens generated
    assert ends["train"]["samples"] == 4 * 4 * 16, ends    # steps x batch x context
    attrs = [m["attrs"] for m in messages if "attrs" in m][0]
    # 1 layer, d 16, context 16: 256*16 + 16*16 + 12*256 + 13*16 + 2*16
    assert attrs["params"] == 4096 + 256 + 3072 + 208 + 32, attrs
    metrics = {}
    for m in messages:
        metrics.update(m.get("metric", {}))
    assert metrics["perplexity"] > 1, metrics
PY
  # Greedy decoding gives the same text with and without the cache.
  [ "$(grep '^sample:' out-true.log)" = "$(grep '^sample:' out-false.log)" ] ||
    fail "cached and uncached samples differ: $(grep '^sample:' out-*.log)"
  set +e
  "$textgen" --text "$work/nowhere" > missing.log 2>&1; status=$?
  "$textgen" --d-model 30 --heads 4 > heads.log 2>&1; heads_status=$?
  set -e
  [ "$status" -eq 1 ] && grep -q "$work/nowhere" missing.log || fail "missing text: $(cat missing.log)"
  [ "$heads_status" -eq 2 ] && grep -q "must divide" heads.log || fail "heads: $(cat heads.log)"
  ;;
tune)
  need_fashion
  for study in demo fashion-cnn textgen; do
    "$ecopt" study create "$examples/$study.yaml" --storage "sqlite:///$work/check.db" > /dev/null ||
      fail "examples/$study.yaml is not a valid study file"
  done
  cat > cnn.yaml <<YAML
name: cnn
command: ["$cnn", --width, "{width}", --depth, "1", --optimizer, "{optimizer}", --train-samples, "128",
          --val-samples, "64", --test-samples, "200", --epochs, "1"]
parameters:
  width: {type: int, low: 2, high: 8}
  optimizer: {type: categorical, choices: [adam, sgd]}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: sobol, seed: 1}
run: {timeout: 2min}
YAML
  cat > textgen.yaml <<YAML
name: textgen
command: ["$textgen", --layers, "1", --d-model, "16", --heads, "2", --context-length, "16",
          --steps, "3", --batch-size, "4", --gen-batch-size, "2", --gen-tokens, "8",
          --kv-cache, "{kv_cache}"]
parameters:
  kv_cache: {type: categorical, choices: [true, false]}
objectives:
  - {name: perplexity, goal: minimize}
  - {name: energy.generate.per_sample, goal: minimize}
sampler: {name: sobol, seed: 1}
run: {timeout: 2min}
YAML
  "$ecopt" tune cnn.yaml --trials 2 --meter estimator --no-gpus --quiet > tune-cnn.log 2>&1 || fail "tune cnn: $(cat tune-cnn.log)"
  "$ecopt" tune textgen.yaml --trials 2 --meter estimator --no-gpus --quiet > tune-textgen.log 2>&1 ||
    fail "tune textgen: $(cat tune-textgen.log)"
  "$ecopt" trials --study cnn --format json > cnn.json
  "$ecopt" trials --study textgen --format json > textgen.json
  python3 - cnn.json textgen.json <<'PY'
import json, sys
for path, work_phase, samples, objective in [(sys.argv[1], "inference", 200, "energy.inference.per_sample"),
                                             (sys.argv[2], "generate", 16, "energy.generate.per_sample")]:
    trials = json.load(open(path))
    assert len(trials) == 2 and all(t["state"] == "COMPLETE" for t in trials), [(t["state"], t["error"]) for t in trials]
    for t in trials:
        phases = {p["phase"]: p for p in t["phases"]}
        assert set(phases) == {"train", work_phase, "total"}, phases.keys()
        assert phases[work_phase]["samples"] == samples, phases[work_phase]
        assert abs(t["values"][objective] - phases[work_phase]["total_energy_j"] / samples) < 1e-9
        assert t["user_attrs"]["params"] > 0 and t["user_attrs"]["flops"] > 0, t["user_attrs"]
PY
  ;;
*) fail "unknown mode $mode" ;;
esac
echo "examples $mode: passed"
