#!/usr/bin/env bash
# The Python module's overhead against C++ (docs/benchmarks.md, "Python module"):
#   bench/python/run.sh [BUILD_DIR]      (default build/release)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/bin/ecopt_bench_python_overhead" "$work"
PYTHONPATH="$build/python" /usr/bin/python3 "$root/bench/python/overhead.py" "$work"
