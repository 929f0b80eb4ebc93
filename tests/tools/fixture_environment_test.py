#!/usr/bin/env python3
"""Every test that needs a fixture's server must be told where that server is.

A test with FIXTURES_REQUIRED postgres_server or slurm_server finds the server through
ECOPT_TEST_SERVERS_DIR in its ENVIRONMENT, or by running under with_test_servers.sh. A test
with neither skips every time, silently (a label list once swallowed the ENVIRONMENT of the
dashboard's PostgreSQL cases this way). Reads the test list of the build folder given.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

SERVER_FIXTURES = {"postgres_server", "slurm_server"}


def property_map(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def test_listing(build_dir):
    """ctest's JSON list of the build folder's tests. Listed from a copy of its
    CTestTestfile.cmake tree: any ctest run rewrites Testing/Temporary, where the ctest
    running this test keeps its own log and its list of failures."""
    with tempfile.TemporaryDirectory() as copy:
        for here, _, files in os.walk(build_dir):
            if "CTestTestfile.cmake" in files:
                target = os.path.join(copy, os.path.relpath(here, build_dir))
                os.makedirs(target, exist_ok=True)
                shutil.copy(os.path.join(here, "CTestTestfile.cmake"), target)
        return subprocess.run(["ctest", "--show-only=json-v1"], cwd=copy,
                              check=True, capture_output=True, text=True).stdout


def main(build_dir):
    listing = test_listing(build_dir)
    tests = json.loads(listing)["tests"]
    checked, untold = 0, []
    for test in tests:
        props = property_map(test)
        if not SERVER_FIXTURES & set(props.get("FIXTURES_REQUIRED", [])):
            continue
        checked += 1
        environment = props.get("ENVIRONMENT", [])
        told = any(e.startswith("ECOPT_TEST_SERVERS_DIR=") for e in environment)
        wrapped = any("with_test_servers.sh" in arg for arg in test.get("command", []))
        if not (told or wrapped):
            untold.append(test["name"])
    if checked == 0:
        print(f"no test in {build_dir} requires a server fixture: wrong build folder?")
        return 1
    for name in untold:
        print(f"{name}: requires a server fixture but has no ECOPT_TEST_SERVERS_DIR in its "
              "ENVIRONMENT and does not run under with_test_servers.sh, so it always skips; "
              "set its ENVIRONMENT, and give it one label: a label list written before the "
              "ENVIRONMENT swallows it (tests/dashboard/CMakeLists.txt)")
    print(f"{checked} tests need a server, {len(untold)} are not told where it is")
    return 1 if untold else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
