#!/usr/bin/env bash
# CPU seconds (user) to compile one translation unit of a configured build at several
# optimisation levels, and at -O1/-Og/-O0 with the asan preset's sanitizers: what the
# ECOPT_TEST_OPTIMIZATION (tests/CMakeLists.txt) and ECOPT_COLD_CODE_OPTIMIZATION
# (src/CMakeLists.txt) choices are based on. Uses the compile
# command from BUILD/compile_commands.json, so the includes and defines are the build's.
#
#   bench/build/tu_cost.sh BUILD_DIR SOURCE_SUFFIX [LEVEL...]
#   bench/build/tu_cost.sh build/release tests/report/study_report_test.cpp -O3 -O1 -O0
set -euo pipefail
build_dir=$(cd "$1" && pwd)
suffix=$2
shift 2
levels=("$@")
[[ ${#levels[@]} -gt 0 ]] || levels=(-O3 -O1 -O0)
python3 - "$build_dir" "$suffix" "${levels[@]}" <<'PY'
import json, resource, shlex, subprocess, sys, tempfile
build_dir, suffix, levels = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = json.load(open(f"{build_dir}/compile_commands.json"))
entry = next((e for e in entries if e["file"].endswith(suffix)), None)
if entry is None:
    sys.exit(f"tu_cost: no compile command for a file ending in {suffix} in {build_dir}")
args = [a for a in shlex.split(entry["command"]) if a != "ccache" and not a.endswith("/ccache")]
out = tempfile.NamedTemporaryFile(suffix=".o")
args[args.index("-o") + 1] = out.name
sanitizers = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-g1"]
print(f"{suffix}: user CPU seconds to compile")
# Under the sanitizers: the asan preset's -O1 (optim/, pareto/, space/), its -Og for the
# rest of the library (ECOPT_COLD_CODE_OPTIMIZATION) and the tests' -O0.
for extra, label, label_levels in (([], "plain", levels), (sanitizers, "asan+ubsan", ["-O1", "-Og", "-O0"])):
    for level in label_levels:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        subprocess.run(args + extra + [level], cwd=entry["directory"], check=True)
        cpu_s = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before
        print(f"  {label:10} {level}: {cpu_s:6.1f} s")
PY
