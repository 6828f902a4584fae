#!/usr/bin/env python3
"""Booth allocation: homebiz's exact min-cost flow against scipy's
linear_sum_assignment on the same instance, in one run.

The instance: 2,000 applicants, 60 booths x 13 weeks from 1404-01-01 (780
booth-weeks), each applicant wanting one week, no weekly limits: a plain
assignment problem. A third of the booths take any category, the rest one
to three. Applicants have a random category, new-producer and vulnerable
flags, 0-11 past weeks and a random demand index per Jalali month.

The equivalent matrix for scipy: value[i, booth * 13 + week] = the points
of applicant i's booking in that week (homebiz's default points: booking
100, new producer 40, vulnerable 40, rotation 10 x max(0, 8 - past weeks),
season 20 x demand index of the week's month / 100, rounded down) where the
booth takes i's category, else 0 (an assignment of value 0 is no booking,
as every real booking is worth more). Weeks start on days 0, 7, ..., 84 of
the year; Farvardin, Ordibehesht and Khordad have 31 days each, so a week's
month is day // 31 + 1. The script prints both objectives, whether they are
equal, and the solver times (median of RUNS runs each; scipy's time is
linear_sum_assignment alone, homebiz's is allocate() alone, graph building
and explanations included).

Usage: python3 benches/compare_allocate.py   (installs numpy and scipy with pip if missing)
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N, BOOTHS, WEEKS, RUNS = 2000, 60, 13, 5
CATEGORIES = ["livestock_poultry", "handicrafts", "aquaculture", "agro_processing",
              "plant_production", "production_services", "cultural_artistic"]

try:
    import numpy as np
    from scipy.optimize import linear_sum_assignment
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "numpy", "scipy"], check=True)
    import numpy as np
    from scipy.optimize import linear_sum_assignment


def instance():
    rng = np.random.default_rng(1404)
    booths = []
    for k in range(BOOTHS):
        accepts = [] if k % 3 == 0 else sorted(set(rng.choice(CATEGORIES, size=3)))
        booths.append({"code": f"B-{k:02}", "size": ["small", "standard", "large"][k % 3],
                       "accepts": [str(c) for c in accepts]})
    candidates = []
    for i in range(N):
        candidates.append({
            "application": str(uuid.UUID(int=(0x0190 << 112) | (i + 1))),
            "business": str(uuid.UUID(int=(0x0191 << 112) | (i + 1))),
            "category": str(rng.choice(CATEGORIES)),
            "new_producer": bool(rng.random() < 1 / 3),
            "vulnerable": bool(rng.random() < 1 / 4),
            "past_weeks": int(rng.integers(0, 12)),
            "weeks_wanted": 1,
            "seasonality": [int(x) for x in rng.integers(0, 101, size=12)],
        })
    return booths, candidates


def value_matrix(booths, candidates):
    value = np.zeros((N, BOOTHS * WEEKS))
    months = [(7 * w) // 31 for w in range(WEEKS)]
    for i, c in enumerate(candidates):
        base = 100 + 40 * c["new_producer"] + 40 * c["vulnerable"] + 10 * max(0, 8 - c["past_weeks"])
        for k, b in enumerate(booths):
            if not b["accepts"] or c["category"] in b["accepts"]:
                for w in range(WEEKS):
                    value[i, k * WEEKS + w] = base + (20 * c["seasonality"][months[w]]) // 100
    return value


def scipy_solve(value):
    start = time.perf_counter()
    rows, cols = linear_sum_assignment(value, maximize=True)
    elapsed = time.perf_counter() - start
    return int(value[rows, cols].sum()), int((value[rows, cols] > 0).sum()), elapsed


def main():
    booths, candidates = instance()
    value = value_matrix(booths, candidates)
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "allocate_instance"], cwd=ROOT, check=True)
    example = os.path.join(ROOT, "target", "release", "examples", "allocate_instance")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "instance.json")
        with open(path, "w") as f:
            json.dump({"booths": booths, "from": "1404-01-01", "weeks": WEEKS, "candidates": candidates,
                       "rules": {"weekly_limits": {}, "monthly_cap": 2,
                                 "points": {"booking": 100, "new_producer": 40, "vulnerable": 40,
                                            "rotation": 10, "rotation_weeks": 8, "season": 20}}}, f)
        ours = [json.loads(subprocess.run([example, path], check=True, capture_output=True, text=True).stdout)
                for _ in range(RUNS)]
    theirs = [scipy_solve(value) for _ in range(RUNS)]
    our_time = statistics.median(r["seconds"] for r in ours)
    their_time = statistics.median(t for _, _, t in theirs)
    print(f"booth allocation, {N} applicants x {BOOTHS * WEEKS} booth-weeks ({BOOTHS} booths x {WEEKS} weeks)")
    print(f"objective: homebiz {ours[0]['objective']} ({ours[0]['bookings']} bookings), "
          f"scipy linear_sum_assignment {theirs[0][0]} ({theirs[0][1]} bookings), "
          f"equal: {ours[0]['objective'] == theirs[0][0]}")
    print(f"solver median: homebiz {our_time * 1e3:.1f} ms, scipy {their_time * 1e3:.1f} ms, "
          f"ratio {our_time / their_time:.2f} (homebiz / scipy, lower is better)")


if __name__ == "__main__":
    main()
