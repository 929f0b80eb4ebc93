#!/usr/bin/env bash
# Runs a test with the servers of the CTest fixtures (tests/tools/test_server.sh):
#   with_test_servers.sh STATE_DIR COMMAND [ARG...]
# exports the KEY=VALUE lines of STATE_DIR/postgres.env and STATE_DIR/slurm.env, then runs
# COMMAND. A file is there only when the fixture started a private server (or skipped), so
# its values win: a SLURM_CONF the shell has for a real cluster must not send the tests'
# jobs there.
set -euo pipefail
state=$1
shift
for kind in postgres slurm; do
  [ -f "$state/$kind.env" ] || continue
  while IFS= read -r line; do
    export "$line"
  done < "$state/$kind.env"
done
exec "$@"
