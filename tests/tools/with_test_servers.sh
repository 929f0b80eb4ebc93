#!/usr/bin/env bash
# Runs a test with the servers of the CTest fixtures (tests/tools/test_server.sh):
#   with_test_servers.sh STATE_DIR COMMAND [ARG...]
# exports the KEY=VALUE lines of STATE_DIR/postgres.env and STATE_DIR/slurm.env, except
# variables the environment already sets, then runs COMMAND.
set -euo pipefail
state=$1
shift
for kind in postgres slurm; do
  [ -f "$state/$kind.env" ] || continue
  while IFS= read -r line; do
    key=${line%%=*}
    [ -n "${!key:-}" ] || export "$line"
  done < "$state/$kind.env"
done
exec "$@"
