#!/usr/bin/env python3
"""Runs one moocore test case against an ecopt command and compares its output.

Usage: run_moocore_case.py --program "/path/to/ecopt hv" --dir CASE_DIR --name NAME

The case's NAME.test runs under bash in CASE_DIR with PROGRAM and TESTNAME set and
LC_ALL=C; its stdout and stderr, merged, must match NAME.exp under moocore's rules: runs
of whitespace folded to one space, lines trimmed and lower-cased, blank lines dropped,
and "..." in an expected line matching any text within that line.

One addition to moocore's rules: a number may differ from the expected one by at most
one unit in its last printed digit (the 15th significant digit for `%.15g`). moocore's
expected values carry moocore's own double-precision rounding; ecopt sums volumes in
extended precision, and where the two disagree in the 15th digit ecopt's value is the
exact one (checked with rational arithmetic, see tests/pareto/hypervolume_test.cpp,
ExactRationalValue). Any larger difference fails.
"""
import argparse
import math
import os
import re
import subprocess
import sys


def normalise(text):
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split()).lower()
        if line:
            lines.append(line)
    return lines


NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$")


def last_digit_unit(text):
    """The value of one unit in the last printed digit of a number such as 1.234e+05."""
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 10.0 ** (int(exponent or 0) - decimals)


def numbers_agree(expected, actual):
    """Equal up to one unit in the 15th significant digit. An expected number ending in
    "..." is a truncated prefix, which the actual number may continue with any digits."""
    prefix = expected.endswith("...")
    expected = expected[:-3] if prefix else expected
    if not NUMBER.match(expected) or not NUMBER.match(actual):
        return False
    e, a = float(expected), float(actual)
    if e == 0.0:
        return a == 0.0
    unit15 = 10.0 ** (math.floor(math.log10(abs(e))) - 14)
    low, high = e - unit15, e + unit15
    if prefix:  # truncation: the true value lies up to one prefix unit further from zero
        if e > 0:
            high += last_digit_unit(expected)
        else:
            low -= last_digit_unit(expected)
    slack = abs(e) * 1e-16
    return low - slack <= a <= high + slack


def line_matches(expected, actual):
    if "..." not in expected:
        if expected == actual:
            return True
    else:
        pattern = ".*".join(re.escape(part) for part in expected.split("..."))
        if re.fullmatch(pattern, actual) is not None:
            return True
    return numbers_agree(expected, actual)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--program", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--name", required=True)
    args = parser.parse_args()

    env = dict(os.environ, PROGRAM=args.program, TESTNAME=args.name, LC_ALL="C")
    with open(os.path.join(args.dir, args.name + ".test")) as f:
        script = f.read()
    result = subprocess.run(["bash", "-c", script], cwd=args.dir, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    actual = normalise(result.stdout.decode("utf-8", "replace"))
    with open(os.path.join(args.dir, args.name + ".exp")) as f:
        expected = normalise(f.read())

    mismatches = []
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else "<missing>"
        a = actual[i] if i < len(actual) else "<missing>"
        if i >= len(expected) or i >= len(actual) or not line_matches(e, a):
            mismatches.append((i + 1, e, a))
    if mismatches:
        print(f"{args.name}: {len(mismatches)} of {len(expected)} expected lines differ "
              f"({len(actual)} lines produced)")
        for line, e, a in mismatches[:20]:
            print(f"  line {line}:\n    expected: {e}\n    actual:   {a}")
        return 1
    print(f"{args.name}: {len(expected)} lines match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
