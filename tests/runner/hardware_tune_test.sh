#!/usr/bin/env bash
# Hardware knobs end to end, against a fake cpufreq tree and the fake NVML:
#   1. `ecopt hardware` lists the knobs with their ranges, and the reason for a missing one;
#   2. a trial runs with its settings (frequency cap, power limit, cores and
#      OMP_NUM_THREADS), and they are restored after it, though it crashed;
#   3. Ctrl-C during a trial restores;
#   4. SIGKILL of `ecopt tune` leaves a journal beside the host lock: `ecopt hardware
#      restore` applies it, and so does the next `ecopt tune` at its start, though another
#      user (another state folder) runs it; an earlier version's per-user journal too;
#   5. a second tune while one holds the host's hardware is refused before any trial;
#   6. unavailable knobs (permission denied, no cpufreq) refuse the study before any trial.
# Usage: hardware_tune_test.sh ECOPT FAKE_NVML
set -euo pipefail
ecopt=$1
fake_nvml=$2
. "$(dirname "$0")/../lib.sh"
tune_pid=""
cleanup() {
  [ -z "$tune_pid" ] || kill -KILL "$tune_pid" 2>/dev/null || true
}

# A cpufreq tree for every CPU this process may use, each capped at 3 GHz.
cpus=$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0)))))')
for cpu in $cpus; do
  d=sys/devices/system/cpu/cpu$cpu/cpufreq
  mkdir -p "$d"
  echo 800000 > "$d/cpuinfo_min_freq"
  echo 3000000 > "$d/cpuinfo_max_freq"
  echo 3000000 > "$d/scaling_max_freq"
  echo "3000000 2400000 1600000 800000" > "$d/scaling_available_frequencies"
done
first_cpu=${cpus%% *}
cap() { cat "sys/devices/system/cpu/cpu$first_cpu/cpufreq/scaling_max_freq"; }
gpu_limit() { head -1 limits 2>/dev/null || echo 300000; }  # mW; no file: the default
export ECOPT_SYSFS_ROOT=$work/sys XDG_STATE_HOME=$work/state ECOPT_HARDWARE_LOCK=$work/hw.lock
export ECOPT_NVML_LIBRARY=$fake_nvml FAKE_NVML_LIMITS_FILE=$work/limits
journal=$work/hw-journal.json  # beside the lock, one per host
tune() { "$ecopt" tune "$@" --meter estimator --no-gpus --quiet; }

# A study whose trial records what it sees (the cap, the GPU limit, OMP_NUM_THREADS, its
# CPUs), then does ACTION (crash, sleep, report).
knobs='  cpu_max_freq_khz: {type: categorical, choices: [1600000, 2400000]}
  gpu_power_limit_w: {type: int, low: 150, high: 250, step: 50}
  cpu_cores: {type: fixed, value: 1}'
study() {  # NAME ACTION
  cat > "$1.yaml" <<YAML
name: $1
command: [sh, -c, "echo \$(cat $work/sys/devices/system/cpu/cpu$first_cpu/cpufreq/scaling_max_freq) \$(head -1 $work/limits) \$OMP_NUM_THREADS \$(grep Cpus_allowed_list /proc/self/status | cut -f2) >> $work/$1.seen; $2"]
parameters: {x: {type: float, low: 0, high: 1}}
hardware:
$knobs
objectives: [{name: accuracy, goal: maximize}]
run: {stdout_metrics: true, kill_grace: 1s}
YAML
}

# --- 1. ecopt hardware ---------------------------------------------------------------
"$ecopt" hardware > hardware.txt || fail "ecopt hardware: $(cat hardware.txt)"
grep -q "gpu_power_limit_w  available: 100 W to 350 W" hardware.txt || fail "no GPU range: $(cat hardware.txt)"
grep -q "cpu_max_freq_khz   available: 800 MHz to 3 GHz" hardware.txt || fail "no cpufreq range: $(cat hardware.txt)"
grep -q "steps: 800 MHz, 1.6 GHz, 2.4 GHz, 3 GHz" hardware.txt || fail "no steps: $(cat hardware.txt)"
ECOPT_SYSFS_ROOT=$work/nothing "$ecopt" hardware --json > hardware.json
python3 - hardware.json <<'PY' || fail "ecopt hardware --json: $(cat hardware.json)"
import json, sys
knobs = {k["knob"]: k for k in json.load(open(sys.argv[1]))}
assert not knobs["cpu_max_freq_khz"]["available"]
assert "no cpufreq" in knobs["cpu_max_freq_khz"]["reason"], knobs
assert knobs["cpu_max_freq_khz"]["fix"]
assert knobs["gpu_power_limit_w"]["available"] and knobs["gpu_power_limit_w"]["high"] == 350
PY

# --- 2. settings applied, restored after a crashed trial -------------------------------
study crash 'exit 3'
tune crash.yaml --trials 2 > crash.log 2>&1 || fail "tune crash: $(cat crash.log)"
[ "$(wc -l < crash.seen)" = 2 ] || fail "two trials should have run: $(cat crash.seen)"
while read -r khz mw threads allowed; do
  case $khz in 1600000|2400000) ;; *) fail "a trial ran at $khz kHz, not its setting" ;; esac
  case $mw in 150000|200000|250000) ;; *) fail "a trial ran at $mw mW, not its setting" ;; esac
  [ "$threads" = 1 ] || fail "OMP_NUM_THREADS was '$threads', not 1"
  [ "$allowed" = "$first_cpu" ] || fail "the trial ran on CPUs $allowed, not $first_cpu"
done < crash.seen
[ "$(cap)" = 3000000 ] || fail "the frequency cap was left at $(cap)"
[ "$(gpu_limit)" = 300000 ] || fail "the GPU limit was left at $(gpu_limit) mW"
[ ! -e "$journal" ] || fail "the journal was left behind: $(cat "$journal")"

# --- 3. Ctrl-C during a trial ----------------------------------------------------------
study interrupted 'sleep 300'
"$ecopt" tune interrupted.yaml --trials 1 --meter estimator --no-gpus --quiet > int.log 2>&1 &
tune_pid=$!
for _ in $(seq 100); do [ -s interrupted.seen ] && break; sleep 0.1; done
[ -s interrupted.seen ] || fail "the trial did not start: $(cat int.log)"
[ "$(cap)" != 3000000 ] || fail "the cap was not applied while the trial ran"
kill -INT "$tune_pid"
wait "$tune_pid" || true
tune_pid=""
[ "$(cap)" = 3000000 ] || fail "Ctrl-C left the cap at $(cap)"
[ "$(gpu_limit)" = 300000 ] || fail "Ctrl-C left the GPU limit at $(gpu_limit) mW"

# --- 4. SIGKILL of tune: the journal -------------------------------------------------
for restorer in "hardware restore" "tune"; do
  rm -f killed.seen killed.db
  study killed 'sleep 300'
  "$ecopt" tune killed.yaml --trials 1 --meter estimator --no-gpus --quiet > killed.log 2>&1 &
  tune_pid=$!
  for _ in $(seq 100); do [ -s killed.seen ] && break; sleep 0.1; done
  [ -s killed.seen ] || fail "the trial did not start: $(cat killed.log)"
  kill -KILL "$tune_pid"
  wait "$tune_pid" 2>/dev/null || true
  tune_pid=""
  [ "$(cap)" != 3000000 ] || fail "expected the killed tune to leave the cap changed"
  [ -s "$journal" ] || fail "no journal after SIGKILL"
  if [ "$restorer" = tune ]; then
    study after 'echo accuracy=0.5'
    XDG_STATE_HOME=$work/other-user tune after.yaml --trials 1 > after.log 2>&1 ||
      fail "tune after: $(cat after.log)"
    grep -q "restored .* setting(s) a previous ecopt left changed" after.log ||
      fail "tune did not say it restored: $(cat after.log)"
  else
    "$ecopt" hardware restore > restore.log 2>&1 || fail "hardware restore: $(cat restore.log)"
    grep -q "restored cpu_max_freq_khz of CPU $first_cpu to 3 GHz" restore.log ||
      fail "restore said: $(cat restore.log)"
    grep -q "restored gpu_power_limit_w of GPU 0 to 300 W" restore.log ||
      fail "restore said: $(cat restore.log)"
  fi
  [ "$(cap)" = 3000000 ] || fail "$restorer left the cap at $(cap)"
  [ "$(gpu_limit)" = 300000 ] || fail "$restorer left the GPU limit at $(gpu_limit) mW"
  [ ! -e "$journal" ] || fail "$restorer left the journal"
done
"$ecopt" hardware restore | grep -q "nothing to restore" || fail "a second restore did something"
# An earlier version kept the journal in the user's state folder: still restored.
mkdir -p state/ecopt
echo '{"pid": 1, "originals": [{"knob": "cpu_max_freq_khz", "device": '"$first_cpu"', "value": 3000000}]}' \
  > state/ecopt/hardware-journal.json
echo 800000 > "sys/devices/system/cpu/cpu$first_cpu/cpufreq/scaling_max_freq"
"$ecopt" hardware restore > legacy.log 2>&1 || fail "hardware restore (old journal): $(cat legacy.log)"
[ "$(cap)" = 3000000 ] || fail "the old per-user journal was not restored: the cap is $(cap)"
[ ! -e state/ecopt/hardware-journal.json ] || fail "the old journal was left"

# --- 5. two tunes never fight over a knob ----------------------------------------------
study holder 'sleep 300'
"$ecopt" tune holder.yaml --trials 1 --meter estimator --no-gpus --quiet > holder.log 2>&1 &
tune_pid=$!
for _ in $(seq 100); do [ -s holder.seen ] && break; sleep 0.1; done
study second 'echo accuracy=1'
if tune second.yaml --trials 1 > second.log 2>&1; then fail "a second tune ran beside the first"; fi
grep -q "another ecopt (pid $tune_pid) is changing this host's hardware" second.log ||
  fail "the refusal did not name the holder: $(cat second.log)"
[ ! -e second.seen ] || fail "a trial of the refused study ran"
"$ecopt" hardware restore > busy.log 2>&1 && fail "restore ran while a tune holds the hardware"
# The listing probes NVML's permission by writing a limit: never while a tune holds the host.
FAKE_NVML_SET_LOG=$work/probe.log "$ecopt" hardware > busy-list.txt || fail "ecopt hardware: $(cat busy-list.txt)"
[ ! -e probe.log ] || fail "ecopt hardware wrote a GPU limit during a tune: $(cat probe.log)"
grep -q "permission to set it not probed: pid $tune_pid holds the hardware lock" busy-list.txt ||
  fail "the listing did not say why it did not probe: $(cat busy-list.txt)"
kill -INT "$tune_pid"
wait "$tune_pid" || true
tune_pid=""

# --- 6. unavailable knobs refuse the study before any trial ----------------------------
study denied 'echo accuracy=1'
if FAKE_NVML_SET=denied tune denied.yaml --trials 1 > denied.log 2>&1; then fail "ran without permission"; fi
grep -q "hardware.gpu_power_limit_w: not available on this machine: .*Insufficient Permissions; run ecopt as root" denied.log ||
  fail "the refusal lacked the reason or the fix: $(cat denied.log)"
if ECOPT_SYSFS_ROOT=$work/nothing tune denied.yaml --trials 1 > nofreq.log 2>&1; then fail "ran without cpufreq"; fi
grep -q "hardware.cpu_max_freq_khz: not available on this machine: no cpufreq" nofreq.log ||
  fail "the refusal lacked the reason: $(cat nofreq.log)"
study parallel 'echo accuracy=1'
if tune parallel.yaml --trials 2 --jobs 2 > jobs.log 2>&1; then fail "ran a GPU limit with --jobs 2"; fi
grep -q "share the GPUs' power limit; use --jobs 1" jobs.log || fail "jobs refusal: $(cat jobs.log)"
[ ! -e denied.seen ] && [ ! -e parallel.seen ] || fail "a trial of a refused study ran"
echo "hardware knobs: all checks passed"
