#!/usr/bin/env bash
# Installs ecopt from BUILD_DIR into a temporary prefix, then configures, builds and runs
# a consumer project against it with find_package(ecopt).
set -euo pipefail
build_dir=$1
cxx_flags=${2:-}           # the build's flags (e.g. sanitizers), so the consumer links
linker_flags=${3:-}
source_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > /dev/null
test -x "$work/prefix/bin/ecopt"
# ecopt dashboard's server goes beside ecopt, where `ecopt dashboard` runs it from: without
# a storage, the installed ecopt-dashboard's own error must come back.
test -x "$work/prefix/bin/ecopt-dashboard"
if env -u ECOPT_STORAGE "$work/prefix/bin/ecopt" dashboard > "$work/dashboard.log" 2>&1 ||
  ! grep -q "which storage?" "$work/dashboard.log"; then
  echo "installed ecopt dashboard did not reach ecopt-dashboard: $(cat "$work/dashboard.log")"; exit 1
fi
# Built with the examples, their trial programs go beside ecopt, where the study files'
# ${ECOPT_BIN_DIR} points an installed ecopt.
for program in ecopt-cnn ecopt-textgen; do
  if [[ -x "$build_dir/bin/$program" ]]; then
    test -x "$work/prefix/bin/$program" || { echo "$program was built but not installed"; exit 1; }
    "$work/prefix/bin/$program" --help > /dev/null
  fi
done
cmake -S "$source_dir" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$cxx_flags" -DCMAKE_EXE_LINKER_FLAGS="$linker_flags" > /dev/null
cmake --build "$work/build" > /dev/null
"$work/build/consumer"
