#!/usr/bin/env bash
# ecopt report, card, compare and export end to end on a realistic study (made through the
# public API by make_study), then the HTML files in a real browser: Debian's chromium,
# headless. A page passes when it loads with no console output at all (chromium's
# --enable-logging=stderr prints every console message and uncaught error as a CONSOLE
# line), no script error was recorded (the page's error hook sets data-ecopt-errors on
# <html>), and its inline self-check set data-ecopt-selfcheck="ok" on <body> (every plot
# present, every hover mark wired, a hover shows the tooltip), read from --dump-dom.
# Screenshots go to SCREENSHOT_DIR. Without chromium the browser part is skipped (77).
#
# Usage: report_cli_test.sh ECOPT MAKE_STUDY SCREENSHOT_DIR
set -euo pipefail
ecopt=$1
make_study=$2
shots=$3
. "$(dirname "$0")/../lib.sh"

"$make_study" a.db
"$make_study" b.db --factor 1.6 --noise-seed 99
"$make_study" three.db --three --no-hardware

# --- 1. report: three files that carry the same numbers, nothing external -------------
"$ecopt" report --study fashion-cnn --storage sqlite:///a.db -o out/two --region FRA \
  > report.log 2>&1 || fail "report: $(cat report.log)"
for f in report.html report.md report.json; do
  [ -s "out/two/$f" ] || fail "report did not write $f"
done
grep -q "wrote out/two/report.html" report.log || fail "report.log: $(cat report.log)"
python3 - out/two <<'PY' || fail "the report files disagree or load something external"
import json, re, sys
d = sys.argv[1]
r = json.load(open(d + "/report.json"))
html = open(d + "/report.html").read()
md = open(d + "/report.md").read()
def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#39;"))
knee = r["tradeoff"]["knee_trial"]
assert knee is not None, r["tradeoff"]
assert f"{knee} (knee)" in md
assert f"{knee} (knee)" in html
for s in r["tradeoff"]["sentences"] + r["tuning_cost"]["sentences"]:
    assert s in md, s
    assert esc(s) in html, s
assert r["tuning_cost"]["grid_intensity_source"].startswith("Ember yearly average for FRA")
assert r["tuning_cost"]["break_even_inferences"] > 0
assert r["study"]["trial_counts"]["FAIL"] == 2, r["study"]["trial_counts"]
for pattern in [r"<script[^>]*\bsrc\s*=", r"<link\b", r"<img\b", r"<iframe\b", r"@import", r"url\("]:
    assert not re.search(pattern, html, re.I), pattern
assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
PY

"$ecopt" report --study fashion-cnn-3 --storage sqlite:///three.db -o out/three > three.log 2>&1 \
  || fail "report (3 objectives): $(cat three.log)"
grep -q "Pairwise scatter matrix" out/three/report.html || fail "no scatter matrix"
grep -q "| CPU model | unknown |" out/three/report.md || fail "unknown hardware not stated"

# --- 2. card ----------------------------------------------------------------------------
knee=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tradeoff"]["knee_trial"])' out/two/report.json)
"$ecopt" card --study fashion-cnn --storage sqlite:///a.db --trial "$knee" -o out/card > card.log 2>&1 \
  || fail "card: $(cat card.log)"
[ -s "out/card/card-$knee.md" ] && [ -s "out/card/card-$knee.json" ] || fail "card files missing"
grep -q "# Energy card: fashion-cnn, trial $knee" "out/card/card-$knee.md" || fail "card title"
python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); assert c["trial"]==int(sys.argv[2]) and c["energy"]["per_inference_j"]>0' \
  "out/card/card-$knee.json" "$knee" || fail "card json"
if "$ecopt" card --study fashion-cnn --storage sqlite:///a.db --trial 8 > bad.log 2>&1; then
  fail "a card for a failed trial"
fi
grep -q "is FAIL" bad.log || fail "card on a failed trial: $(cat bad.log)"

# --- 3. export --------------------------------------------------------------------------
"$ecopt" export --study fashion-cnn --storage sqlite:///a.db --format csv > trials.csv \
  || fail "export csv"
"$ecopt" export --study fashion-cnn --storage sqlite:///a.db --format json -o trials.json \
  || fail "export json"
python3 - <<'PY' || fail "export round trip"
import csv, json
rows = list(csv.DictReader(open("trials.csv", newline="")))
objects = json.load(open("trials.json"))
assert len(rows) == len(objects) == 25, (len(rows), len(objects))
for row, obj in zip(rows, objects):
    assert int(row["number"]) == obj["number"]
    if row["state"] == "COMPLETE":
        assert float(row["value.accuracy"]) == obj["value.accuracy"]
        assert float(row["phase.inference.energy_j"]) == obj["phase.inference.energy_j"]
    else:
        assert "value.accuracy" not in obj and row["value.accuracy"] == ""
PY

# --- 4. compare: short form (two files, one study name) and the explicit flags ----------
"$ecopt" compare a.db b.db --study fashion-cnn -o out/compare > compare.log 2>&1 \
  || fail "compare: $(cat compare.log)"
python3 -c 'import json; c=json.load(open("out/compare/compare.json")); assert len(c["matches"])==23 and c["spearman"]>0.95, c["spearman"]' \
  || fail "compare json"
"$ecopt" compare --storage-a sqlite:///a.db --study-a fashion-cnn --storage-b sqlite:///b.db \
  --study-b fashion-cnn -o out/compare2 > compare2.log 2>&1 || fail "compare flags: $(cat compare2.log)"
cmp -s out/compare/compare.md out/compare2/compare.md || fail "the two compare forms differ"

# --- 5. errors --------------------------------------------------------------------------
if "$ecopt" report --study nope --storage sqlite:///a.db -o out/nope > nope.log 2>&1; then
  fail "report of a missing study succeeded"
fi
grep -q "nope" nope.log || fail "missing study message: $(cat nope.log)"

# --- 6. the browser ---------------------------------------------------------------------
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/setup installs it); the non-browser checks passed"
  exit 77
fi
mkdir -p "$shots"
# --no-sandbox: chromium refuses to run as root with its sandbox (CI containers).
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
       --no-default-browser-check --disable-extensions --disable-background-networking
       --user-data-dir="$work/chromium-profile" --enable-logging=stderr --v=0)
check_page() {
  local name=$1 page=$2
  timeout 120 "$chromium" "${flags[@]}" --virtual-time-budget=5000 --dump-dom "file://$page" \
    > "$name.dom" 2> "$name.console" || fail "$name: chromium --dump-dom failed: $(tail -5 "$name.console")"
  grep -q 'data-ecopt-selfcheck="ok"' "$name.dom" \
    || fail "$name: self-check: $(grep -o 'data-ecopt-selfcheck="[^"]*"' "$name.dom" || echo 'did not run')"
  if grep -q 'data-ecopt-errors="' "$name.dom"; then
    fail "$name: script error: $(grep -o 'data-ecopt-errors="[^"]*"' "$name.dom")"
  fi
  if grep 'CONSOLE' "$name.console"; then fail "$name: console messages (above)"; fi
  timeout 120 "$chromium" "${flags[@]}" --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$shots/$name.png" "file://$page" > "$name.screenshot.log" 2>&1 \
    || fail "$name: screenshot failed: $(tail -5 "$name.screenshot.log")"
  [ "$(stat -c %s "$shots/$name.png")" -gt 20000 ] || fail "$name: screenshot is (nearly) empty"
  echo "$name: loads with no console errors, self-check ok, screenshot $shots/$name.png"
}
check_page report-two-objectives "$work/out/two/report.html"
check_page report-three-objectives "$work/out/three/report.html"
check_page compare "$work/out/compare/compare.html"
echo "PASS"
