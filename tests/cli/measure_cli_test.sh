#!/usr/bin/env bash
# `ecopt measure` end to end with the real binary: exit status passes through, argv
# reaches the command unchanged (no shell), phases marked through $ECOPT_FD are reported.
# Usage: measure_cli_test.sh ECOPT
set -euo pipefail
ecopt=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# Exit status passes through.
set +e
"$ecopt" measure --meter estimator --no-gpus -- false 2>/dev/null
status=$?
set -e
[ "$status" -eq 1 ] || fail "exit status $status, expected 1"

# Arguments with spaces, quotes and shell characters arrive exactly.
"$ecopt" measure --meter estimator --no-gpus -- python3 -c 'import sys, json; print(json.dumps(sys.argv[1:]))' \
  'two words' '"quoted"' '$HOME;rm -rf /' > "$work/argv.json" 2>/dev/null
[ "$(cat "$work/argv.json")" = '["two words", "\"quoted\"", "$HOME;rm -rf /"]' ] || fail "argv: $(cat "$work/argv.json")"

# Phases through the protocol, JSON report on stderr.
cat > "$work/trial.py" <<'PY'
import json, os, time
fd = int(os.environ["ECOPT_FD"])
def send(m): os.write(fd, (json.dumps(m) + "\n").encode())
send({"phase": "train", "event": "begin", "t_ns": time.monotonic_ns()})
t = time.process_time()
while time.process_time() - t < 0.2: pass
send({"phase": "train", "event": "end", "t_ns": time.monotonic_ns()})
send({"phase": "inference", "event": "begin", "t_ns": time.monotonic_ns()})
time.sleep(0.1)
send({"phase": "inference", "event": "end", "t_ns": time.monotonic_ns(), "samples": 500})
send({"metric": {"accuracy": 0.93}})
os.write(fd, b"this is not json\n")
PY
"$ecopt" measure --meter estimator --no-gpus --json --scope process --region FRA -- python3 "$work/trial.py" 2> "$work/report.txt"
python3 - "$work/report.txt" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
warnings = [l for l in text.splitlines() if l.startswith("ecopt measure: warning")]
assert any("not a JSON object" in w for w in warnings), text
report = json.loads(text[text.index("{"):])
run = report["runs"][0]
phases = {p["phase"]: p for p in run["phases"]}
assert set(phases) == {"train", "inference"}, phases
assert phases["inference"]["samples"] == 500
assert phases["train"]["estimated"] is True and phases["train"]["scope"] == "process"
assert phases["train"]["energy_j"] > 0 and phases["train"]["uncertainty_j"] > 0
assert phases["train"]["duration_s"] >= 0.19
assert abs(phases["train"]["uncertainty_j"] - 0.5 * phases["train"]["energy_j"]) < 0.5 * phases["train"]["energy_j"]
assert run["metrics"]["accuracy"] == 0.93
assert report["carbon"]["source"].startswith("Ember") and report["carbon"]["gco2e_per_kwh"] > 0
assert run["total"]["energy_j"] >= phases["train"]["energy_j"] - 1e-9
PY

# -o FILE: the report goes to the file; the command's own stdout and stderr stay where
# they were (as with perf stat -o).
"$ecopt" measure --meter estimator --no-gpus -o "$work/report-o.txt" -- \
  python3 -c 'import sys; print("own stdout"); print("own stderr", file=sys.stderr)' \
  > "$work/o.stdout" 2> "$work/o.stderr" || fail "measure -o failed: $(cat "$work/o.stderr")"
[ "$(cat "$work/o.stdout")" = "own stdout" ] || fail "-o: stdout: $(cat "$work/o.stdout")"
[ "$(cat "$work/o.stderr")" = "own stderr" ] || fail "-o: stderr has more than the command's: $(cat "$work/o.stderr")"
grep -q "ecopt measure: python3 (meter estimator" "$work/report-o.txt" || fail "-o: report: $(cat "$work/report-o.txt")"
grep -q "^total " "$work/report-o.txt" || fail "-o: no total line: $(cat "$work/report-o.txt")"
"$ecopt" measure --meter estimator --no-gpus --json --output "$work/report-o.json" -- sh -c 'exit 4' 2> "$work/o.stderr" && fail "-o: status 4 lost"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); assert r["exit_status"] == 4, r' "$work/report-o.json" || fail "-o --json"
[ ! -s "$work/o.stderr" ] || fail "-o --json: stderr: $(cat "$work/o.stderr")"
# A report file that cannot be written fails before the command runs.
set +e
"$ecopt" measure --meter estimator --no-gpus -o "$work/no/such/dir/r.txt" -- touch "$work/ran" 2> "$work/o.stderr"
status=$?
set -e
[ "$status" -eq 1 ] || fail "-o to a missing directory exited $status"
grep -q -- "-o $work/no/such/dir/r.txt: cannot write the report there: No such file or directory" "$work/o.stderr" || fail "-o message: $(cat "$work/o.stderr")"
[ ! -e "$work/ran" ] || fail "-o: the command ran although its report could not be written"

# A command that does not exist is a clear error.
if "$ecopt" measure --meter estimator --no-gpus -- no-such-command-xyz 2> "$work/err.txt"; then fail "missing command ran"; fi
grep -q "cannot run 'no-such-command-xyz'" "$work/err.txt" || fail "missing command message: $(cat "$work/err.txt")"

# meters lists every backend with a reason.
"$ecopt" meters --json --powercap-root "$work/none" --sysfs-root "$work/none" > "$work/meters.json"
python3 - "$work/meters.json" <<'PY'
import json, sys
backends = {b["backend"]: b for b in json.load(open(sys.argv[1]))}
assert set(backends) == {"powercap", "perf", "estimator", "nvml"}, backends
assert not backends["powercap"]["available"] and "no powercap tree" in backends["powercap"]["detail"]
assert backends["estimator"]["chosen"] and backends["estimator"]["domains"][0]["estimated"]
PY

# calibrate writes a profile that measure then uses for net energy.
"$ecopt" calibrate --meter estimator --no-gpus --seconds 0.5 --profile "$work/profile.json" > /dev/null 2>&1
grep -q '"idle_power_w"' "$work/profile.json" || fail "profile"
"$ecopt" measure --meter estimator --no-gpus --json --profile "$work/profile.json" -- sleep 0.2 2> "$work/net.txt"
grep -q '"net_energy_j"' "$work/net.txt" || fail "net energy missing: $(cat "$work/net.txt")"
# Phase messages that cannot be right are warned about, not silently clamped.
cat > "$work/odd_phases.py" <<'PY'
import json, os, time
fd = int(os.environ["ECOPT_FD"])
def send(m): os.write(fd, (json.dumps(m) + "\n").encode())
send({"phase": "a", "event": "end"})
send({"phase": "b", "event": "begin"})
send({"phase": "b", "event": "begin"})
send({"phase": "b", "event": "end"})
send({"phase": "c", "event": "begin", "t_ns": time.monotonic_ns()})
send({"phase": "c", "event": "end", "t_ns": 1e30})
PY
"$ecopt" measure --meter estimator --no-gpus -- python3 "$work/odd_phases.py" 2> "$work/odd.txt" > /dev/null
for warning in "phase 'a' ended without a begin" "phase 'b' began again before it ended" \
               "phase 'c' lies outside the run"; do
  grep -q "warning: protocol: $warning" "$work/odd.txt" || fail "no warning '$warning': $(cat "$work/odd.txt")"
done
echo "1 passed, 0 failed"
