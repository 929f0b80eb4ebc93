"""Summarises bench/pruning/cnn.sh: for each seed, the study without a pruner (full) and
with one (pruned), from `ecopt export --format json` files in the current folder.

Tuning energy: the sum of every trial's total phase (pruned trials included). Final
hypervolume: the completed trials' (accuracy, energy.inference.per_sample), both
minimised, against one reference per seed: the nadir of both studies' completed trials
plus 10 % of each range, so the two studies of a seed are scored alike. Then what no
pruner saves (the share of the tuning energy outside the train and inference phases:
starting, loading the data, building the model) and, from `ecopt trials --format json`
files (NAME.trials.json), how many pruned trials reported a step past the rung they were
stopped at (each such step is an epoch trained after the decision).

    python3 cnn_summary.py "0 1 2" [TRIALS]

With TRIALS, only each study's trials numbered below TRIALS are scored: a study stopped
after N trials (a deadline) is then compared with the first N trials of its counterpart,
which are the trials a study with a budget of N would have run (the sampler's choice for
trial n depends on the trials before it, not on the budget).
"""

import json
import os
import re
import sys

OBJECTIVES = ("value.accuracy", "value.energy.inference.per_sample")


TRIALS = None  # set from the command line: score only trials numbered below it


def load(name):
    with open(name + ".json") as f:
        rows = json.load(f)
    return rows if TRIALS is None else [r for r in rows if r["number"] < TRIALS]


def points(rows):
    out = []
    for r in rows:
        if r["state"] != "COMPLETE":
            continue
        acc, energy = (r.get(k) for k in OBJECTIVES)
        if isinstance(acc, (int, float)) and isinstance(energy, (int, float)):
            out.append((-acc, energy))
    return out


def hypervolume_2d(pts, ref):
    inside = sorted(p for p in pts if p[0] < ref[0] and p[1] < ref[1])
    hv, best_y = 0.0, ref[1]
    for x, y in inside:
        if y < best_y:
            hv += (ref[0] - x) * (best_y - y)
            best_y = y
    return hv


def reference(pts):
    ref = []
    for k in range(2):
        lo, hi = min(p[k] for p in pts), max(p[k] for p in pts)
        ref.append(hi + 0.1 * (hi - lo if hi > lo else abs(hi) or 1.0))
    return ref


def energy_j(rows):
    return sum(r.get("phase.total.energy_j") or 0.0 for r in rows)


def estimated(rows):
    return all(r.get("phase.total.estimated") in (True, None) for r in rows)


def main():
    global TRIALS
    seeds = sys.argv[1].split()
    if len(sys.argv) > 2:
        TRIALS = int(sys.argv[2])
    print("| seed | trials (completed / pruned) | tuning energy, full -> pruned | energy used "
          "| final HV, full -> pruned | HV kept |")
    print("|---|---|---|---|---|---|")
    sums = {"energy": 0.0, "hv": 0.0}
    all_estimated = True
    for seed in seeds:
        full, pruned = load("cnn-full-s" + seed), load("cnn-pruned-s" + seed)
        ref = reference(points(full) + points(pruned))
        hv_full, hv_pruned = hypervolume_2d(points(full), ref), hypervolume_2d(points(pruned), ref)
        e_full, e_pruned = energy_j(full), energy_j(pruned)
        n_pruned = sum(1 for r in pruned if r["state"] == "PRUNED")
        all_estimated = all_estimated and estimated(full) and estimated(pruned)
        sums["energy"] += e_pruned / e_full / len(seeds)
        sums["hv"] += hv_pruned / hv_full / len(seeds)
        print(f"| {seed} | {len(full)} / {len(pruned) - n_pruned} + {n_pruned} pruned "
              f"| {e_full:.0f} J -> {e_pruned:.0f} J | {100 * e_pruned / e_full:.1f} % "
              f"| {hv_full:.4g} -> {hv_pruned:.4g} | {100 * hv_pruned / hv_full:.1f} % |")
    print(f"| mean | | | {100 * sums['energy']:.1f} % | | {100 * sums['hv']:.1f} % |")
    print()
    print("Energy: " + ("estimated (the CPU estimator, no energy counters)" if all_estimated
                        else "measured by the study's meters") + ".")
    extra_lines(seeds)


def overhead_share(rows):
    """The share of the tuning energy outside the train and inference phases."""
    total = energy_j(rows)
    work = sum((r.get("phase.train.energy_j") or 0.0) + (r.get("phase.inference.energy_j") or 0.0)
                for r in rows)
    return 1.0 - work / total if total > 0 else 0.0


def late_stops(name):
    """(pruned trials, those that reported a step past the rung they were stopped at)."""
    if not os.path.exists(name + ".trials.json"):
        return None
    with open(name + ".trials.json") as f:
        trials = [t for t in json.load(f) if t["state"] == "PRUNED"
                  and (TRIALS is None or t["number"] < TRIALS)]
    late = 0
    for t in trials:
        rung = re.search(r"at rung step (\d+)", t.get("error") or "")
        steps = [e["step"] for e in t.get("intermediate", [])]
        late += bool(rung and steps and max(steps) > int(rung.group(1)))
    return len(trials), late


def front(pts):
    """The non-dominated points (both coordinates minimised)."""
    return sorted({p for p in pts
                   if not any(q[0] <= p[0] and q[1] <= p[1] and q != p for q in pts)})


def extra_lines(seeds):
    print()
    print("| seed | energy outside train and inference, full / pruned | pruned trials that "
          "ran past their rung | front points, full / pruned | best accuracy, full / pruned |")
    print("|---|---|---|---|---|")
    for seed in seeds:
        full, pruned = load("cnn-full-s" + seed), load("cnn-pruned-s" + seed)
        stops = late_stops("cnn-pruned-s" + seed)
        late = "n/a" if stops is None else f"{stops[1]} of {stops[0]}"
        best = [max((-p[0] for p in points(rows)), default=float("nan")) for rows in (full, pruned)]
        print(f"| {seed} | {100 * overhead_share(full):.1f} % / {100 * overhead_share(pruned):.1f} % "
              f"| {late} | {len(front(points(full)))} / {len(front(points(pruned)))} "
              f"| {best[0]:.3f} / {best[1]:.3f} |")


if __name__ == "__main__":
    main()
