#!/usr/bin/env python3
"""The Python module's overhead (bench/python/run.sh): a Monitor begin/end pair, and an
ask/tell pair from Python, next to the same loops in C++ (overhead.cpp).

    PYTHONPATH=build/release/python python3 bench/python/overhead.py DIR [--pairs N] [--windows N]
"""
import argparse
import os
import statistics
import time

import ecopt


def ask_tell(directory, pairs):
    path = os.path.join(directory, "python.db")
    if os.path.exists(path):
        os.remove(path)
    study = ecopt.create_study(
        name="overhead", storage="sqlite:///" + path, sampler={"name": "random", "seed": 1},
        space={"x%d" % i: {"type": "float", "low": 0, "high": 1} for i in range(3)},
        objectives={"f1": "minimize", "f2": "minimize"})
    start = time.perf_counter()
    for _ in range(pairs):
        trial = study.ask()
        study.tell(trial, [0.5, 0.5])
    print("Python ask+tell (random, SQLite): %.1f us per pair (%d pairs)"
          % (1e6 * (time.perf_counter() - start) / pairs, pairs))


def windows(count):
    monitor = ecopt.Monitor(gpus=False)
    rounds, cpu_rounds = [], []
    for _ in range(5):  # five rounds: the median says what a pair costs, not a hiccup
        start, start_cpu = time.perf_counter(), time.thread_time()
        for _ in range(count // 5):
            monitor.begin_window("w")
            monitor.end_window("w")
        rounds.append((time.perf_counter() - start) / (count // 5))
        # This thread's CPU time: on a loaded machine the wall time also holds the waits.
        cpu_rounds.append((time.thread_time() - start_cpu) / (count // 5))
    start = time.perf_counter()
    for _ in range(count // 5):
        with monitor.window("w"):
            pass
    context = (time.perf_counter() - start) / (count // 5)
    print("Python Monitor begin+end (%s): %.1f us per pair, %.1f us of CPU (median of 5 "
          "rounds of %d; with monitor.window(): %.1f us)"
          % (monitor.meter, 1e6 * statistics.median(rounds), 1e6 * statistics.median(cpu_rounds),
             count // 5, 1e6 * context))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--windows", type=int, default=5000)
    args = parser.parse_args()
    ask_tell(args.dir, args.pairs)
    windows(args.windows)


if __name__ == "__main__":
    main()
