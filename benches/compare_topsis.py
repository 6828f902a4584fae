#!/usr/bin/env python3
"""TOPSIS on a 100,000 x 10 matrix: homebiz against numpy and pymcdm, in one run.

All three get the same matrix, x[i][j] = 1 + ((i*7919 + j*104729) mod 1000) / 10,
benefit and cost criteria alternating, weights 1..10, vector normalisation
(the matrix is built the same way in benches/scoring.rs). homebiz's time is
criterion's median from `cargo bench --bench scoring`; numpy's and pymcdm's
are medians of repeated runs here. The script first checks that the three
give the same closeness (homebiz's through `homebiz mcdm topsis` on a CSV of
the matrix), then prints medians and ratios.

Usage: python3 benches/compare_topsis.py   (installs numpy and pymcdm with pip if missing)
"""

import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROWS, COLS = 100_000, 10

# Older OpenBLAS builds need OPENBLAS_CORETYPE on some processors; it slows a
# current numpy, so the peer runs without it (this process only).
if "OPENBLAS_CORETYPE" in os.environ or "OPENBLAS_L2_SIZE" in os.environ:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

try:
    import numpy as np
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "numpy", "pymcdm"], check=True)
    import numpy as np
    from pymcdm.methods import TOPSIS
    from pymcdm.normalizations import vector_normalization


def problem():
    i = np.arange(ROWS, dtype=np.int64)[:, None]
    j = np.arange(COLS, dtype=np.int64)[None, :]
    x = 1.0 + ((i * 7919 + j * 104729) % 1000) / 10.0
    w = np.arange(1, COLS + 1, dtype=float)
    w = w / w.sum()
    types = np.array([1 if k % 2 == 0 else -1 for k in range(COLS)])
    return x, w, types


def topsis_numpy(x, w, types):
    """Vectorised TOPSIS, vector normalisation (the classical definition)."""
    v = x / np.sqrt((x * x).sum(axis=0)) * w
    best = np.where(types > 0, v.max(axis=0), v.min(axis=0))
    worst = np.where(types > 0, v.min(axis=0), v.max(axis=0))
    plus = np.sqrt(((v - best) ** 2).sum(axis=1))
    minus = np.sqrt(((v - worst) ** 2).sum(axis=1))
    return minus / (plus + minus)


def median_time(f, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def criterion_median(name):
    found = glob.glob(os.path.join(ROOT, "target", "criterion", "**", "new", "estimates.json"), recursive=True)
    found = [p for p in found if os.path.basename(os.path.dirname(os.path.dirname(p))).endswith(name)]
    with open(max(found, key=os.path.getmtime)) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def main():
    x, w, types = problem()
    ours_numpy = topsis_numpy(x, w, types)
    pymcdm = TOPSIS(vector_normalization)
    ours_pymcdm = pymcdm(x, w, types)
    assert np.allclose(ours_numpy, ours_pymcdm, atol=1e-9), "numpy and pymcdm disagree"

    # homebiz on the same matrix, through the CLI, for the correctness check.
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "homebiz-cli"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "matrix.csv")
        header = "alternative," + ",".join(f"c{k}" for k in range(COLS))
        np.savetxt(path, np.column_stack([np.arange(ROWS), x]), delimiter=",", header=header, comments="",
                   fmt=["%d"] + ["%.1f"] * COLS)
        out = subprocess.run(
            [os.path.join(ROOT, "target", "release", "homebiz"), "mcdm", "topsis", "--matrix", path,
             "--weights", ",".join(str(k) for k in range(1, COLS + 1)),
             "--types", ",".join("b" if k % 2 == 0 else "c" for k in range(COLS)), "--json"],
            check=True, capture_output=True, text=True).stdout
        homebiz_scores = np.array([a["score"] for a in json.loads(out)["alternatives"]])
    assert np.allclose(homebiz_scores, ours_numpy, atol=1e-9), "homebiz and numpy disagree"

    numpy_time = median_time(lambda: topsis_numpy(x, w, types), 30)
    pymcdm_time = median_time(lambda: pymcdm(x, w, types), 10)
    subprocess.run(["cargo", "bench", "-q", "--bench", "scoring", "--", "topsis_vector"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    ours = criterion_median("topsis_vector_100000x10")

    print(f"TOPSIS, {ROWS} x {COLS}, vector normalisation, same matrix; closeness agrees to 1e-9")
    print(f"{'implementation':<24}{'median (ms)':>14}{'homebiz speed-up':>20}")
    print(f"{'homebiz (1 thread)':<24}{ours * 1e3:>14.3f}{1.0:>20.2f}")
    print(f"{'numpy (vectorised)':<24}{numpy_time * 1e3:>14.3f}{numpy_time / ours:>20.2f}")
    print(f"{'pymcdm':<24}{pymcdm_time * 1e3:>14.3f}{pymcdm_time / ours:>20.2f}")


if __name__ == "__main__":
    main()
