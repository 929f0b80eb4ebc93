#!/usr/bin/env bash
# What `ecopt` loads when it starts: never the HTTP stack of `ecopt dashboard`
# (cpp-httplib and, through Debian's build of it, OpenSSL, brotli and zlib) nor libpq;
# those are ecopt-dashboard's, and libpq is dlopened for a postgresql:// URL. They once
# came with every command and tripled its start-up (docs/benchmarks.md). The dynamic
# loader's log (LD_DEBUG=libs) names every object initialised in a real run, dlopened ones
# included; ecopt-dashboard's log, which must name them, shows that the check can see them.
#
# Usage: start_libraries_test.sh ECOPT ECOPT_DASHBOARD
set -euo pipefail
ecopt=$1
ecopt_dashboard=$2
. "$(dirname "$0")/../lib.sh"

heavy='lib(ssl|crypto|brotli[a-z]*|z|cpp-httplib|pq)\.so'
# Runs ecopt with ARGS under the loader's log and fails if it loads any of them.
check_start() {
  LD_DEBUG=libs "$ecopt" "$@" > /dev/null 2> libs.log || fail "ecopt $*: $(grep -v '^ *[0-9]*:' libs.log)"
  grep -q 'calling init: .*libc\.so' libs.log || fail "no loader log for ecopt $*: $(head -3 libs.log)"
  if grep -E "calling init: .*/$heavy" libs.log; then
    fail "ecopt $* loads the libraries above at start-up"
  fi
}
printf '1 3\n2 1\n' > front.txt
check_start --version
check_start hv -r '4 4' front.txt
check_start help dashboard
LD_DEBUG=libs "$ecopt_dashboard" --version > /dev/null 2> dashboard.log
for lib in libcpp-httplib libssl libcrypto; do
  grep -q "calling init: .*/$lib\.so" dashboard.log || fail "ecopt-dashboard does not load $lib: is the check blind?"
done

# `ecopt dashboard` without ecopt-dashboard beside it: an error naming the program and
# the fix, not a crash.
mkdir alone
cp "$ecopt" alone/ecopt
if alone/ecopt dashboard --storage sqlite:///x.db > alone.log 2>&1; then fail "ran without ecopt-dashboard"; fi
grep -q "cannot run .*alone/ecopt-dashboard: No such file or directory; .*cmake --install" alone.log \
  || fail "no clear error without ecopt-dashboard: $(cat alone.log)"
echo PASS
