#!/usr/bin/env bash
# The ctest fixtures' promises (tests/tools/test_server.sh), without starting a server:
# a server the environment names is used as it is (nothing started, nothing written for
# the tests, nothing stopped), and missing packages are a skip that names the package,
# or a failure under ECOPT_TEST_SERVERS_REQUIRED=1.
set -euo pipefail
script="$(cd "$(dirname "$0")" && pwd)/test_server.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- the environment's own servers -----------------------------------------------------
for kind in postgres slurm; do
  ECOPT_TEST_POSTGRES_URL=postgresql://u:p@127.0.0.1:1/none \
    ECOPT_TEST_SLURM=1 SLURM_CONF=/nonexistent/slurm.conf bash "$script" start "$kind" "$work/state" > "$work/out.txt" 2>&1 || fail "start $kind: $(cat "$work/out.txt")"
  grep -q "starting none" "$work/out.txt" || fail "start $kind did not say it reuses the server: $(cat "$work/out.txt")"
  [ ! -e "$work/state/$kind.started" ] || fail "start $kind recorded a server it did not start"
  [ ! -e "$work/state/$kind.env" ] || fail "start $kind wrote settings over the environment's"
  bash "$script" stop "$kind" "$work/state" > "$work/out.txt" 2>&1 || fail "stop $kind: $(cat "$work/out.txt")"
  grep -q stopped "$work/out.txt" && fail "stop $kind stopped something: $(cat "$work/out.txt")"
done

# --- Slurm missing: a PATH with every tool but Slurm's and munge's ------------------------
mkdir "$work/bin"
for dir in /usr/local/bin /usr/bin /bin; do
  cp -sn "$dir"/* "$work/bin/" 2> /dev/null || true   # one process: a link per tool
done
rm -f "$work/bin/munged" "$work/bin/slurmctld" "$work/bin/slurmd" "$work/bin/sbatch"
# CI exports ECOPT_TEST_SERVERS_REQUIRED=1; the skip case must not inherit it.
no_slurm=(env -u ECOPT_TEST_SLURM -u SLURM_CONF -u ECOPT_TEST_SERVERS_REQUIRED PATH="$work/bin")
"${no_slurm[@]}" bash "$script" start slurm "$work/state" > "$work/out.txt" 2>&1 ||
  fail "a missing Slurm is a skip, not a failure: $(cat "$work/out.txt")"
grep -q "^SKIP: Slurm is not installed .*apt-get install slurm-wlm munge" "$work/out.txt" ||
  fail "the skip does not name the package: $(cat "$work/out.txt")"
grep -q "^ECOPT_TEST_SLURM_SKIP=Slurm is not installed" "$work/state/slurm.env" ||
  fail "the reason is not passed to the tests: $(cat "$work/state/slurm.env")"
[ ! -e "$work/state/slurm.started" ] || fail "a skip recorded a started cluster"
# A SLURM_CONF alone is a cluster user's shell, not consent to submit test jobs there: the
# fixture goes on to start a private cluster (here: finds Slurm missing and skips).
env -u ECOPT_TEST_SLURM -u ECOPT_TEST_SERVERS_REQUIRED PATH="$work/bin" \
  SLURM_CONF=/etc/real-cluster/slurm.conf bash "$script" start slurm "$work/state" \
  > "$work/out.txt" 2>&1 || fail "start slurm with SLURM_CONF alone: $(cat "$work/out.txt")"
grep -q "starting none" "$work/out.txt" &&
  fail "a SLURM_CONF alone made the tests use that cluster: $(cat "$work/out.txt")"
grep -q "^SKIP: Slurm is not installed" "$work/out.txt" ||
  fail "with SLURM_CONF alone the fixture did not try a private cluster: $(cat "$work/out.txt")"
servers_dir=/tmp/ecopt-ctest-$(printf %s "$work/state" | cksum | cut -d' ' -f1)
[ ! -e "$servers_dir" ] || fail "a skip left $servers_dir behind"
if "${no_slurm[@]}" ECOPT_TEST_SERVERS_REQUIRED=1 bash "$script" start slurm "$work/state" \
    > "$work/out.txt" 2>&1; then
  fail "ECOPT_TEST_SERVERS_REQUIRED=1 let a missing Slurm pass: $(cat "$work/out.txt")"
fi
grep -q "ECOPT_TEST_SERVERS_REQUIRED=1, but Slurm is not installed" "$work/out.txt" ||
  fail "the failure does not say why: $(cat "$work/out.txt")"
echo "ok"
