#!/usr/bin/env python3
"""Neighbourhood plan: homebiz's exact solver against scipy's LP (HiGHS) on the same instance.

The instance: 5,000 households x 300 activities, each pair feasible with
probability 1/2, fits uniform in [0, 1] rounded to 1e-5 (homebiz's fit
resolution), capacities 5..24 per activity (about 4,350 places for 5,000
households, so capacities bind). The LP relaxation of this transportation
problem has an integral optimum (its constraint matrix is totally
unimodular), so scipy's LP objective is the true optimum. The script prints
both objectives, whether they agree to 1e-6, and the solver times (median of
RUNS runs each).

Usage: python3 benches/compare_plan.py   (installs numpy and scipy with pip if missing)
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N, M, RUNS = 5000, 300, 3

try:
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "numpy", "scipy"], check=True)
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix


def instance():
    rng = np.random.default_rng(1404)
    feasible = rng.random((N, M)) < 0.5
    fits = np.round(rng.random((N, M)), 5)
    capacity = rng.integers(5, 25, size=M)
    return feasible, fits, capacity


def scipy_solve(feasible, fits, capacity):
    h, a = np.nonzero(feasible)
    k = len(h)
    cost = -fits[h, a]
    rows = np.concatenate([h, N + a])
    cols = np.concatenate([np.arange(k), np.arange(k)])
    A = coo_matrix((np.ones(2 * k), (rows, cols)), shape=(N + M, k)).tocsr()
    b = np.concatenate([np.ones(N), capacity])
    start = time.perf_counter()
    result = linprog(cost, A_ub=A, b_ub=b, bounds=(0, 1), method="highs")
    return -result.fun, time.perf_counter() - start


def main():
    feasible, fits, capacity = instance()
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "plan_instance"], cwd=ROOT, check=True)
    example = os.path.join(ROOT, "target", "release", "examples", "plan_instance")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "instance.json")
        with open(path, "w") as f:
            json.dump({
                "fits": [[[int(a), float(fits[h, a])] for a in np.nonzero(feasible[h])[0]] for h in range(N)],
                "capacity": [int(c) for c in capacity],
            }, f)
        ours = [json.loads(subprocess.run([example, path], check=True, capture_output=True, text=True).stdout)
                for _ in range(RUNS)]
    theirs = [scipy_solve(feasible, fits, capacity) for _ in range(RUNS)]
    our_objective, their_objective = ours[0]["objective"], theirs[0][0]
    our_time = statistics.median(r["seconds"] for r in ours)
    their_time = statistics.median(t for _, t in theirs)
    print(f"plan, {N} households x {M} activities, {int(feasible.sum())} feasible pairs, {int(capacity.sum())} places")
    print(f"objective: homebiz {our_objective:.5f}, scipy LP (HiGHS) {their_objective:.5f}, "
          f"equal: {abs(our_objective - their_objective) < 1e-6}")
    print(f"solver median: homebiz {our_time:.3f} s, scipy {their_time:.3f} s, ratio {our_time / their_time:.2f}")


if __name__ == "__main__":
    main()
