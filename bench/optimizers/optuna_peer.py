#!/usr/bin/python3
"""Optuna 3.1 on the benchmark problems of ecopt_bench_optimizers.

The problems are defined exactly as in problems.cpp (names, parameters, formulas,
reference points, maxima); keep the two in step. Output: the same JSON lines as
ecopt_bench_optimizers, a header line and then one line per trial with the true values
(scored), the observed values (what the sampler was told) and the suggestion time (the
time of study.ask with every distribution given, so that all sampling happens there).

    /usr/bin/python3 bench/optimizers/optuna_peer.py --sampler optuna-tpe --problem zdt1 \\
        --seed 0 --trials 120 [--out FILE]
    /usr/bin/python3 bench/optimizers/optuna_peer.py --list

Samplers: optuna-random (RandomSampler(seed)), optuna-nsga2 (NSGAIISampler(seed=seed),
default population of 50), optuna-tpe (TPESampler(seed=seed, multivariate=True)).
Run it with /usr/bin/python3 (Debian's python3-optuna and numpy).
"""

import argparse
import json
import math
import os
import sys
import time
import warnings

import numpy as np
import optuna

# --- problems (as problems.cpp) ----------------------------------------------------------

UNIT = optuna.distributions.FloatDistribution(0.0, 1.0)


def unit_space(dimension):
    return {"x%d" % (i + 1): UNIT for i in range(dimension)}


def unit_values(params, dimension):
    return [params["x%d" % (i + 1)] for i in range(dimension)]


def zdt(variant):
    def evaluate(params):
        x = unit_values(params, 6)
        f1 = x[0]
        g = 1.0 + 9.0 * sum(x[1:]) / (len(x) - 1)
        ratio = f1 / g
        if variant == 1:
            h = 1.0 - math.sqrt(ratio)
        elif variant == 2:
            h = 1.0 - ratio * ratio
        else:
            h = 1.0 - math.sqrt(ratio) - ratio * math.sin(10.0 * math.pi * f1)
        return [f1, g * h]

    return evaluate


def dtlz2(dimension, objectives):
    """As BoTorch's DTLZ2: g over the last dimension - objectives + 1 variables."""

    def evaluate(params):
        x = unit_values(params, dimension)
        g = sum((xi - 0.5) ** 2 for xi in x[objectives - 1 :])
        f = []
        for i in range(objectives):
            last = objectives - 1 - i
            value = 1.0 + g
            for j in range(last):
                value *= math.cos(x[j] * math.pi / 2.0)
            if i > 0:
                value *= math.sin(x[last] * math.pi / 2.0)
            f.append(value)
        return f

    return evaluate


def branin_currin(params):
    """BoTorch's BraninCurrin: Branin on (15 x1 - 5, 15 x2), Currin on (x1, x2)."""
    x1, x2 = params["x1"], params["x2"]
    a, b = 15.0 * x1 - 5.0, 15.0 * x2
    t1 = b - 5.1 / (4.0 * math.pi**2) * a * a + 5.0 / math.pi * a - 6.0
    t2 = 10.0 * (1.0 - 1.0 / (8.0 * math.pi)) * math.cos(a)
    branin = t1 * t1 + t2 + 10.0
    factor = 1.0 if x2 == 0.0 else 1.0 - math.exp(-1.0 / (2.0 * x2))  # exp(-inf) = 0
    numerator = 2300.0 * x1**3 + 1900.0 * x1**2 + 2092.0 * x1 + 60.0
    denominator = 100.0 * x1**3 + 500.0 * x1**2 + 4.0 * x1 + 20.0
    return [branin, factor * numerator / denominator]


# kind: (o1, s1, o2, s2, best x2, best k); see problems.cpp for the design and its maximum.
MIXED_KINDS = {
    "alpha": (0.0, 0.5, 0.35, 0.65, 0.2, 2),
    "beta": (0.2, 0.6, 0.1, 0.6, 0.5, 5),
    "gamma": (0.5, 0.5, 0.0, 0.3, 0.8, 8),
}


def mixed(params):
    o1, s1, o2, s2, best_x2, best_k = MIXED_KINDS[params["kind"]]
    x1, x2, k = params["x1"], params["x2"], params["k"]
    g = 1.0 + 10.0 * (x2 - best_x2) ** 2 + 0.2 * (k - best_k) ** 2
    return [g * (o1 + s1 * x1), g * (o2 + s2 * (1.0 - math.sqrt(x1)))]


GPU_BATCH_SIZES = [8, 16, 32, 64, 128, 256, 512, 1024]
GPU_POWER_LIMITS_W = list(range(100, 251, 25))
GPU_REFERENCE = [1.1e6, 9000.0]


def gpu_energy(params):
    """problems.cpp's gpu-energy: [energy_j, duration_s], or None when the configuration
    fails (batch 1024: out of memory; batch 512 at <= 125 W: the step watchdog)."""
    batch, power_limit_w = params["batch_size"], params["power_limit_w"]
    if batch >= 1024 or (batch >= 512 and power_limit_w <= 125):
        return None
    steps = 2000.0 * (1.0 + 1024.0 / batch)
    drawn_w = min(float(power_limit_w), 200.0)
    compute_s = batch * 2e-3 / (drawn_w / 250.0) ** 0.6
    return [steps * (compute_s * drawn_w + 0.02 * 30.0), steps * (compute_s + 0.02)]


def hypervolume_2d(points, reference):
    """Exact 2-D hypervolume (minimisation) of the points strictly dominating reference."""
    volume, best_f2 = 0.0, reference[1]
    for f1, f2 in sorted(p for p in points if p[0] < reference[0] and p[1] < reference[1]):
        if f2 < best_f2:
            volume += (reference[0] - f1) * (best_f2 - f2)
            best_f2 = f2
    return volume


def gpu_energy_max_hypervolume():
    values = [gpu_energy({"batch_size": b, "power_limit_w": p})
              for b in GPU_BATCH_SIZES for p in GPU_POWER_LIMITS_W]
    return hypervolume_2d([v for v in values if v is not None], GPU_REFERENCE)


def problem(name, space, evaluate, reference, max_hypervolume, noise_sd=0.0,
            relative_noise=False):
    return {
        "name": name,
        "space": space,
        "evaluate": evaluate,
        "reference_point": reference,
        "max_hypervolume": max_hypervolume,
        "noise_sd": noise_sd,
        "relative_noise": relative_noise,
    }


PROBLEMS = [
    problem("zdt1", unit_space(6), zdt(1), [11.0, 11.0], 121.0 - 1.0 / 3.0),
    problem("zdt2", unit_space(6), zdt(2), [11.0, 11.0], 121.0 - 2.0 / 3.0),
    problem("zdt3", unit_space(6), zdt(3), [11.0, 11.0], 128.7781161307),
    problem("dtlz2-2obj", unit_space(6), dtlz2(6, 2), [1.1, 1.1], 1.21 - math.pi / 4.0),
    problem("dtlz2-3obj", unit_space(6), dtlz2(6, 3), [1.1, 1.1, 1.1], 1.331 - math.pi / 6.0),
    problem("dtlz2-4obj", unit_space(6), dtlz2(6, 4), [1.1] * 4,
            1.1**4 - math.pi**2 / 2.0 / 16.0),  # the unit ball's volume pi^2/2, over 2^4
    problem("branincurrin", unit_space(2), branin_currin, [18.0, 6.0], 59.4066),
    problem(
        "mixed",
        {
            "x1": UNIT,
            "x2": UNIT,
            "k": optuna.distributions.IntDistribution(0, 10),
            "kind": optuna.distributions.CategoricalDistribution(list(MIXED_KINDS)),
        },
        mixed,
        [1.2, 1.2],
        1.1208162887,
    ),
    problem("zdt1-noisy", unit_space(6), zdt(1), [11.0, 11.0], 121.0 - 1.0 / 3.0, noise_sd=0.1),
    problem(
        "gpu-energy",
        {
            "batch_size": optuna.distributions.CategoricalDistribution(GPU_BATCH_SIZES),
            "power_limit_w": optuna.distributions.IntDistribution(100, 250, step=25),
        },
        gpu_energy,
        GPU_REFERENCE,
        gpu_energy_max_hypervolume(),
        noise_sd=0.05,
        relative_noise=True,
    ),
]

# --- samplers ----------------------------------------------------------------------------

SAMPLERS = {
    "optuna-random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "optuna-nsga2": lambda seed: optuna.samplers.NSGAIISampler(seed=seed),
    "optuna-tpe": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
}

# The noise stream is seeded from the run's seed, apart from the sampler's (the values
# differ from ecopt's, which uses its own generator; their distribution is the same).
NOISE_SEED_OFFSET = 0x6E6F697365


def observe(value, spec, noise):
    """The value the sampler is told: with additive or relative (log-normal) noise."""
    if spec["noise_sd"] <= 0.0:
        return value
    draw = float(noise.normal(0.0, spec["noise_sd"]))
    return value * math.exp(draw) if spec["relative_noise"] else value + draw


def run(sampler_name, spec, seed, trials, out):
    study = optuna.create_study(
        directions=["minimize"] * len(spec["reference_point"]),
        sampler=SAMPLERS[sampler_name](seed),
    )
    noise = np.random.default_rng(seed + NOISE_SEED_OFFSET)
    header = {
        "format": "ecopt-bench-optimizers/1",
        "sampler": sampler_name,
        "problem": spec["name"],
        "seed": seed,
        "trials": trials,
        "objectives": len(spec["reference_point"]),
        "reference_point": spec["reference_point"],
        "max_hypervolume": spec["max_hypervolume"],
    }
    out.write(json.dumps(header, sort_keys=True) + "\n")
    for number in range(trials):
        start = time.perf_counter()
        trial = study.ask(spec["space"])
        suggest_s = time.perf_counter() - start
        true_values = spec["evaluate"](trial.params)
        line = {"trial": number, "suggest_s": suggest_s, "params": trial.params}
        if true_values is None:  # the configuration fails: a failed trial, as in a study
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            line.update({"failed": True, "true": None, "observed": None})
        else:
            observed = [observe(v, spec, noise) for v in true_values]
            study.tell(trial, observed)
            line.update({"true": true_values, "observed": observed})
        out.write(json.dumps(line, sort_keys=True) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the problems and exit")
    parser.add_argument("--sampler", choices=sorted(SAMPLERS))
    parser.add_argument("--problem")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trials", type=int, default=120)
    parser.add_argument("--out", default="-", help="output file (JSON lines); default stdout")
    args = parser.parse_args()

    if args.list:
        print("# name\tvariables\tobjectives\treference\tmax_hypervolume")
        for spec in PROBLEMS:
            reference = ",".join("%f" % r for r in spec["reference_point"])
            print("%s\t%d\t%d\t%s\t%.12g" % (spec["name"], len(spec["space"]),
                                              len(spec["reference_point"]), reference,
                                              spec["max_hypervolume"]))
        return 0
    if args.sampler is None or args.problem is None:
        parser.error("--sampler and --problem are required (or --list)")
    specs = {spec["name"]: spec for spec in PROBLEMS}
    if args.problem not in specs:
        parser.error("unknown problem '%s'; --list shows the problems" % args.problem)

    optuna.logging.set_verbosity(optuna.logging.ERROR)
    warnings.filterwarnings("ignore", category=optuna.exceptions.ExperimentalWarning)
    if args.out == "-":
        run(args.sampler, specs[args.problem], args.seed, args.trials, sys.stdout)
        return 0
    # Written to FILE.tmp and renamed, so that an interrupted run leaves no finished file.
    temporary = args.out + ".tmp"
    with open(temporary, "w") as out:
        run(args.sampler, specs[args.problem], args.seed, args.trials, out)
    os.replace(temporary, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
