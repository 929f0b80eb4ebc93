#!/usr/bin/env bash
# `ecopt dashboard` end to end, on a free port: its arguments and warning, then the page in
# Debian's chromium, headless, while `ecopt tune` runs. Chromium keeps the page open with
# its DevTools port on; the test reads the page's title (which carries the number of
# finished trials) from the DevTools target list every 100 ms, and each trial recorded
# while the page is open must be counted there within 5 s of its stored finish time. The
# page passes when, besides, chromium logs no console output (--enable-logging=stderr
# prints every console message and uncaught error as a CONSOLE line) and, dumped once the
# study is done, it carries the report's sections and no recorded script error. Without
# chromium the browser part is skipped (77).
#
# Usage: dashboard_cli_test.sh ECOPT SOURCE_DIR
set -euo pipefail
ecopt=$1
source_dir=$2
. "$(dirname "$0")/../lib.sh"
cd "$work"   # its files (dash.out, the study) stay out of the build tree

pid=""
tune_pid=""
browser_pid=""
cleanup() {
  [ -z "$browser_pid" ] || kill "$browser_pid" 2> /dev/null || true
  [ -z "$tune_pid" ] || kill "$tune_pid" 2> /dev/null || true
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  wait 2> /dev/null || true
}

# Starts the dashboard with the arguments given on a free port; sets $pid and $port.
start_dashboard() {
  # Created here, not only by the background redirect: under load the first sed below
  # could run before the child opened dash.out, and under `set -e` its failure ended the
  # test.
  : > dash.out
  : > dash.err
  "$ecopt" dashboard "$@" --port 0 > dash.out 2> dash.err &
  pid=$!
  port=""
  for _ in $(seq 200); do
    port=$(sed -n 's|.* at http://[^ ]*:\([0-9][0-9]*\)/ .*|\1|p' dash.out)
    [ -n "$port" ] && return
    kill -0 "$pid" 2> /dev/null || fail "dashboard exited: $(cat dash.err)"
    sleep 0.1
  done
  fail "dashboard printed no URL: $(cat dash.out dash.err)"
}

stop_dashboard() {
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  pid=""
  [ "$status" -eq 0 ] || fail "dashboard exited $status on SIGTERM: $(cat dash.err)"
}

# --- 1. arguments: a storage is needed; a non-loopback host warns ----------------------
if env -u ECOPT_STORAGE "$ecopt" dashboard > none.log 2>&1; then fail "no storage accepted"; fi
grep -q "which storage?" none.log || fail "no storage: $(cat none.log)"
start_dashboard --storage sqlite:///absent.db --host 0.0.0.0
grep -q "warning: --host 0.0.0.0 is not a loopback address" dash.err || fail "no warning: $(cat dash.err)"
page=$(curl -s "http://127.0.0.1:$port/")
grep -q 'data-storage="unreachable"' <<< "$page" || fail "a missing file is not reported: $page"
stop_dashboard
[ ! -e absent.db ] || fail "the dashboard created the storage it reads"
start_dashboard --storage sqlite:///absent.db
[ ! -s dash.err ] || fail "a loopback host warns: $(cat dash.err)"
stop_dashboard

# --- 2. the page in chromium while ecopt tune runs ---------------------------------------
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup installs it); the other checks passed"
  exit 77
fi
cat > live.yaml <<YAML
name: live
command: [python3, "$source_dir/tests/runner/trials/steady.py"]
parameters: {x: {type: float, low: 0, high: 1}}
objectives:
  - {name: accuracy, goal: maximize}
  - {name: energy.inference.per_sample, goal: minimize}
sampler: {name: sobol, seed: 3}
run: {env: {TRIAL_SECONDS: "1.5"}}
YAML
# Started before the study exists, as beside the demo: it waits for the file.
start_dashboard --storage sqlite:///live.db --study live
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
       --no-default-browser-check --disable-extensions --disable-background-networking
       --enable-logging=stderr --v=0)
"$chromium" "${flags[@]}" --user-data-dir="$work/live-profile" --remote-debugging-port=0 \
  "http://127.0.0.1:$port/study/live" > live.out 2> live.console &
browser_pid=$!
"$ecopt" tune live.yaml --trials 10 --meter estimator --no-gpus > tune.log 2>&1 &
tune_pid=$!
# The page's title, every 100 ms, until tune is done and the count settles: "ms title".
python3 - "$work/live-profile/DevToolsActivePort" "$tune_pid" > titles.log <<'PY'
import json, os, sys, time, urllib.request
active, tune_pid = sys.argv[1], int(sys.argv[2])
end = time.time() + 240
while not os.path.exists(active) and time.time() < end:
    time.sleep(0.1)
port = open(active).read().split()[0]
def running(pid):  # tune is the shell's child: once it ends it is a zombie (Z) until waited for
    try:
        return open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
done_at = None
while time.time() < end:
    try:
        targets = json.load(urllib.request.urlopen("http://127.0.0.1:%s/json/list" % port, timeout=2))
        for t in targets:
            if t.get("type") == "page" and "/study/live" in t.get("url", ""):
                print(int(time.time() * 1000), t["title"], flush=True)
    except OSError:
        pass
    if done_at is None and not running(tune_pid):
        done_at = time.time()
    if done_at is not None and time.time() - done_at > 6:
        break
    time.sleep(0.1)
PY
wait "$tune_pid" || fail "tune: $(cat tune.log)"
tune_pid=""
kill "$browser_pid" 2> /dev/null || true
wait "$browser_pid" 2> /dev/null || true
if grep 'CONSOLE' live.console; then fail "console messages (above)"; fi
"$ecopt" trials --study live --storage sqlite:///live.db --format json > trials.json
python3 - titles.log trials.json <<'PY' || fail "a trial showed late on the page: $(tail -3 titles.log)"
import json, re, sys
counts = []  # (ms, finished trials shown)
for line in open(sys.argv[1]):
    ms, title = line.split(" ", 1)
    m = re.search(r"\((\d+) finished\)", title)
    if m:
        counts.append((int(ms), int(m.group(1))))
assert counts, "the title never showed a count: " + open(sys.argv[1]).read()[-500:]
first_ms = counts[0][0]
finished = sorted(1000 * t["finished_unix_s"] for t in json.load(open(sys.argv[2]))
                  if t.get("finished_unix_s"))
delays = []
for rank, finished_ms in enumerate(finished, start=1):
    if finished_ms <= first_ms:
        continue  # recorded before the page was open
    shown = [ms for ms, n in counts if n >= rank and ms >= finished_ms - 1000]
    delays.append(shown[0] - finished_ms if shown else None)
print("trials recorded while the page was open:", len(delays), "shown after (ms):", delays)
assert len(delays) >= 3, "too few trials finished while the page was open"
assert all(d is not None and d <= 5000 for d in delays), delays
PY
cat titles.log | tail -1
# The finished study, dumped: the report's sections, no script error.
timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/dump-profile" --dump-dom \
  "http://127.0.0.1:$port/study/live" > live.dom 2> dump.console || fail "chromium --dump-dom: $(tail -5 dump.console)"
if grep 'CONSOLE' dump.console; then fail "console messages on the dumped page (above)"; fi
grep -q 'id="frontier"' live.dom || fail "no report sections on the page"
if grep -q 'data-ecopt-errors="' live.dom; then
  fail "script error: $(grep -o 'data-ecopt-errors="[^"]*"' live.dom)"
fi
grep -q 'data-ecopt-selfcheck="ok"' live.dom \
  || fail "self-check: $(grep -o 'data-ecopt-selfcheck="[^"]*"' live.dom || echo 'did not run')"
stop_dashboard
echo "PASS"
