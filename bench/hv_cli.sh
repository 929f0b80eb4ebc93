#!/usr/bin/env bash
# Whole-process timings of `ecopt hv` (start-up and parsing included) on the cases that
# issue #2 sets targets for, plus Optuna's hypervolume on a small 5-D set, in one run.
#
#   bench/hv_cli.sh [BUILD_DIR]     (default build/release; needs hyperfine, xz)
#
# Prints a Markdown table; docs/benchmarks.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
ecopt="$PWD/$build/bin/ecopt"
data=tests/peer/moocore/hv-suite/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

xz -dc "$data/ran.40000pts.3d.1.xz" > "$work/ran.40000pts.3d.1"
# 1,000,000 uniform random 2-D points, seeded (about 38 MB of text).
/usr/bin/python3 - "$work/uniform.2d.1M" <<'PY'
import random, sys
rng = random.Random(20261126)
with open(sys.argv[1], "w") as f:
    for _ in range(1_000_000):
        f.write("%.17g %.17g\n" % (rng.random(), rng.random()))
PY
head -100 "$data/ran.1000pts.5d.10" | grep -v '^#' > "$work/ran.100pts.5d"

hyperfine --warmup 2 --runs 10 --export-markdown "$work/ecopt.md" \
  -n "3-D, 40,000 points (ran.40000pts.3d.1)" "$ecopt hv -r '10 10 10' $work/ran.40000pts.3d.1" \
  -n "5-D, ran.1000pts.5d.10 (10 sets of 1,000)" "$ecopt hv -r '10 10 10 10 10' $data/ran.1000pts.5d.10" \
  -n "5-D, ran.1000pts.5d.10, one thread (-j1)" "$ecopt hv -j1 -r '10 10 10 10 10' $data/ran.1000pts.5d.10" \
  -n "2-D, 1,000,000 points" "$ecopt hv -r '1 1' $work/uniform.2d.1M" \
  -n "5-D, 100 points (ecopt)" "$ecopt hv -r '10 10 10 10 10' $work/ran.100pts.5d" \
  -n "5-D, 100 points (Optuna 3.1 WFG)" \
     "/usr/bin/python3 -c \"import numpy as np; from optuna._hypervolume import WFG; print(WFG().compute(np.loadtxt('$work/ran.100pts.5d'), np.full(5, 10.0)))\"" \
  >&2
cat "$work/ecopt.md"
echo
echo "values: ecopt $("$ecopt" hv -r '10 10 10 10 10' "$work/ran.100pts.5d"), Optuna $(/usr/bin/python3 -c "import numpy as np; from optuna._hypervolume import WFG; print(WFG().compute(np.loadtxt('$work/ran.100pts.5d'), np.full(5, 10.0)))")"
