#!/usr/bin/env bash
# Whole-process hypervolume timings: `ecopt hv -j1` against moocore's `hv`, built from
# its C sources in a temporary folder with moocore's own release flags (-O3 -flto
# -march=native), on the same inputs, in one run. Start-up and parsing are included.
#
#   bench/hv_cli.sh [--runs N] [--moocore DIR] [--optuna] [--callgrind] [BUILD_DIR]
#
#   BUILD_DIR   ecopt build (default build/release)
#   --moocore   moocore's C sources (default ../shared/peers/moocore-c next to the
#               repository; its BUILD.md). Built under a temporary folder, never here.
#   --runs      hyperfine runs per command (default 20; 3 warm-ups)
#   --optuna    also time Optuna 3.1's WFG on 100 points of the 5-D case (slow)
#   --callgrind also count each whole process's instructions with valgrind's callgrind
#               (steady on a loaded machine, unlike times). moocore is then built a second
#               time with -march=x86-64-v3: valgrind cannot decode the AVX-512 that
#               -march=native emits on machines that have it, and moocore dies of SIGILL
#               right after parsing, which would count its parser alone.
#
# Needs hyperfine, xz, make and a C compiler. Prints a Markdown table (mean ± σ of the
# wall time, the ratio of the means, and the ratio of the mean user+system CPU times,
# steadier than wall time on a shared machine) and checks that both programs print the
# same values; docs/benchmarks.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=20
moocore_src="$PWD/../shared/peers/moocore-c"
optuna=0
callgrind=0
build=build/release
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --moocore) moocore_src=$2; shift 2 ;;
    --optuna) optuna=1; shift ;;
    --callgrind) callgrind=1; shift ;;
    *) build=$1; shift ;;
  esac
done
ecopt="$PWD/$build/bin/ecopt"
[[ -x $ecopt ]] || { echo "hv_cli.sh: no $ecopt; build first (cmake --build --preset release)" >&2; exit 1; }
[[ -f $moocore_src/hv.c ]] || {
  echo "hv_cli.sh: no moocore sources in $moocore_src; pass --moocore DIR" >&2; exit 1; }
data="$PWD/tests/peer/moocore/hv-suite/data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# moocore, built as its Makefile builds a release (DEBUG=0: -O3 -flto -march=native).
cp -r "$moocore_src" "$work/moocore-src"
make -s -C "$work/moocore-src" hv DEBUG=0 BINDIR="$work/moocore-bin" >"$work/moocore-build.log" 2>&1 ||
  { cat "$work/moocore-build.log" >&2; exit 1; }
moocore="$work/moocore-bin/hv"

# Inputs. The fronts are seeded, so every run times the same points.
xz -dc "$data/ran.40000pts.3d.1.xz" > "$work/ran.40000pts.3d.1"
/usr/bin/python3 - "$work" <<'PY'
import math, random, sys
work = sys.argv[1]
def write(name, rows):
    with open(f"{work}/{name}", "w") as f:
        f.writelines(" ".join("%.17g" % x for x in row) + "\n" for row in rows)
def sphere_front(n, d, seed):
    """Points on the positive part of the unit sphere: all mutually non-dominated."""
    rng = random.Random(seed)
    for _ in range(n):
        v = [abs(rng.gauss(0, 1)) for _ in range(d)]
        norm = math.sqrt(sum(x * x for x in v))
        yield [x / norm for x in v]
write("sphere.4d.2000", sphere_front(2000, 4, 1))
write("sphere.6d.300", sphere_front(300, 6, 1))
rng = random.Random(20261126)
write("uniform.2d.1M", ([rng.random(), rng.random()] for _ in range(1_000_000)))
PY

# name | reference | input
cases=(
  "3-D, 40,000 points (\`ran.40000pts.3d.1\`)|10 10 10|$work/ran.40000pts.3d.1"
  "4-D, 2,000-point front on the sphere|1.1 1.1 1.1 1.1|$work/sphere.4d.2000"
  "5-D, \`ran.1000pts.5d.10\` (10 sets of 1,000)|10 10 10 10 10|$data/ran.1000pts.5d.10"
  "6-D, 300-point front on the sphere|1.1 1.1 1.1 1.1 1.1 1.1|$work/sphere.6d.300"
  "2-D, 1,000,000 uniform points|1 1|$work/uniform.2d.1M"
)
for i in "${!cases[@]}"; do
  IFS='|' read -r name ref input <<<"${cases[$i]}"
  "$moocore" -r "$ref" "$input" > "$work/$i.moocore.out"
  "$ecopt" hv -j1 -r "$ref" "$input" > "$work/$i.ecopt.out"
  echo "$name" > "$work/$i.name"
  hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/$i.json" \
    -n moocore "$moocore -r '$ref' $input" -n ecopt "$ecopt hv -j1 -r '$ref' $input" >&2
done

/usr/bin/python3 - "$work" "${#cases[@]}" <<'PY'
import json, sys
work, count = sys.argv[1], int(sys.argv[2])
def ms(seconds):
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.3f} s"
print("| case | moocore `hv` | ecopt `hv -j1` | ratio | CPU-time ratio |")
print("|---|---|---|---|---|")
mismatches = []
for i in range(count):
    name = open(f"{work}/{i}.name").read().strip()
    results = {r["command"]: r for r in json.load(open(f"{work}/{i}.json"))["results"]}
    moo, eco = results["moocore"], results["ecopt"]
    ratio = eco["mean"] / moo["mean"]
    cpu_ratio = (eco["user"] + eco["system"]) / (moo["user"] + moo["system"])
    print(f"| {name} | {ms(moo['mean'])} ± {ms(moo['stddev'])} | "
          f"{ms(eco['mean'])} ± {ms(eco['stddev'])} | {ratio:.2f}× | {cpu_ratio:.2f}× |")
    values = [[float(x) for x in open(f"{work}/{i}.{p}.out").read().split()]
              for p in ("moocore", "ecopt")]
    if len(values[0]) != len(values[1]) or any(
            abs(a - b) > 1e-13 * max(abs(a), 1.0) for a, b in zip(*values)):
        mismatches.append(name)
print()
print("values: " + ("the same in every case (to 13 significant digits)" if not mismatches
                    else "DIFFERENT in " + "; ".join(mismatches)))
sys.exit(1 if mismatches else 0)
PY

if [[ $optuna == 1 ]]; then
  # Optuna 3.1's hypervolume (pure Python, Debian's python3-optuna) on 100 points.
  head -100 "$data/ran.1000pts.5d.10" | grep -v '^#' > "$work/ran.100pts.5d"
  optuna_hv="import numpy as np; from optuna._hypervolume import WFG; print(WFG().compute(np.loadtxt('$work/ran.100pts.5d'), np.full(5, 10.0)))"
  hyperfine --warmup 1 --runs 5 --export-markdown "$work/optuna.md" \
    -n "5-D, 100 points (ecopt)" "$ecopt hv -r '10 10 10 10 10' $work/ran.100pts.5d" \
    -n "5-D, 100 points (Optuna 3.1 WFG)" "/usr/bin/python3 -c \"$optuna_hv\"" >&2
  echo
  cat "$work/optuna.md"
  echo "values: ecopt $("$ecopt" hv -r '10 10 10 10 10' "$work/ran.100pts.5d"), Optuna $(/usr/bin/python3 -c "$optuna_hv")"
fi

if [[ $callgrind == 1 ]]; then
  cp -r "$moocore_src" "$work/moocore-v3-src"
  make -s -C "$work/moocore-v3-src" hv DEBUG=0 MARCH=x86-64-v3 BINDIR="$work/moocore-v3-bin" \
    >"$work/moocore-v3-build.log" 2>&1 || { cat "$work/moocore-v3-build.log" >&2; exit 1; }
  # Instructions of one whole run, start-up included; fails loudly if the program does.
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$work/vg.log" "$@" \
      >/dev/null || { cat "$work/vg.log" >&2; echo "hv_cli.sh: $1 failed under valgrind" >&2; exit 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/vg.log"
  }
  echo
  echo "| case | moocore \`hv\` (-march=x86-64-v3) | ecopt \`hv -j1\` | ratio |"
  echo "|---|---|---|---|"
  for i in "${!cases[@]}"; do
    IFS='|' read -r name ref input <<<"${cases[$i]}"
    m=$(count "$work/moocore-v3-bin/hv" -r "$ref" "$input")
    e=$(count "$ecopt" hv -j1 -r "$ref" "$input")
    /usr/bin/python3 -c "import sys; m, e = int(sys.argv[2]), int(sys.argv[3]); print(f'| {sys.argv[1]} | {m / 1e6:,.1f} M | {e / 1e6:,.1f} M | {e / m:.2f}× |')" \
      "$name" "$m" "$e"
  done
  s=$(count "$ecopt" --version)
  echo
  echo "ecopt's start-up alone (\`ecopt --version\`): $(/usr/bin/python3 -c "print(f'{$s / 1e6:,.1f} M')") instructions"
fi
