#!/usr/bin/env python3
"""Fails when a module of ecopt includes a module upstream of it.

Data flows measure -> store -> optimise -> report (docs/architecture.md). Each module
has a level; a file may include its own module and modules at a lower level, never one
at its own level or above. Every `#include "..."` in src/ and include/ecopt/ is checked;
each violation is reported as `FILE:LINE: includes TARGET: MODULE (level N) may not
include MODULE (level M); RULE`.

Usage: layering_test.py ROOT      check the repository at ROOT (exit 1 on violations)
       layering_test.py --self-test   check the checker on a tiny fixture tree
"""
import os
import re
import sys
import tempfile

# (module, level). Modules at one level do not include each other.
LEVELS = [
    ("base", 0),  # version.hpp, client.hpp: no ecopt dependencies, usable anywhere
    ("measurement", 1),  # what a measurement records (PhaseMeasurement)
    ("pareto", 1),  # pure maths
    ("space", 2),  # the search space
    ("study-data", 3),  # trials, study config, study file (everything in study/ but study.hpp)
    ("energy", 3),  # meters and measurement windows: measures, knows no study
    ("storage", 4),  # keeping studies and trials
    ("hardware", 4),  # hardware knobs: set, restore, journal, host lock; knows no study
    ("optim", 5),  # samplers
    ("study", 6),  # study/study.hpp: the ask/tell orchestrator joining a Storage and a Sampler
    ("runner", 7),  # processes, the tune loop
    ("report", 8),  # analyses and writers
    ("dashboard", 9),  # the live dashboard's HTTP server (src/dashboard): reads storage and report
    ("cli", 10),  # the ecopt executable
    ("python", 10),  # the Python module's bindings (src/python), beside the CLI
]
LEVEL = dict(LEVELS)
RULE = ("allowed direction: base -> measurement, pareto -> space -> study data | energy "
        "-> storage | hardware -> optim -> study orchestrator -> runner -> report -> dashboard -> cli | python "
        "(see docs/architecture.md)")
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCE_DIRS = ["src", os.path.join("include", "ecopt")]
EXTRA_INCLUDE_DIRS = ["include", "src", os.path.join("src", "energy"), os.path.join("src", "runner")]


def module_of(rel):
    """The module of a repository-relative path, or None for files outside any module."""
    parts = rel.replace(os.sep, "/").split("/")
    if parts[0] == "include" and len(parts) >= 3 and parts[1] == "ecopt":
        parts = parts[2:]
    elif parts[0] == "src" and len(parts) >= 2:
        parts = parts[1:]
    else:
        return None
    if len(parts) == 1:  # include/ecopt/pareto.hpp, version.hpp.in, client.hpp
        stem = parts[0].split(".")[0]
        return stem if stem in LEVEL else ("base" if stem in ("version", "client") else None)
    module = parts[0]
    if module == "study":
        return "study" if parts[-1] in ("study.hpp", "study.cpp") else "study-data"
    return module if module in LEVEL else None


def resolve(root, including_rel, target):
    """The repository-relative path an include names, or None (system or generated)."""
    candidates = [os.path.join(os.path.dirname(including_rel), target)]
    candidates += [os.path.join(d, target) for d in EXTRA_INCLUDE_DIRS]
    for candidate in candidates:
        path = os.path.normpath(candidate)
        if os.path.exists(os.path.join(root, path)) or os.path.exists(os.path.join(root, path + ".in")):
            return path
    return None


def violations(root):
    found = []
    for source_dir in SOURCE_DIRS:
        for directory, _, files in os.walk(os.path.join(root, source_dir)):
            for name in sorted(files):
                path = os.path.join(directory, name)
                rel = os.path.relpath(path, root)
                module = module_of(rel)
                if module is None:
                    continue
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, line in enumerate(f, 1):
                        match = INCLUDE.match(line)
                        if not match:
                            continue
                        target_rel = resolve(root, rel, match.group(1))
                        target = module_of(target_rel) if target_rel else None
                        if target is None or target == module or LEVEL[target] < LEVEL[module]:
                            continue
                        found.append(
                            f"{rel}:{number}: includes {match.group(1)}: {module} (level "
                            f"{LEVEL[module]}) may not include {target} (level {LEVEL[target]}); "
                            + RULE)
    return sorted(found)


def self_test():
    """The checker passes a clean tree and names the file and rule in a bad one."""
    with tempfile.TemporaryDirectory() as root:
        def write(rel, text):
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "w") as f:
                f.write(text)
        write("include/ecopt/measurement/phase_measurement.hpp", "#pragma once\n")
        write("include/ecopt/energy/window.hpp",
              '#include "ecopt/measurement/phase_measurement.hpp"\n')
        write("include/ecopt/study/study.hpp", '#include "ecopt/storage/storage.hpp"\n')
        write("include/ecopt/storage/storage.hpp", '#include "ecopt/study/trial.hpp"\n')
        write("include/ecopt/study/trial.hpp", "#pragma once\n")
        write("src/optim/detail/x.hpp", "#pragma once\n")
        write("src/optim/sampler.cpp", '#include "detail/x.hpp"\n#include <vector>\n')
        assert violations(root) == [], violations(root)
        write("src/energy/window.cpp", '#include "ecopt/energy/window.hpp"\n\n'
              '#include "ecopt/study/study.hpp"\n')
        write("include/ecopt/study/trial.hpp", '#include "ecopt/study/study.hpp"\n')
        write("include/ecopt/pareto/front.hpp", '#include "ecopt/measurement/phase_measurement.hpp"\n')
        found = violations(root)
        assert len(found) == 3, found
        assert found[0].startswith("include/ecopt/pareto/front.hpp:1: includes ecopt/measurement/"
                                   "phase_measurement.hpp: pareto (level 1) may not include "
                                   "measurement (level 1)"), found[0]
        assert found[1].startswith("include/ecopt/study/trial.hpp:1: includes ecopt/study/study.hpp:"
                                   " study-data (level 3) may not include study (level 6)"), found[1]
        assert found[2].startswith("src/energy/window.cpp:3: includes ecopt/study/study.hpp: energy "
                                   "(level 3) may not include study (level 6); allowed direction"), found[2]
    print("layering checker self-test passed")


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        self_test()
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = violations(argv[1])
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} include(s) reach upstream", file=sys.stderr)
        return 1
    print("layering: every include flows downstream")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
