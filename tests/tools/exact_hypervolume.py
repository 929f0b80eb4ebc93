#!/usr/bin/env python3
"""Exact hypervolume in rational arithmetic, for checking ecopt's floating-point results.

Usage: exact_hypervolume.py FILE "r1 r2 ... rd"

Reads a point file (moocore format: blank or comment lines separate sets), converts every
number to an exact fraction, and prints each set's hypervolume (minimisation) as %.17g and
%.15g. The algorithm is a plain WFG recursion without any floating point, so it is slow
(use it on files of a few dozen points) but exact.
"""
import sys
from fractions import Fraction


def nondominated(points):
    kept = []
    for p in points:
        if p in kept:
            continue
        if any(q != p and all(a <= b for a, b in zip(q, p)) for q in points):
            continue
        kept.append(p)
    return kept


def hypervolume(points, reference):
    points = nondominated(points)
    if not points:
        return Fraction(0)
    if len(reference) == 1:
        return reference[0] - min(p[0] for p in points)
    points = sorted(points, key=lambda p: p[-1])
    total = Fraction(0)
    for i, p in enumerate(points):
        box = Fraction(1)
        for j in range(len(reference) - 1):
            box *= reference[j] - p[j]
        limit = [tuple(max(a, b) for a, b in zip(q[:-1], p[:-1])) for q in points[:i]]
        exclusive = box - hypervolume(limit, reference[:-1]) if limit else box
        total += (reference[-1] - p[-1]) * exclusive
    return total


def point_sets(path):
    sets, current = [], []
    with open(path) as f:
        for line in f:
            values = line.split("#")[0].split()
            if not values:
                if current:
                    sets.append(current)
                    current = []
                continue
            current.append(tuple(Fraction(v) for v in values))
    if current:
        sets.append(current)
    return sets


def main():
    reference = tuple(Fraction(v) for v in sys.argv[2].split())
    for points in point_sets(sys.argv[1]):
        inside = [p for p in points if all(a < b for a, b in zip(p, reference))]
        value = hypervolume(inside, reference)
        print("%.17g %.15g" % (float(value), float(value)))


if __name__ == "__main__":
    main()
