#!/usr/bin/env bash
# Exit statuses (docs/cli.md): every argument error of every command is status 2 with a
# message naming the option, whatever kind of error CLI11 saw; a failure while running is
# status 1; `ecopt measure` passes its command's status through, and answers 127 / 126
# like a shell when the command could not be started.
# Usage: exit_status_test.sh ECOPT
set -uo pipefail
ecopt=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS PATTERN ARGS...: runs ecopt ARGS, checks the status and that stderr
# matches PATTERN (an extended regex).
expect() {
  local want=$1 pattern=$2
  shift 2
  "$ecopt" "$@" > "$work/out" 2> "$work/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "ecopt $*: exit status $got, expected $want; stderr: $(head -c 400 "$work/err")"
  elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$work/err"; then
    fail "ecopt $*: stderr does not match '$pattern': $(head -c 400 "$work/err")"
  fi
}

measure=(measure --meter estimator --no-gpus)

# --- argument errors: 2, before anything runs ------------------------------------------
expect 2 "--interval: the sampling interval must be at least 1ms \(got 0\)" "${measure[@]}" --interval 0 -- true
expect 2 "--interval: the sampling interval must be at least 1ms \(got -5ms\)" "${measure[@]}" --interval=-5ms -- true
expect 2 "--interval: the sampling interval must be at least 1ms \(got 0.5ms\)" "${measure[@]}" --interval 0.5ms -- true
expect 2 "--interval: .*not a duration" "${measure[@]}" --interval fastms -- true
expect 2 "--watts-per-core: watts per core must be greater than 0 \(got 0\)" "${measure[@]}" --watts-per-core 0 -- true
expect 2 "--watts-per-core: 'nan' is not a finite number" "${measure[@]}" --watts-per-core nan -- true
expect 2 "--watts-per-core: 'inf' is not a finite number" "${measure[@]}" --watts-per-core inf -- true
expect 2 "--watts-per-core: watts per core must be greater than 0 \(got -3\)" "${measure[@]}" --watts-per-core=-3 -- true
expect 2 "--grid-intensity: the grid intensity must be greater than 0 \(got 0\)" "${measure[@]}" --grid-intensity 0 -- true
expect 2 "--grid-intensity: 'inf' is not a finite number" "${measure[@]}" --grid-intensity inf -- true
expect 2 "--pue: 'inf' is not a finite number" "${measure[@]}" --pue inf -- true
expect 2 "--pue: 'nan' is not a finite number" "${measure[@]}" --pue nan -- true
expect 2 "--pue: a PUE is total facility power / IT power, so at least 1 \(got 0.9\)" "${measure[@]}" --pue 0.9 -- true
expect 2 "--pue: a PUE .* \(got -1\)" "${measure[@]}" --pue=-1 -- true
expect 2 "--scope" "${measure[@]}" --scope everything -- true
expect 2 "--repeat" "${measure[@]}" --repeat 0 -- true
expect 2 "command is required" "${measure[@]}"
expect 2 "no-such-flag" "${measure[@]}" --no-such-flag -- true
# The same rules in the other commands, and CLI11's other kinds of error.
expect 2 "--pue: a PUE" tune nowhere.yaml --pue 0.5
expect 2 "--grid-intensity: the grid intensity must be greater than 0" report --study s --grid-intensity=-2
expect 2 "--energy-budget: invalid energy 'lots'" tune nowhere.yaml --energy-budget lots
expect 2 "--heartbeat: the duration must be greater than 0" worker --study s --heartbeat 0s
expect 2 "--seconds: the calibration time must be greater than 0" calibrate --seconds 0
expect 2 "file is required" tune
expect 2 "--study is required" report
expect 2 "A subcommand is required|subcommand" study
expect 2 "subcommand"
expect 2 "A subcommand is required" no-such-command
expect 2 "--maximise" hv --maximise x file.txt
# Help and the version are not errors.
expect 0 "" measure --help
expect 0 "" --version

# --- a failure while running: 1 --------------------------------------------------------
expect 1 "cannot open" tune "$work/nowhere.yaml"

# --- measure: the command's own status, or 127 / 126 when it could not start ------------
expect 3 "" "${measure[@]}" -- sh -c 'exit 3'
expect 127 "ecopt measure: error: cannot run 'no-such-command-xyz': No such file or directory" \
  "${measure[@]}" -- no-such-command-xyz
printf '#!/bin/sh\necho ran\n' > "$work/not-executable.sh"
chmod 644 "$work/not-executable.sh"
expect 126 "cannot run '$work/not-executable.sh': Permission denied" "${measure[@]}" -- "$work/not-executable.sh"
expect 126 "cannot run '$work': Permission denied" "${measure[@]}" -- "$work"
# A command that itself exits 127 is told apart by the message: ecopt says nothing.
expect 127 "^$|ecopt measure: [^e]" "${measure[@]}" -- sh -c 'exit 127'
grep -q "cannot run" "$work/err" && fail "a command's own 127 was reported as not started"
# The shortest interval is accepted.
expect 0 "total" "${measure[@]}" --interval 1ms -- sleep 0.05

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "1 passed, 0 failed"
