#!/usr/bin/env bash
# A long run sampled at 1 kHz: `ecopt measure --interval 1ms` over a trial that marks a
# phase every minute for 10 minutes (600,000 samples). Checks that every phase and the
# whole run are measured, with exact (pinned) edges, and reports ecopt's peak resident
# memory (VmHWM, from /usr/bin/time -v) and CPU time, which must stay under 64 MB.
# Usage: bench/energy/measure_1khz.sh [ECOPT] [MINUTES]   (defaults: build/release/bin/ecopt, 10)
set -euo pipefail
ecopt=${1:-build/release/bin/ecopt}
minutes=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/trial.py" <<'PY'
import json, os, sys, time
fd = int(os.environ["ECOPT_FD"])
def send(m): os.write(fd, (json.dumps(m) + "\n").encode())
for i in range(int(sys.argv[1])):
    send({"phase": "minute%d" % i, "event": "begin", "t_ns": time.monotonic_ns()})
    time.sleep(60)
    send({"phase": "minute%d" % i, "event": "end", "t_ns": time.monotonic_ns()})
PY
/usr/bin/time -v -o "$work/time.txt" "$ecopt" measure --interval 1ms --json -- \
  python3 "$work/trial.py" "$minutes" 2> "$work/report.json"
python3 - "$work/report.json" "$work/time.txt" "$minutes" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
report = json.loads(text[text.index("{"):])
run = report["runs"][0]
minutes = int(sys.argv[3])
phases = {p["phase"]: p for p in run["phases"]}
assert set(phases) == {"minute%d" % i for i in range(minutes)}, sorted(phases)
for name, p in phases.items():
    assert 59.9 < p["duration_s"] < 61, (name, p["duration_s"])
    assert not p.get("notes"), (name, p["notes"])
total = run["total"]
phase_sum = sum(p["energy_j"] for p in phases.values())
assert phase_sum <= total["energy_j"] + 1e-6, (phase_sum, total["energy_j"])
times = dict(l.strip().split(": ", 1) for l in open(sys.argv[2]) if ": " in l)
rss_mb = int(times["Maximum resident set size (kbytes)"]) / 1024
cpu_s = float(times["User time (seconds)"]) + float(times["System time (seconds)"])
print("meter %s; %d phases, every one measured; whole run %.1f s, %.1f J +- %.2f J"
      % (total.get("meter", "?"), len(phases), total["duration_s"], total["energy_j"],
         total["uncertainty_j"]))
print("peak resident memory %.1f MB; CPU %.1f s (%.2f %% of one core)"
      % (rss_mb, cpu_s, 100 * cpu_s / total["duration_s"]))
assert rss_mb < 64, "peak resident memory %.1f MB is not under 64 MB" % rss_mb
PY
