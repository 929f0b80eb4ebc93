#!/usr/bin/python3
"""Summarises the raw runs of run_all.sh into results/summary.md and results/summary.json.

For every sampler, problem and budget (60 and 120 trials): the hypervolume of the true
objective values of the first N trials of each run (exact, any number of objectives;
failed trials and points that do not strictly dominate the reference point are ignored), then the median and the
interquartile range (25th to 75th percentile, numpy's linear interpolation) over the
seeds, as values and as % of the problem's maximum. Also per sampler the suggestion time
(p50, p95, max) over every trial of every run.

    /usr/bin/python3 bench/optimizers/summarise.py [--raw DIR] [--out-dir DIR]

Exits with status 1, after writing the summary, when some hypervolume exceeds its
problem's stated maximum (a wrong maximum or a wrong problem definition) or when the
ecopt and Optuna files disagree on a problem's reference point or maximum.
"""

import argparse
import collections
import glob
import json
import os
import sys

import numpy as np

BUDGETS = (60, 120)
# Column order: ecopt samplers, then Optuna's; any other name follows, sorted.
PREFERRED_ORDER = ["auto", "mobo", "nsga2", "sobol", "random",
                   "optuna-tpe", "optuna-nsga2", "optuna-random"]
PROBLEM_ORDER = ["zdt1", "zdt2", "zdt3", "dtlz2-2obj", "dtlz2-3obj", "dtlz2-4obj",
                 "branincurrin", "mixed", "zdt1-noisy", "gpu-energy"]


def hypervolume_2d(points, reference):
    """Exact 2-D hypervolume (minimisation) of points strictly dominating the reference."""
    points = [p for p in points if p[0] < reference[0] and p[1] < reference[1]]
    points.sort()
    volume = 0.0
    best_f2 = reference[1]
    for f1, f2 in points:
        if f2 >= best_f2:
            continue  # dominated by an earlier point (smaller or equal f1)
        # Until the next point that improves f2, this point's f2 holds.
        volume += (reference[0] - f1) * (best_f2 - f2)
        best_f2 = f2
    return volume


def hypervolume_sliced(points, reference):
    """Exact m-D hypervolume (m >= 3) by slicing along the last objective: between
    consecutive values of it, the cross-section is the (m-1)-D hypervolume of the points at
    or below. O(n^(m-1) log n): enough for the benchmark's 120 points in 3 and 4 D."""
    m = len(reference)
    points = sorted((p for p in points if all(p[i] < reference[i] for i in range(m))),
                    key=lambda p: p[m - 1])
    volume = 0.0
    for i, point in enumerate(points):
        top = points[i + 1][m - 1] if i + 1 < len(points) else reference[m - 1]
        if top > point[m - 1]:
            volume += (top - point[m - 1]) * hypervolume([p[: m - 1] for p in points[: i + 1]],
                                                         reference[: m - 1])
    return volume


def hypervolume(points, reference):
    """Exact hypervolume; failed trials (None) score nothing."""
    points = [list(map(float, p)) for p in points if p is not None]
    if len(reference) == 2:
        return hypervolume_2d(points, reference)
    if len(reference) >= 3:
        return hypervolume_sliced(points, reference)
    raise ValueError("need at least 2 objectives, got %d" % len(reference))


def read_run(path):
    with open(path) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if not lines or "format" not in lines[0]:
        raise ValueError("%s: no header line" % path)
    header, trials = lines[0], lines[1:]
    trials.sort(key=lambda t: t["trial"])
    return header, trials


def column_order(samplers):
    known = [s for s in PREFERRED_ORDER if s in samplers]
    return known + sorted(s for s in samplers if s not in PREFERRED_ORDER)


def row_order(problems):
    known = [p for p in PROBLEM_ORDER if p in problems]
    return known + sorted(p for p in problems if p not in PROBLEM_ORDER)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raw", default=os.path.join(here, "results", "raw"))
    parser.add_argument("--out-dir", default=os.path.join(here, "results"))
    args = parser.parse_args()

    runs = collections.defaultdict(dict)  # (sampler, problem) -> seed -> trials
    problem_info = {}  # problem -> (reference, max, first file)
    suggest_times = collections.defaultdict(list)
    problems_found = []
    paths = sorted(glob.glob(os.path.join(args.raw, "*.jsonl")))
    if not paths:
        print("summarise.py: no *.jsonl files in %s" % args.raw, file=sys.stderr)
        return 1
    for path in paths:
        header, trials = read_run(path)
        sampler, problem = header["sampler"], header["problem"]
        info = (header["reference_point"], header["max_hypervolume"])
        if problem not in problem_info:
            problem_info[problem] = info + (path,)
        elif not np.allclose(problem_info[problem][0], info[0], rtol=0, atol=1e-12) or \
                abs(problem_info[problem][1] - info[1]) > 1e-9 * info[1]:
            problems_found.append("%s and %s disagree on the reference point or maximum of %s"
                                  % (problem_info[problem][2], path, problem))
        runs[(sampler, problem)][header["seed"]] = trials
        suggest_times[sampler].extend(t["suggest_s"] for t in trials)

    samplers = column_order({s for s, _ in runs})
    problems = row_order({p for _, p in runs})
    summary = {"budgets": {}, "problems": {}, "suggest_time_s": {}, "problems_found": []}
    for problem in problems:
        reference, max_hv, _ = problem_info[problem]
        summary["problems"][problem] = {"reference_point": reference, "max_hypervolume": max_hv}

    for budget in BUDGETS:
        table = {}
        for problem in problems:
            reference, max_hv, _ = problem_info[problem]
            for sampler in samplers:
                seeds = runs.get((sampler, problem), {})
                values = {}
                for seed, trials in sorted(seeds.items()):
                    if len(trials) < budget:
                        continue  # a shorter run says nothing about this budget
                    values[seed] = hypervolume([t["true"] for t in trials[:budget]], reference)
                    if values[seed] > max_hv * (1 + 1e-9):
                        problems_found.append(
                            "%s on %s, seed %s: hypervolume %.12g after %d trials exceeds the "
                            "stated maximum %.12g" % (sampler, problem, seed, values[seed],
                                                      budget, max_hv))
                if not values:
                    continue
                hv = np.array(list(values.values()))
                p25, median, p75 = np.percentile(hv, [25, 50, 75])
                table.setdefault(problem, {})[sampler] = {
                    "runs": len(hv),
                    "median": median, "p25": p25, "p75": p75,
                    "median_pct": 100 * median / max_hv,
                    "p25_pct": 100 * p25 / max_hv,
                    "p75_pct": 100 * p75 / max_hv,
                    "per_seed": {str(s): v for s, v in values.items()},
                }
        summary["budgets"][str(budget)] = table

    for sampler in samplers:
        times = np.array(suggest_times[sampler])
        summary["suggest_time_s"][sampler] = {
            "suggestions": len(times),
            "p50": float(np.percentile(times, 50)),
            "p95": float(np.percentile(times, 95)),
            "max": float(times.max()),
        }
    summary["problems_found"] = problems_found

    os.makedirs(args.out_dir, exist_ok=True)
    with open(os.path.join(args.out_dir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    with open(os.path.join(args.out_dir, "summary.md"), "w") as f:
        f.write(markdown(summary, samplers, problems))
    for line in problems_found:
        print("summarise.py: PROBLEM: " + line, file=sys.stderr)
    print("summarise.py: wrote %s/summary.md and summary.json from %d runs"
          % (args.out_dir, len(paths)))
    return 1 if problems_found else 0


def markdown(summary, samplers, problems):
    out = ["# Optimizer benchmark", "",
           "Hypervolume of the true objective values of the first N trials, as % of the "
           "problem's maximum: median over seeds (25th-75th percentile). Best median per row "
           "in bold. Generated by bench/optimizers/summarise.py.", ""]
    for budget in BUDGETS:
        table = summary["budgets"][str(budget)]
        counts = sorted({c["runs"] for row in table.values() for c in row.values()})
        uniform = len(counts) <= 1
        out.append("## %d trials" % budget)
        out.append("")
        if uniform:
            out.append("Runs per cell: %s." % (counts[0] if counts else 0))
        else:
            out.append("Runs per cell vary; [n] gives the count.")
        out.append("")
        out.append("| problem | max HV | " + " | ".join(samplers) + " |")
        out.append("|---|---|" + "---|" * len(samplers))
        for problem in problems:
            row = table.get(problem, {})
            best = max((c["median_pct"] for c in row.values()), default=None)
            cells = []
            for sampler in samplers:
                cell = row.get(sampler)
                if cell is None:
                    cells.append("-")
                    continue
                text = "%.2f (%.2f-%.2f)" % (cell["median_pct"], cell["p25_pct"], cell["p75_pct"])
                if cell["median_pct"] == best:
                    text = "**%s**" % text
                if not uniform:
                    text += " [%d]" % cell["runs"]
                cells.append(text)
            max_hv = summary["problems"][problem]["max_hypervolume"]
            out.append("| %s | %.6g | %s |" % (problem, max_hv, " | ".join(cells)))
        out.append("")
    out.append("## Suggestion time per trial (all runs)")
    out.append("")
    out.append("| sampler | suggestions | p50 ms | p95 ms | max ms |")
    out.append("|---|---|---|---|---|")
    for sampler in samplers:
        t = summary["suggest_time_s"][sampler]
        out.append("| %s | %d | %.3f | %.3f | %.3f |" % (sampler, t["suggestions"],
                                                        1e3 * t["p50"], 1e3 * t["p95"],
                                                        1e3 * t["max"]))
    out.append("")
    out.append("ecopt's times are of Sampler::suggest alone; Optuna's are of study.ask with "
               "every distribution given (sampling plus Optuna's in-memory storage).")
    out.append("")
    if summary["problems_found"]:
        out.append("## Problems found")
        out.append("")
        out.extend("- " + line for line in summary["problems_found"])
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
