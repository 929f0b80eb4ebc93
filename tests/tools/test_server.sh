#!/usr/bin/env bash
# The CTest fixtures behind the PostgreSQL and Slurm tests (tests/CMakeLists.txt), so that
# a plain `ctest` runs them:
#
#   test_server.sh start|stop postgres|slurm STATE_DIR
#
# start: when the environment already names a server (ECOPT_TEST_POSTGRES_URL; for Slurm
#   ECOPT_TEST_SLURM=1, with SLURM_CONF naming the cluster, as a shared test machine sets
#   them), it is used as it is and nothing is started. A SLURM_CONF alone is a cluster
#   user's everyday setting, not consent to submit test jobs there: a private cluster is
#   started instead. Otherwise a private server is started with
#   scripts/ci/start-postgres or start-slurm, on free ports, in a short directory of its
#   own under /tmp, and STATE_DIR/KIND.env gets the variables the tests need (KEY=VALUE
#   lines; tests/tools/with_test_servers.sh and tests/storage/storage_backends.hpp read
#   it). When the packages are missing it prints "SKIP: " and the reason (ctest marks the
#   fixture skipped) and writes the reason as ECOPT_TEST_POSTGRES_SKIP / _SLURM_SKIP, so
#   the tests that need the server skip with it too; with ECOPT_TEST_SERVERS_REQUIRED=1
#   (CI sets it) that is a failure instead.
# stop: stops only a server that start started (STATE_DIR/KIND.started names it), and
#   removes its STATE_DIR/KIND.env.
set -euo pipefail

action=$1 kind=$2 state=$3
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
env_file="$state/$kind.env"
started_file="$state/$kind.started"
mkdir -p "$state"

free_port() {
  python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

# Stops the server a previous start left (this run's, or one a killed ctest left behind).
stop_started() {
  [ -s "$started_file" ] || return 0
  local dir
  dir=$(cat "$started_file")
  case "$kind" in
    postgres) "$source_dir/scripts/ci/stop-postgres" --dir "$dir" --remove ;;
    slurm) "$source_dir/scripts/ci/stop-slurm" --dir "$dir" --remove ;;
  esac
  rm -f "$started_file" "$env_file"
  rmdir "$(dirname "$dir")" 2> /dev/null || true
  echo "test_server: stopped the $kind server in $dir"
}

skip() {
  if [ "${ECOPT_TEST_SERVERS_REQUIRED:-}" = 1 ]; then
    echo "test_server: ECOPT_TEST_SERVERS_REQUIRED=1, but $1" >&2
    exit 1
  fi
  echo "ECOPT_TEST_${kind^^}_SKIP=$1" > "$env_file"
  rmdir "$(dirname "$dir")" 2> /dev/null || true   # made for a server that never came
  echo "SKIP: $1"
  exit 0
}

# The environment's own server, if it names one.
provided() {
  case "$kind" in
    postgres) [ -n "${ECOPT_TEST_POSTGRES_URL:-}" ] ;;
    slurm) [ "${ECOPT_TEST_SLURM:-}" = 1 ] ;;
  esac
}

start_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 ||
    skip "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb), so the PostgreSQL tests cannot start a server; install it with 'sudo apt-get install postgresql' (scripts/setup does), or point ECOPT_TEST_POSTGRES_URL at a server"
  local dir=$1 url
  echo "$dir" > "$started_file"
  url=$("$source_dir/scripts/ci/start-postgres" --dir "$dir" --port "$(free_port)" | tail -1)
  echo "ECOPT_TEST_POSTGRES_URL=$url" > "$env_file"
}

start_slurm() {
  local tool
  for tool in munged slurmctld slurmd sbatch; do
    command -v "$tool" > /dev/null ||
      skip "Slurm is not installed ('$tool' is missing), so the Slurm tests cannot start a cluster; install it with 'sudo apt-get install slurm-wlm munge' (scripts/setup does), or set ECOPT_TEST_SLURM=1 with SLURM_CONF naming a cluster"
  done
  [ "$(id -u)" -eq 0 ] ||
    skip "starting the one-node Slurm cluster needs root (slurmd starts jobs as their users); run ctest as root, or set ECOPT_TEST_SLURM=1 with SLURM_CONF naming a cluster"
  local dir=$1 ctld_port slurmd_port
  ctld_port=$(free_port)
  slurmd_port=$(free_port)
  while [ "$slurmd_port" = "$ctld_port" ]; do slurmd_port=$(free_port); done
  echo "$dir" > "$started_file"
  "$source_dir/scripts/ci/start-slurm" --dir "$dir" --ports "$ctld_port" "$slurmd_port" > /dev/null
  printf 'SLURM_CONF=%s\nECOPT_TEST_SLURM=1\n' "$dir/slurm.conf" > "$env_file"
}

case "$action" in
  start)
    stop_started
    rm -f "$env_file"
    if provided; then
      echo "test_server: using the $kind server the environment names; starting none"
      exit 0
    fi
    # Short (sockets live there: 108 bytes at most) and one per build folder.
    dir=/tmp/ecopt-ctest-$(printf %s "$state" | cksum | cut -d' ' -f1)/$kind
    mkdir -p "$(dirname "$dir")"
    chmod 755 "$(dirname "$dir")"
    "start_$kind" "$dir"
    echo "test_server: started a $kind server in $dir for this test run"
    ;;
  stop) stop_started ;;
  *) echo "test_server.sh: unknown action '$action' (start or stop)" >&2; exit 2 ;;
esac
