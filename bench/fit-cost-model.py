#!/usr/bin/env python3
"""Fits the cost model's step constants (driver/.../sweep/CostModel: STEP_SECONDS, ELEMENT_SECONDS, FLOPS_PER_SECOND)
to `dasweep bench` JSON lines (one per configuration, idle machine, 2 threads): an epoch costs
steps × (a + b · elements) + epoch_gflop / c, elements = batch × positions × features at the site. Least squares on
relative errors, non-negative; prints the constants and each configuration's model ÷ measured.

    bench/fit-cost-model.py BENCH.jsonl
"""
import itertools
import json
import math
import sys

SITES = {"conv1": (16, 28, 28), "conv2": (32, 14, 14), "conv3": (64, 7, 7), "fc1": (3, 1, 1)}


def elements(spec):
    c, h, w = SITES[spec["layer"]]
    positions, features = (h, c * w) if spec["view"] == "rows" else (1, c * h * w)
    return spec["batch_size"] * positions * features


rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
data = []
for r in rows:
    steps = math.ceil(r["n_train"] / r["batch_size"])
    data.append((r["config"], steps, steps * elements(r), r["epoch_gflop"] * 1e9, r["seconds_per_epoch"]))


def fit():
    # minimise sum ((steps a + E b + F g) / t - 1)^2 over a, b, g >= 0 (g = 1 / flops per second): normal equations on
    # every subset of the three columns, keep the best non-negative solution
    best = None
    cols = [1, 2, 3]
    for k in range(1, 4):
        for subset in itertools.combinations(cols, k):
            X = [[d[c] / d[4] for c in subset] for d in data]
            y = [1.0] * len(data)
            n = len(subset)
            A = [[sum(X[i][p] * X[i][q] for i in range(len(X))) for q in range(n)] for p in range(n)]
            v = [sum(X[i][p] * y[i] for i in range(len(X))) for p in range(n)]
            try:
                sol = solve(A, v)
            except ZeroDivisionError:
                continue
            if any(s < 0 for s in sol):
                continue
            coef = [0.0, 0.0, 0.0]
            for c, s in zip(subset, sol):
                coef[c - 1] = s
            err = sum((model(d, coef) / d[4] - 1) ** 2 for d in data)
            if best is None or err < best[0]:
                best = (err, coef)
    return best[1]


def solve(A, v):
    n = len(v)
    M = [row[:] + [v[i]] for i, row in enumerate(A)]
    for i in range(n):
        p = max(range(i, n), key=lambda r: abs(M[r][i]))
        M[i], M[p] = M[p], M[i]
        if abs(M[i][i]) < 1e-300:
            raise ZeroDivisionError
        for r in range(n):
            if r != i:
                f = M[r][i] / M[i][i]
                M[r] = [a - f * b for a, b in zip(M[r], M[i])]
    return [M[i][n] / M[i][i] for i in range(n)]


def model(d, coef):
    return d[1] * coef[0] + d[2] * coef[1] + d[3] * coef[2]


coef = fit()
print(f"STEP_SECONDS = {coef[0]:.3g}; ELEMENT_SECONDS = {coef[1]:.3g}; "
      f"FLOPS_PER_SECOND = {1 / coef[2] if coef[2] else float('inf'):.3g}")
for d in data:
    print(f"  {d[0]:12s} measured {d[4]:7.3f} s/epoch, model {model(d, coef):7.3f} ({model(d, coef) / d[4]:.2f}x)")
