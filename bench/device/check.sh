#!/usr/bin/env bash
# The device check (docs/benchmarks.md, "Device check"). On an NVIDIA machine with CUDA
# PyTorch and pynvml, offline, in under 8 minutes, it
#   1. builds ecopt, and the example trials (examples/: cnn and textgen) against that
#      machine's LibTorch (PyTorch's own, torch.utils.cmake_prefix_path);
#   2. compares ecopt's NVML energy for a busy GPU window with NVML's total-energy counter
#      read through pynvml over the same window: they must agree within 2 % + 1 J;
#   3. runs a short CUDA CNN study with `ecopt tune` and prints its frontier;
#   4. compares textgen's energy per token on CPU and on GPU with `ecopt compare`;
#   5. sweeps GPU 0's power limit: one CNN's energy per inference at three limits, each a
#      study with `hardware: gpu_power_limit_w` (ecopt applies and restores it); the
#      original limit is put back at the end however the script ends (needs root).
# It prints a summary, and exits 0 when every check passed, 1 when one failed, 2 for a
# bad argument, and 77 (skipped) when there is no NVIDIA GPU.
#
# Usage: bench/device/check.sh [--cpu] [--debs DIR] [--prebuilt DIR] [--work DIR]
#                              [--results DIR] [--budget SECONDS] [--jobs N]
#   --cpu          a dry run on any machine: everything on the CPU, with smaller trials;
#                  the NVML comparison is skipped. Checks the script's own plumbing.
#   --debs DIR     unpack these Debian packages (bench/device/fetch-debs.sh) into a
#                  private prefix and build against it: for a machine without ecopt's
#                  build dependencies and without a package registry
#   --prebuilt DIR use DIR/bin/ecopt, ecopt-cnn and ecopt-textgen (e.g. build/release)
#                  instead of building them (the build check is then skipped)
#   --work DIR     builds, studies and logs (default: build/device-check)
#   --results DIR  copy the summary and the checks' JSON there at the end
#   --budget S     the time limit of the whole run (default 470); each step has its share
#   --jobs N       build jobs (default: all cores)
# Environment: PYTHON (default python3) is the Python with torch and pynvml.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
cpu_only=0
debs=""
prebuilt=""
work="$repo/build/device-check"
results=""
budget_s=470
jobs=$(nproc 2>/dev/null || echo 4)

usage() { sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu) cpu_only=1 ;;
    --debs) debs=${2:?--debs needs a directory}; shift ;;
    --prebuilt) prebuilt=${2:?--prebuilt needs a build directory}; shift ;;
    --work) work=${2:?--work needs a directory}; shift ;;
    --results) results=${2:?--results needs a directory}; shift ;;
    --budget) budget_s=${2:?--budget needs seconds}; shift ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "check.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$budget_s$jobs" in
  *[!0-9]*) echo "check.sh: --budget and --jobs take whole numbers" >&2; exit 2 ;;
esac

started_s=$(date +%s)
mkdir -p "$work/logs" || { echo "check.sh: cannot create $work" >&2; exit 2; }
logs="$work/logs"

# --- the record of each check, and the summary -------------------------------------------
names=() statuses=() durations=() details=()
record() {  # NAME STATUS SECONDS DETAIL
  names+=("$1") statuses+=("$2") durations+=("$3") details+=("$4")
  printf '[%s] %s: %s\n' "$2" "$1" "$4"
}
elapsed() { echo $(($(date +%s) - started_s)); }
# The seconds a step may take: its share, or what is left of the budget (minus a reserve
# for the summary) if that is less.
limit() {
  local share=$1 left=$((budget_s - $(elapsed) - 10))
  [ "$left" -lt "$share" ] && share=$left
  [ "$share" -lt 1 ] && share=1
  echo "$share"
}
# run_limited SECONDS LOG COMMAND...: runs it with a time limit, output to LOG; returns
# its status (124 when it ran out of time).
run_limited() {
  local limit_s=$1 log=$2
  shift 2
  timeout --kill-after=10 "$limit_s" "$@" > "$log" 2>&1
}
tail_of() { tail -n "${2:-15}" "$1" 2>/dev/null | sed 's/^/    | /'; }

summary() {
  local total failed=0 i
  total=$(elapsed)
  for i in "${!statuses[@]}"; do
    [ "${statuses[$i]}" = FAIL ] && failed=$((failed + 1))
  done
  {
    echo
    echo "=== ecopt device check: $machine"
    printf '%-34s %-6s %7s  %s\n' "check" "result" "seconds" "detail"
    for i in "${!names[@]}"; do
      printf '%-34s %-6s %7s  %s\n' "${names[$i]}" "${statuses[$i]}" "${durations[$i]}" "${details[$i]}"
    done
    printf '%-34s %-6s %7s  %s\n' "total" "" "$total" "budget $budget_s s (limit 480 s)"
    if [ "$failed" -gt 0 ]; then
      echo "RESULT: $failed check(s) FAILED (logs in $logs)"
    else
      echo "RESULT: every check passed"
    fi
  } | tee "$work/summary.txt"
  if [ -n "$results" ]; then
    mkdir -p "$results"
    cp "$work/summary.txt" "$results/" 2>/dev/null
    for f in "$work/nvml.json" "$work/cnn/pareto.txt" "$work/textgen/compare/compare.json" \
      "$work/power/sweep.txt"; do
      [ -f "$f" ] && cp "$f" "$results/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
  fi
  [ "$failed" -eq 0 ]
}

# --- 0. is there a GPU? -----------------------------------------------------------------
gpu_name=""
if command -v nvidia-smi > /dev/null 2>&1; then
  gpu_name=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -n 1)
fi
torch_cuda=$("$python" -c 'import torch; print(int(torch.cuda.is_available()))' 2>/dev/null)
if [ "$cpu_only" -eq 0 ] && { [ -z "$gpu_name" ] || [ "$torch_cuda" != 1 ]; }; then
  echo "SKIP: no usable NVIDIA GPU here (nvidia-smi: ${gpu_name:-none}; PyTorch CUDA: ${torch_cuda:-no torch})."
  echo "      Run this on a GPU machine, or with --cpu for a dry run of everything but the GPU."
  exit 77
fi
device=cuda
[ "$cpu_only" -eq 1 ] && device=cpu
machine="${gpu_name:-no GPU}; $(nproc) cores; $(uname -sr)"
if torch_version=$("$python" -c 'import torch; print(torch.__version__)' 2>/dev/null); then
  machine+="; torch $torch_version"
fi
[ "$cpu_only" -eq 1 ] && machine+="; --cpu dry run"
echo "ecopt device check: $machine; work in $work"

# --- 1. build ecopt and the examples ----------------------------------------------------
generator=()
command -v ninja > /dev/null 2>&1 && generator=(-G Ninja)
launcher=()
command -v ccache > /dev/null 2>&1 &&
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
prefix_path=()
if [ -n "$debs" ]; then
  # Debian packages unpacked into a private prefix: headers, CMake configs, libraries.
  sysroot="$work/sysroot"
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do
    [ -f "$deb" ] || { echo "check.sh: no .deb files in $debs" >&2; exit 2; }
    if command -v dpkg-deb > /dev/null 2>&1; then
      dpkg-deb -x "$deb" "$sysroot"
    else
      (cd "$sysroot" && ar p "$deb" "$(ar t "$deb" | grep '^data.tar')" | tar -x -a -f - 2> /dev/null ||
        ar p "$deb" "$(ar t "$deb" | grep '^data.tar')" | tar -x --zstd -f -)
    fi || { echo "check.sh: cannot unpack $deb" >&2; exit 2; }
  done
  prefix_path=("$sysroot/usr")
  export LD_LIBRARY_PATH="$sysroot/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LIBRARY_PATH="$sysroot/usr/lib/x86_64-linux-gnu${LIBRARY_PATH:+:$LIBRARY_PATH}"
  export CPATH="$sysroot/usr/include${CPATH:+:$CPATH}"
fi
torch_prefix=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)
examples_prefix=("${prefix_path[@]}")
[ -n "$torch_prefix" ] && examples_prefix+=("$torch_prefix")
join_paths() { local IFS=';'; echo "$*"; }

ecopt_configure=(cmake -S "$repo" -B "$work/ecopt" "${generator[@]}" "${launcher[@]}"
  -DCMAKE_BUILD_TYPE=Release -DECOPT_BUILD_TESTS=OFF -DECOPT_BUILD_BENCHMARKS=OFF
  -DECOPT_BUILD_EXAMPLES=OFF)
[ ${#prefix_path[@]} -gt 0 ] && ecopt_configure+=("-DCMAKE_PREFIX_PATH=$(join_paths "${prefix_path[@]}")")
examples_configure=(cmake -S "$repo/examples" -B "$work/examples" "${generator[@]}" "${launcher[@]}"
  -DCMAKE_BUILD_TYPE=Release -DECOPT_BUILD_TESTS=OFF)
[ ${#examples_prefix[@]} -gt 0 ] &&
  examples_configure+=("-DCMAKE_PREFIX_PATH=$(join_paths "${examples_prefix[@]}")")

# LibTorch found by hand, for a PyTorch whose CMake config cannot load here (a CUDA build
# without the CUDA toolkit): its headers, its libraries (libtorch_cuda linked even though
# no symbol of it is used directly, so that CUDA registers), and its C++ ABI.
manual_torch_configure() {
  local dir abi libs=""
  dir=$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))') || return 1
  abi=$("$python" -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))') || return 1
  for lib in torch torch_cpu torch_cuda c10 c10_cuda; do
    [ -f "$dir/lib/lib$lib.so" ] && libs+="${libs:+;}$dir/lib/lib$lib.so"
  done
  rm -rf "$work/examples"
  cmake -S "$repo/examples" -B "$work/examples" "${generator[@]}" "${launcher[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DECOPT_BUILD_TESTS=OFF -DTorch_FOUND=ON \
    "-DTORCH_LIBRARIES=$libs" \
    "-DCMAKE_CXX_FLAGS=-isystem $dir/include -isystem $dir/include/torch/csrc/api/include -D_GLIBCXX_USE_CXX11_ABI=$abi" \
    "-DCMAKE_EXE_LINKER_FLAGS=-Wl,--no-as-needed -Wl,-rpath,$dir/lib" \
    ${prefix_path[@]:+"-DCMAKE_PREFIX_PATH=$(join_paths "${prefix_path[@]}")"}
}

step_start=$(date +%s)
build_limit=$(limit 210)
if [ -n "$prebuilt" ]; then
  prebuilt=$(cd "$prebuilt" && pwd) || exit 2
  mkdir -p "$work/ecopt/bin" "$work/examples/bin"
  for program in ecopt:ecopt ecopt-cnn:examples ecopt-textgen:examples; do
    ln -sf "$prebuilt/bin/${program%%:*}" "$work/${program#*:}/bin/${program%%:*}"
  done
fi
[ -z "$prebuilt" ] && (
  run_limited "$build_limit" "$logs/build-ecopt.log" bash -c \
    "$(printf '%q ' "${ecopt_configure[@]}") && cmake --build $(printf '%q' "$work/ecopt") --target ecopt_cli -j $jobs"
) &
ecopt_build=$!
[ -z "$prebuilt" ] && (
  if ! run_limited "$build_limit" "$logs/configure-examples.log" "${examples_configure[@]}"; then
    echo "find_package(Torch) failed; configuring with LibTorch's paths by hand" >> "$logs/configure-examples.log"
    [ -n "$torch_prefix" ] && manual_torch_configure >> "$logs/configure-examples.log" 2>&1 || exit 1
  fi
  run_limited "$build_limit" "$logs/build-examples.log" cmake --build "$work/examples" -j "$jobs"
) &
examples_build=$!
ecopt_status=0 examples_status=0
if [ -z "$prebuilt" ]; then
  wait "$ecopt_build"
  ecopt_status=$?
  wait "$examples_build"
  examples_status=$?
fi
ecopt="$work/ecopt/bin/ecopt"
cnn="$work/examples/bin/ecopt-cnn"
textgen="$work/examples/bin/ecopt-textgen"
build_s=$(($(date +%s) - step_start))
if [ -n "$prebuilt" ]; then
  record "build" SKIP 0 "--prebuilt $prebuilt"
elif [ "$ecopt_status" -ne 0 ] || [ ! -x "$ecopt" ]; then
  record "build ecopt" FAIL "$build_s" "status $ecopt_status ($([ "$ecopt_status" -eq 124 ] && echo "timed out after $build_limit s" || echo "see $logs/build-ecopt.log"))"
  tail_of "$logs/build-ecopt.log" 25
else
  record "build ecopt" PASS "$build_s" "$("$ecopt" --version 2>/dev/null)"
fi
if [ -n "$prebuilt" ]; then
  :
elif [ "$examples_status" -ne 0 ] || [ ! -x "$cnn" ] || [ ! -x "$textgen" ]; then
  record "build examples (LibTorch)" FAIL "$build_s" "status $examples_status; see $logs/configure-examples.log, build-examples.log"
  tail_of "$logs/configure-examples.log" 10
  tail_of "$logs/build-examples.log" 15
else
  record "build examples (LibTorch)" PASS "$build_s" "against ${torch_prefix:-the system LibTorch}"
fi
if [ ! -x "$ecopt" ]; then
  summary
  exit 1
fi
"$ecopt" meters > "$logs/meters.txt" 2>&1
sed 's/^/    /' "$logs/meters.txt"

# --- 2. ecopt's NVML energy against pynvml's, over one busy window -----------------------
if [ "$cpu_only" -eq 1 ]; then
  record "NVML vs pynvml" SKIP 0 "--cpu: no GPU to measure"
elif ! "$python" -c 'import pynvml' 2> /dev/null; then
  record "NVML vs pynvml" FAIL 0 "$python cannot import pynvml (pip package nvidia-ml-py)"
else
  step_start=$(date +%s)
  nvml_limit=$(limit 50)
  run_limited "$nvml_limit" "$logs/nvml.log" "$ecopt" measure --meter none --interval 50ms --json \
    -o "$work/nvml.json" -- "$python" "$here/nvml_window.py" --seconds 15
  nvml_status=$?
  step_s=$(($(date +%s) - step_start))
  if [ "$nvml_status" -ne 0 ] || [ ! -s "$work/nvml.json" ]; then
    record "NVML vs pynvml" FAIL "$step_s" "ecopt measure exited $nvml_status; see $logs/nvml.log"
    tail_of "$logs/nvml.log"
  else
    # Every GPU with a total-energy counter: |ecopt - pynvml| <= 2 % of pynvml + 1 J.
    verdict=$("$python" - "$work/nvml.json" << 'PY'
import json, sys
report = json.load(open(sys.argv[1]))
run = report["runs"][0]
busy = [p for p in run["phases"] if p["phase"] == "busy"]
metrics = run["metrics"]
if not busy:
    print("FAIL the script marked no busy phase; meter %s" % report["meter"])
    sys.exit()
domains = busy[0]["domains_j"]
lines, ok, compared, busiest = [], True, 0, 0.0
index = 0
while "pynvml_gpu%d_supported" % index in metrics:
    name = "gpu-%d" % index
    if metrics["pynvml_gpu%d_supported" % index] != 1:
        lines.append("%s: no total-energy counter (pynvml), not compared" % name)
    elif name not in domains:
        ok = False
        lines.append("%s: ecopt did not meter it (meter %s)" % (name, report["meter"]))
    else:
        theirs, ours = metrics["pynvml_gpu%d_j" % index], domains[name]
        allowed = 0.02 * theirs + 1.0
        good = abs(ours - theirs) <= allowed
        ok = ok and good
        compared += 1
        busiest = max(busiest, theirs)
        lines.append("%s: ecopt %.1f J, pynvml %.1f J, difference %.2f J (%.3f %%), allowed %.1f J: %s"
                     % (name, ours, theirs, ours - theirs, 100 * (ours - theirs) / theirs if theirs else 0,
                        allowed, "ok" if good else "TOO FAR"))
    index += 1
if compared == 0:
    ok = False
    lines.append("no GPU could be compared")
elif busiest < 10.0:
    ok = False
    lines.append("the busiest GPU used only %.1f J in %.0f s: was it busy?" % (busiest, metrics["busy_seconds"]))
print(("PASS " if ok else "FAIL ") + "%.1f s window, %.0f TFLOP/s bf16; " % (metrics["busy_seconds"], metrics["tflops"]) + "; ".join(lines))
PY
)
    record "NVML vs pynvml (2 % + 1 J)" "${verdict%% *}" "$step_s" "${verdict#* }"
  fi
fi

# --- 3. a short CNN study with ecopt tune, and its frontier -----------------------------
step_start=$(date +%s)
mkdir -p "$work/cnn"
data_dir=/usr/share/datasets/fashion-mnist
data_note="Fashion-MNIST"
if [ ! -f "$data_dir/train-images-idx3-ubyte.gz" ]; then
  data_dir="$work/synthetic-fashion-mnist"
  data_note="synthetic data in Fashion-MNIST's format (no dataset-fashion-mnist here)"
  [ -f "$data_dir/t10k-labels-idx1-ubyte.gz" ] ||
    "$python" "$here/synthetic_fashion_mnist.py" "$data_dir" > "$logs/synthetic-data.log" 2>&1
fi
if [ "$cpu_only" -eq 1 ]; then
  train_samples=2000 epochs=1 cnn_trials=4
else
  train_samples=12000 epochs=2 cnn_trials=6
fi
rm -f "$work/cnn/cnn-device.db"
cat > "$work/cnn/cnn-device.yaml" << YAML
name: cnn-device
description: the device check's short CNN study ($device, $data_note)
command: ["$cnn", --data-dir, "$data_dir", --device, $device,
          --width, "{width}", --depth, "{depth}", --kernel-size, "{kernel_size}",
          --lr, "{lr}", --train-samples, "$train_samples", --val-samples, "1000",
          --epochs, "$epochs", --patience, "0", --batch-size, "64",
          --inference-batch-size, "256", --threads, "2"]
parameters:
  width: {type: int, low: 4, high: 32, log: true}
  depth: {type: int, low: 1, high: 2}
  kernel_size: {type: categorical, choices: [3, 5]}
  lr: {type: float, low: 1.0e-3, high: 1.0e-2, log: true}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: sobol, seed: 0}
storage: sqlite:///$work/cnn/cnn-device.db
run: {timeout: 60s, runs_dir: $work/cnn/runs}
YAML
if [ ! -x "$cnn" ]; then
  record "CNN study ($device)" FAIL 0 "ecopt-cnn was not built"
else
  cnn_limit=$(limit 120)
  (cd "$work/cnn" && run_limited "$cnn_limit" "$logs/cnn-tune.log" "$ecopt" tune cnn-device.yaml \
    --trials "$cnn_trials" --quiet)
  tune_status=$?
  "$ecopt" pareto --study cnn-device --storage "sqlite:///$work/cnn/cnn-device.db" > "$work/cnn/pareto.txt" 2>&1
  "$ecopt" trials --study cnn-device --storage "sqlite:///$work/cnn/cnn-device.db" --format json \
    > "$work/cnn/trials.json" 2> /dev/null
  step_s=$(($(date +%s) - step_start))
  verdict=$("$python" - "$work/cnn/trials.json" "$device" "$cnn_trials" << 'PY'
import json, sys
try:
    trials = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print("FAIL no trials to read: %s" % e)
    sys.exit()
device, wanted = sys.argv[2], int(sys.argv[3])
complete = [t for t in trials if t["state"] == "COMPLETE"]
problems = []
if len(complete) < max(1, wanted - 2):
    problems.append("%d of %d trials COMPLETE" % (len(complete), len(trials)))
if device == "cuda":
    for t in complete:
        inference = [p for p in t["phases"] if p["phase"] == "inference"]
        gpu = sum(j for p in inference for d, j in p["energy_j"].items() if d.startswith("gpu-"))
        if not gpu > 0:
            problems.append("trial %d: no GPU energy in its inference phase" % t["number"])
errors = sorted({t["error"].splitlines()[0] for t in trials if t["state"] == "FAIL" and t["error"]})
meters = sorted({p["meter"] for t in trials for p in t["phases"]})
detail = "%d trials, %d COMPLETE, meter %s" % (len(trials), len(complete), ", ".join(meters) or "none")
if errors:
    detail += "; failures: " + " | ".join(errors)[:300]
print(("FAIL " + "; ".join(problems) + "; " if problems else "PASS ") + detail)
PY
)
  [ "$tune_status" -eq 124 ] && verdict="FAIL ecopt tune timed out after $cnn_limit s; ${verdict#* }"
  record "CNN study ($device, ecopt tune)" "${verdict%% *}" "$step_s" "${verdict#* }"
  echo "    frontier (ecopt pareto --study cnn-device):"
  sed 's/^/    /' "$work/cnn/pareto.txt"
  [ "${verdict%% *}" = PASS ] || tail_of "$logs/cnn-tune.log"
fi

# --- 4. textgen's energy per token, CPU against GPU, with ecopt compare ------------------
step_start=$(date +%s)
mkdir -p "$work/textgen"
corpus=/usr/share/common-licenses
[ -d "$corpus" ] || corpus="$repo/docs"
if [ "$cpu_only" -eq 1 ]; then
  steps=10 cpu_threads=1 b_device=cpu b_threads=1
else
  steps=40 cpu_threads=8 b_device=cuda b_threads=1
fi
textgen_study() {  # NAME DEVICE THREADS
  rm -f "$work/textgen/$1.db"
  cat > "$work/textgen/$1.yaml" << YAML
name: $1
description: the device check's textgen on $2 ($3 threads)
command: ["$textgen", --text, "$corpus", --device, $2, --threads, "$3",
          --layers, "{layers}", --d-model, "{d_model}", --heads, "{heads}",
          --context-length, "64", --steps, "$steps", --batch-size, "16",
          --gen-batch-size, "8", --gen-tokens, "64"]
parameters:
  layers: {type: int, low: 1, high: 2}
  d_model: {type: categorical, choices: [32, 64]}
  heads: {type: categorical, choices: [2, 4]}
objectives:
  - {name: perplexity, goal: minimize}
  - {name: energy.generate.per_sample, goal: minimize}
sampler: {name: sobol, seed: 0}
storage: sqlite:///$work/textgen/$1.db
# process scope: the CPU run is not charged the idle GPU (NVML shows it never used it);
# the GPU run is charged the GPU, and its own share of the CPUs.
run: {timeout: 40s, runs_dir: $work/textgen/runs, scope: process}
YAML
}
if [ ! -x "$textgen" ]; then
  record "textgen CPU vs ${b_device^^} (compare)" FAIL 0 "ecopt-textgen was not built"
else
  textgen_study textgen-cpu cpu "$cpu_threads"
  textgen_study "textgen-$b_device-b" "$b_device" "$b_threads"
  textgen_limit=$(limit 100)
  half=$((textgen_limit / 2))
  (cd "$work/textgen" && run_limited "$half" "$logs/textgen-cpu.log" "$ecopt" tune textgen-cpu.yaml --trials 3 --quiet)
  a_status=$?
  (cd "$work/textgen" && run_limited "$half" "$logs/textgen-b.log" "$ecopt" tune "textgen-$b_device-b.yaml" --trials 3 --quiet)
  b_status=$?
  rm -rf "$work/textgen/compare"
  "$ecopt" compare --storage-a "sqlite:///$work/textgen/textgen-cpu.db" --study-a textgen-cpu \
    --storage-b "sqlite:///$work/textgen/textgen-$b_device-b.db" --study-b "textgen-$b_device-b" \
    -o "$work/textgen/compare" > "$logs/compare.log" 2>&1
  compare_status=$?
  step_s=$(($(date +%s) - step_start))
  verdict=$("$python" - "$work/textgen/compare/compare.json" "$a_status" "$b_status" "$compare_status" "$b_device" << 'PY'
import json, math, sys
a_status, b_status, compare_status = (int(x) for x in sys.argv[2:5])
b_device = sys.argv[5].upper()
if compare_status != 0:
    print("FAIL ecopt compare exited %d (tune: %d, %d)" % (compare_status, a_status, b_status))
    sys.exit()
c = json.load(open(sys.argv[1]))
matches = [m for m in c["matches"]
           if all(isinstance(m[k], (int, float)) and math.isfinite(m[k]) for k in ("energy_a", "energy_b"))]
rows = ["%s: %.3g -> %.3g J/token (x%.2g)" % (",".join("%s=%s" % kv for kv in sorted(m["params"].items())),
                                              m["energy_a"], m["energy_b"], m["energy_b"] / m["energy_a"])
        for m in matches]
ok = len(matches) >= 2 and a_status == 0 and b_status == 0
ratio = c.get("median_energy_ratio_b_over_a")
print(("PASS " if ok else "FAIL ") + "%d configurations matched (tune: %d, %d); median %s/CPU energy per token %s; %s"
      % (len(matches), a_status, b_status, b_device, "%.3g" % ratio if ratio else "n/a", "; ".join(rows)))
PY
)
  record "textgen CPU vs ${b_device^^} (compare)" "${verdict%% *}" "$step_s" "${verdict#* }"
  [ -f "$work/textgen/compare/compare.md" ] && sed -n '1,40p' "$work/textgen/compare/compare.md" | sed 's/^/    /'
  [ "${verdict%% *}" = PASS ] || { tail_of "$logs/textgen-cpu.log"; tail_of "$logs/textgen-b.log"; tail_of "$logs/compare.log"; }
fi

# --- 5. GPU power-limit sweep: one CNN's energy per inference at three limits -------------
# ecopt applies each limit around its trial and restores it; on top of that the original
# limits are read here first and put back by an EXIT trap (also on Ctrl-C, a timeout or a
# failed step), so the machine never stays capped.
original_limits=""
restore_power_limits() {
  [ -n "$original_limits" ] || return 0
  "$ecopt" hardware restore > "$logs/power-restore.log" 2>&1
  local index limit
  while IFS=', ' read -r index limit; do
    [ -n "$index" ] && nvidia-smi -i "$index" -pl "$limit" >> "$logs/power-restore.log" 2>&1
  done <<< "$original_limits"
  original_limits=""
}
step_start=$(date +%s)
if [ "$cpu_only" -eq 1 ]; then
  record "GPU power-limit sweep" SKIP 0 "--cpu: no GPU"
elif ! "$ecopt" hardware --json > "$logs/hardware.json" 2>&1 ||
  ! gpu_knob=$("$python" -c 'import json, sys
k = [k for k in json.load(open(sys.argv[1])) if k["knob"] == "gpu_power_limit_w"][0]
print("%g %g %g" % (k["low"], k["high"], k["current"][0]) if k["available"] else "")
print(k.get("reason", "") + "; " + k.get("fix", ""), file=sys.stderr)' "$logs/hardware.json" 2> "$logs/hardware-reason.txt") ||
  [ -z "$gpu_knob" ]; then
  record "GPU power-limit sweep" SKIP 0 "the power limit cannot be set here: $(cat "$logs/hardware-reason.txt" 2>/dev/null)"
elif [ ! -x "$cnn" ]; then
  record "GPU power-limit sweep" FAIL 0 "ecopt-cnn was not built"
else
  original_limits=$(nvidia-smi --query-gpu=index,power.limit --format=csv,noheader,nounits)
  trap 'restore_power_limits' EXIT
  trap 'exit 130' INT TERM
  read -r low_w high_w now_w <<< "$gpu_knob"
  # The limit now, three quarters of it and half of it, never below the GPU's minimum.
  limits=$("$python" -c 'import sys
low, now = float(sys.argv[1]), float(sys.argv[2])
print(" ".join("%d" % max(low, round(now * f)) for f in (1.0, 0.75, 0.5)))' "$low_w" "$now_w")
  mkdir -p "$work/power"
  sweep_limit=$(limit 120)
  per_run=$((sweep_limit / 3))
  for watts in $limits; do
    rm -f "$work/power/power-$watts.db"
    cat > "$work/power/power-$watts.yaml" << YAML
name: power-$watts
description: the device check's power-limit sweep, GPU limit $watts W
command: ["$cnn", --data-dir, "$data_dir", --device, cuda, --width, "32", --depth, "2",
          --kernel-size, "3", --lr, "3.0e-3", --train-samples, "$train_samples",
          --val-samples, "1000", --epochs, "1", --patience, "0", --batch-size, "64",
          --inference-batch-size, "256", --threads, "2"]
parameters:
  seed: {type: fixed, value: 0}
hardware:
  gpu_power_limit_w: {type: fixed, value: $watts}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
storage: sqlite:///$work/power/power-$watts.db
run: {timeout: 60s, runs_dir: $work/power/runs}
YAML
    (cd "$work/power" && run_limited "$per_run" "$logs/power-$watts.log" "$ecopt" tune \
      "power-$watts.yaml" --trials 1 --quiet)
    "$ecopt" trials --study "power-$watts" --storage "sqlite:///$work/power/power-$watts.db" \
      --format json > "$work/power/trials-$watts.json" 2> /dev/null
  done
  after_limits=$(nvidia-smi --query-gpu=index,power.limit --format=csv,noheader,nounits)
  kept_limits=$original_limits
  restore_power_limits
  trap - EXIT INT TERM
  step_s=$(($(date +%s) - step_start))
  verdict=$("$python" - "$work/power" "$kept_limits" "$after_limits" $limits << 'PY'
import json, sys
folder, before, after, limits = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
rows, ok = [], True
for watts in limits:
    try:
        trials = json.load(open("%s/trials-%s.json" % (folder, watts)))
        t = [t for t in trials if t["state"] == "COMPLETE"][0]
        rows.append("%s W: %.4g J/inference, accuracy %.3f"
                    % (watts, t["values"]["energy.inference.per_sample"], t["values"]["accuracy"]))
    except (OSError, ValueError, IndexError, KeyError) as e:
        ok = False
        rows.append("%s W: no COMPLETE trial (%s)" % (watts, type(e).__name__))
if before.split() != after.split():
    ok = False
    rows.append("LIMIT NOT RESTORED by ecopt: before %r, after %r" % (before, after))
else:
    rows.append("limit restored by ecopt")
print(("PASS " if ok else "FAIL ") + "; ".join(rows))
PY
)
  echo "$verdict" > "$work/power/sweep.txt"
  record "GPU power-limit sweep (CNN)" "${verdict%% *}" "$step_s" "${verdict#* }"
  [ "${verdict%% *}" = PASS ] || for watts in $limits; do tail_of "$logs/power-$watts.log" 5; done
fi

summary
