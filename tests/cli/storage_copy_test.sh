#!/usr/bin/env bash
# `ecopt storage copy`: SQLite -> SQLite always; SQLite -> PostgreSQL -> SQLite when
# there is a PostgreSQL server (ECOPT_TEST_POSTGRES_URL, or the ctest fixture's). The
# trials must come back unchanged.
# Usage: storage_copy_test.sh ECOPT DATA_DIR
set -euo pipefail
ecopt=$1
data=$2
. "$(dirname "$0")/../lib.sh"

"$ecopt" study create "$data/demo.yaml" --storage sqlite:///a.db > /dev/null
name=$("$ecopt" study list --storage sqlite:///a.db --format json | python3 -c "import json, sys; print(json.load(sys.stdin)[0]['name'])")
for i in 0 1 2; do
  number=$("$ecopt" ask --study "$name" --storage sqlite:///a.db --format json | python3 -c "import json, sys; print(json.load(sys.stdin)['number'])")
  values=$(python3 -c "print(' '.join(['0.$i'] * $("$ecopt" study show "$name" --storage sqlite:///a.db --format json | python3 -c "import json, sys; print(len(json.load(sys.stdin)['config']['objectives']))")))")
  # shellcheck disable=SC2086
  "$ecopt" tell --study "$name" --storage sqlite:///a.db --trial "$number" --values $values
done
"$ecopt" trials --study "$name" --storage sqlite:///a.db --format json > before.json

targets=(sqlite:///b.db)
if [ -n "${ECOPT_TEST_POSTGRES_URL:-}" ]; then
  postgres_database ecopt_copy
  targets+=("$database_url")
else
  echo "note: only SQLite is copied to: ${ECOPT_TEST_POSTGRES_SKIP:-ECOPT_TEST_POSTGRES_URL is not set}"
fi
for target in "${targets[@]}"; do
  "$ecopt" storage copy --from sqlite:///a.db --to "$target" > copy.log || fail "copy to $target: $(cat copy.log)"
  grep -q "copied study '$name' (3 trials)" copy.log || fail "copy message: $(cat copy.log)"
  grep -q "ecopt:ecopt@" copy.log && fail "a password was printed: $(cat copy.log)"
  rm -f back.db
  "$ecopt" storage copy --from "$target" --to sqlite:///back.db --study "$name" > /dev/null || fail "copy back from $target"
  "$ecopt" trials --study "$name" --storage sqlite:///back.db --format json > after.json
  cmp -s before.json after.json || fail "trials changed on the way through $target: $(diff before.json after.json | head)"
  # A second copy is refused, and says why.
  if "$ecopt" storage copy --from sqlite:///a.db --to "$target" > again.log 2>&1; then fail "copied twice"; fi
  grep -q "already exists" again.log || fail "second copy: $(cat again.log)"
done
echo "1 passed, 0 failed"
