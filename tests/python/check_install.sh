#!/usr/bin/env bash
# `cmake --install` puts the ecopt package into site-packages under the prefix; a Python
# with that folder on its path imports it and runs a study.
#   check_install.sh BUILD_DIR PYTHON
set -euo pipefail
build=$1 python=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" --component python >/dev/null
site=$(find "$prefix" -name _ecopt*.so -printf '%h\n' | head -1)
[ -n "$site" ] || { echo "FAIL: no _ecopt extension under $prefix" >&2; exit 1; }
case $site in
  "$prefix"/lib/python3*/*-packages/ecopt) ;;
  *) echo "FAIL: installed into $site, not a site-packages folder" >&2; exit 1 ;;
esac
[ -f "$site/__init__.pyi" ] && [ -f "$site/py.typed" ] || { echo "FAIL: stubs missing" >&2; exit 1; }
cd "$prefix"
PYTHONPATH=$(dirname "$site") "$python" - <<PY
import ecopt, os
assert ecopt.__file__.startswith("$prefix"), ecopt.__file__
study = ecopt.create_study(name="installed", storage="sqlite:///$prefix/i.db",
                           space={"x": {"type": "float", "low": 0, "high": 1}},
                           objectives={"loss": "minimize"})
study.optimize(lambda t: t.params["x"], n_trials=2)
assert [t.state for t in study.trials] == ["COMPLETE", "COMPLETE"]
print("installed and imported from", os.path.dirname(ecopt.__file__))
PY
