#!/usr/bin/env bash
# Runs the libFuzzer harnesses of the fuzz preset (ASan + UBSan) from their seed corpora,
# JOBS at a time (default 2: one per core), each for SECONDS (default 60) unless extra
# libFuzzer flags after `--` say otherwise (e.g. -- -runs=1000000). Exits non-zero when
# any harness crashes, leaks, hits undefined behaviour or breaks a property; its input is
# kept as OUT/NAME/crash-* (or leak-*, timeout-*) beside OUT/NAME/log. New inputs the
# fuzzer finds go to OUT/NAME/corpus, never into the seeds in tests/fuzz/corpus.
#
#   cmake --preset fuzz && cmake --build --preset fuzz
#   tests/fuzz/run.sh [-t SECONDS] [-j JOBS] [-o OUT] [HARNESS...] [-- LIBFUZZER_FLAGS...]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=60 jobs=2 out="$root/build/fuzz/runs"
harnesses=() extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -t) seconds=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    -o) out=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
if [[ ${#harnesses[@]} -eq 0 ]]; then
  for seeds in "$root"/tests/fuzz/corpus/*/; do harnesses+=("$(basename "$seeds")"); done
fi

run_one() {
  local name=$1 bin="$root/build/fuzz/bin/ecopt_fuzz_$1" dir="$out/$1"
  if [[ ! -x "$bin" ]]; then
    echo "$name: $bin is missing; build it with: cmake --preset fuzz && cmake --build --preset fuzz"
    return 1
  fi
  mkdir -p "$dir/corpus"
  local dict=() status=0
  [[ -f "$root/tests/fuzz/$name.dict" ]] && dict=(-dict="$root/tests/fuzz/$name.dict")
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$dir/" \
    "${dict[@]}" "${extra[@]}" "$dir/corpus" "$root/tests/fuzz/corpus/$name" \
    >"$dir/log" 2>&1 || status=$?
  # libFuzzer's last status line: "#EXECS DONE cov: N ft: N corp: ... exec/s: N ..."
  local done_line execs rate
  done_line=$(grep -aE '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -1 || true)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  if [[ $status -ne 0 ]]; then
    echo "$name: FAILED (exit $status); log: $dir/log; input: $(ls "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null | head -1)"
    tail -40 "$dir/log"
    return 1
  fi
  echo "$name: ok, ${execs:-?} executions, ${rate:-?} exec/s, $(grep -oE 'cov: [0-9]+ ft: [0-9]+' <<<"$done_line" || true)"
}
export -f run_one
export root out seconds
export extra_flags="${extra[*]:-}"

# xargs runs JOBS harnesses at once and exits non-zero if any of them failed.
printf '%s\n' "${harnesses[@]}" |
  xargs -P "$jobs" -I{} bash -c 'extra=($extra_flags); run_one "$1"' _ {}
