#!/usr/bin/env python3
"""Suggestion time of Optuna 3.1's samplers in the setting of `ecopt_bench_optimizers
--timing`: 200 completed trials of a 2-objective DTLZ2 with 10 variables at uniform random
points, then 40 sequential ask/tell rounds. Run with /usr/bin/python3 (python3-optuna)."""
import math
import random
import statistics
import time

import optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
import warnings; warnings.filterwarnings("ignore")
d=10
def f(x):
    g=sum((v-0.5)**2 for v in x[1:])
    return (1+g)*math.cos(x[0]*math.pi/2),(1+g)*math.sin(x[0]*math.pi/2)
dist={f"x{i}":optuna.distributions.FloatDistribution(0,1) for i in range(d)}
for name,sampler in [("optuna-tpe",optuna.samplers.TPESampler(seed=0,multivariate=True)),("optuna-nsga2",optuna.samplers.NSGAIISampler(seed=0))]:
    st=optuna.create_study(directions=["minimize","minimize"],sampler=sampler)
    rng=random.Random(0)
    for n in range(200):
        x=[rng.random() for _ in range(d)]
        st.add_trial(optuna.trial.create_trial(params={f"x{i}":x[i] for i in range(d)},distributions=dist,values=list(f(x))))
    times=[]
    for r in range(40):
        t0=time.perf_counter(); tr=st.ask(dist); times.append(1e3*(time.perf_counter()-t0))
        x=[tr.params[f"x{i}"] for i in range(d)]; st.tell(tr, list(f(x)))
    first=times[0]; rest=sorted(times[1:])
    q=lambda p: rest[min(len(rest)-1,int(round(p*(len(rest)-1))))]
    print(f"{name}: first {first:.1f} ms; after it p50 {statistics.median(rest):.1f} ms p95 {q(0.95):.1f} ms max {max(rest):.1f} ms")
