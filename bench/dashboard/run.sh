#!/usr/bin/env bash
# The dashboard under load: a 500-trial study (the report tests' synthetic CNN study,
# 10 % failures, measured phases), `ecopt dashboard` on a free loopback port, the report's
# sections built, then 50 clients asking for the study page for 30 s. Prints the latency
# percentiles and throughput, and the dashboard's memory (VmRSS now, VmHWM its peak) before
# and after. docs/benchmarks.md records the numbers.
#
# Usage: bench/dashboard/run.sh [BUILD_DIR] [CLIENTS] [SECONDS] [TRIALS]
set -euo pipefail
build=${1:-build/release}
clients=${2:-50}
seconds=${3:-30}
trials=${4:-500}
bin=$(cd "$build/bin" && pwd)
work=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
cd "$work"

"$bin/ecopt_report_make_study" bench.db --trials "$trials" --name bench
"$bin/ecopt" dashboard --storage sqlite:///bench.db --port 0 > dash.out 2> dash.err &
pid=$!
port=""
while [ -z "$port" ]; do
  sleep 0.1
  port=$(sed -n 's|.* at http://[^ ]*:\([0-9][0-9]*\)/ .*|\1|p' dash.out)
done
memory() { grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | tr -s ' \t' ' ' | paste -sd' '; }
echo "dashboard pid $pid on port $port; $(memory)"
start_s=$(date +%s.%N)
until curl -s "http://127.0.0.1:$port/study/bench" | grep -q 'id="frontier"'; do sleep 0.5; done
echo "report sections built in $(echo "$(date +%s.%N) - $start_s" | bc) s (first page ask to ready); $(memory)"
curl -s -o page.html "http://127.0.0.1:$port/study/bench"
echo "study page: $(stat -c %s page.html) bytes"
"$bin/ecopt_bench_dashboard_load" "$port" /study/bench "$clients" "$seconds"
echo "after the load: $(memory)"
"$bin/ecopt_bench_dashboard_load" "$port" "/study/bench/update?live=1&report=1" "$clients" 10
echo "after the update load: $(memory)"
