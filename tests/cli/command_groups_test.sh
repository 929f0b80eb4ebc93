#!/usr/bin/env bash
# `ecopt NAME ...` declares only NAME's group of commands (src/cli/main.cpp, for start-up
# time); `ecopt help` declares them all. Each command `ecopt help` lists must therefore
# work declared alone: its --help names it, where a group that does not define it would
# fail with "argument was not expected".
#
# Usage: command_groups_test.sh ECOPT
set -euo pipefail
ecopt=$1
. "$(dirname "$0")/../lib.sh"

"$ecopt" help > list.md
names=$(sed -n 's/^| `ecopt \([a-z]*\)` |.*/\1/p' list.md)
[ "$(wc -w <<< "$names")" -ge 20 ] || fail "ecopt help lists too few commands: $(cat list.md)"
for name in $names; do
  "$ecopt" "$name" --help > help.txt 2>&1 || fail "ecopt $name --help: $(cat help.txt)"
  grep -q "Usage: ecopt $name " help.txt || fail "ecopt $name --help: $(head -5 help.txt)"
done
echo PASS
