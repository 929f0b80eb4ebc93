# The preamble the shell tests share. Source it after `set -euo pipefail`:
#
#   . "$(dirname "$0")/../lib.sh"
#
# It makes a work folder $work (mode 755: the postgres user and Slurm jobs read it) and
# changes into it, points PYTHONPATH at the Python client, and at exit runs the test's
# own `cleanup` function if it defines one, SIGKILLs the background processes listed in
# $pids (a test appends each one it starts: `cmd & pids+=($!)`), drops the database
# `postgres_database` made, and removes $work. It defines:
#   fail MESSAGE             print "FAIL: MESSAGE" and exit 1 (a test may redefine it)
#   skip REASON              print "SKIP: REASON" and exit 77 (ctest's SKIP_RETURN_CODE)
#   need_postgres [PREFIX]   skip unless ECOPT_TEST_POSTGRES_URL names a server; the reason
#                            is the ctest fixture's (a missing package) when it gave one
#   need_slurm [PREFIX]      the same for a Slurm cluster (ECOPT_TEST_SLURM=1)
#   postgres_database NAME   create a database of its own on that server, dropped at exit:
#                            sets $database and $database_url
ecopt_source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PYTHONPATH="$ecopt_source_dir/clients/python"
work=$(mktemp -d)
chmod 755 "$work"
database=""
pids=()

_ecopt_test_exit() {
  if declare -F cleanup > /dev/null; then cleanup || true; fi
  local pid
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  if [ -n "$database" ]; then
    psql -X -q "$_ecopt_database_server" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" \
      > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap _ecopt_test_exit EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

need_postgres() {
  [ -n "${ECOPT_TEST_POSTGRES_URL:-}" ] ||
    skip "${1:-}${ECOPT_TEST_POSTGRES_SKIP:-ECOPT_TEST_POSTGRES_URL is not set; run this test through ctest, which starts a server, or start one with scripts/ci/start-postgres}"
}

need_slurm() {
  [ "${ECOPT_TEST_SLURM:-}" = 1 ] ||
    skip "${1:-}${ECOPT_TEST_SLURM_SKIP:-ECOPT_TEST_SLURM is not 1; run this test through ctest, which starts a cluster, or start one with eval \"\$(scripts/ci/start-slurm)\"}"
}

postgres_database() {
  _ecopt_database_server=$ECOPT_TEST_POSTGRES_URL  # the test may unset it afterwards
  database="${1}_$$_$RANDOM"
  psql -X -q "$ECOPT_TEST_POSTGRES_URL" -c "CREATE DATABASE $database" ||
    fail "cannot create the database $database on the test server"
  # The server's URL with its database name replaced (a ?query stays).
  database_url=$(python3 -c "import sys; u = sys.argv[1]; q = u.find('?'); q = len(u) if q < 0 else q; p = u.rfind('/', 0, q); print(u[:p + 1] + sys.argv[2] + u[q:])" "$ECOPT_TEST_POSTGRES_URL" "$database")
}
