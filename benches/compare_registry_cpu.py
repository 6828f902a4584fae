#!/usr/bin/env python3
"""The registry import against its rusqlite floor, in CPU time, in one run.

`benches/compare_registry.py` compares wall-clock times, which other work on
a loaded machine moves. This script runs the same two programs on the same
generated files and compares the CPU time (user + system) each process
spent, read from the kernel's accounting of finished children:

- homebiz: the release `homebiz` CLI importing households.csv, then
  people.csv, into a database with the offices imported (two processes,
  summed: CSV parsing, validation, de-duplication, search keys, audit);
- floor: the `schema_floor` example of homebiz-sqlite inserting the same
  rows, already encoded as homebiz stores them (read from JSON), into the
  same schema with bare rusqlite, with the one audit row per record and the
  search keys of migration V8 (a household's address key, a person's name
  key) worked out as homebiz works them out, and the consent records (with
  their audit rows) of the households whose support is given with consent.
  Its process's CPU time
  includes reading those rows from JSON, which is no work of an import: the
  CPU time of its transactions alone (`tx_cpu_s`, Linux) is printed too,
  with the ratio to it.

Each is run RUNS times, alternating; the medians, their ratio, and the load
average before and after are printed.

Usage: python3 benches/compare_registry_cpu.py [HOUSEHOLDS] [RUNS]   (default 100000 5)
"""

import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))

spec = importlib.util.spec_from_file_location("compare_registry", os.path.join(ROOT, "benches", "compare_registry.py"))
registry = importlib.util.module_from_spec(spec)
spec.loader.exec_module(registry)


def cpu_of(cmd):
    """Runs `cmd`; the CPU seconds (user + system) it took, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def homebiz(cli, data, db):
    subprocess.run([cli, "--db", db, "init"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cli, "--db", db, "import", "offices", f"{data}/offices.csv"], check=True,
                   stdout=subprocess.DEVNULL)
    return sum(cpu_of([cli, "--db", db, "import", kind, f"{data}/{kind}.csv"])[0]
               for kind in ("households", "people"))


def floor(cli, data, db, rows):
    households, people = registry.schema_db(cli, data, db, rows)
    encoded = db + ".rows.json"
    with open(encoded, "w", encoding="utf-8") as f:
        json.dump(registry.floor_rows(data, households, people), f, ensure_ascii=False)
    exe = os.path.join(TARGET, "release", "examples", "schema_floor")
    cpu, out = cpu_of([exe, db, encoded, "--audit"])
    out = json.loads(out)
    return cpu, out["total_s"], out.get("tx_cpu_s")


def main():
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    per_office = -(-households // 3)
    for cmd in (["-p", "homebiz-cli"], ["--example", "generate_registry_data"],
                ["-p", "homebiz-sqlite", "--example", "schema_floor"]):
        subprocess.run(["cargo", "build", "--release", "-q"] + cmd, cwd=ROOT, check=True)
    cli = os.path.join(TARGET, "release", "homebiz")
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        subprocess.run([os.path.join(TARGET, "release", "examples", "generate_registry_data"), data,
                        str(per_office)], check=True, stdout=subprocess.DEVNULL)
        rows = registry.schema_rows(data)
        ours, theirs, walls, txs = [], [], [], []
        for i in range(runs):
            ours.append(homebiz(cli, data, os.path.join(tmp, f"homebiz-{i}.sqlite")))
            cpu, wall, tx = floor(cli, data, os.path.join(tmp, f"floor-{i}.sqlite"), rows)
            theirs.append(cpu)
            walls.append(wall)
            txs.append(tx)
    load_after = os.getloadavg()
    o, t = statistics.median(ours), statistics.median(theirs)
    print(f"registry import, {per_office * 3} households and their people, CPU time (user + sys),"
          f" medians of {runs}; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
          f" ({os.cpu_count()} cores)")
    print(f"homebiz import (s):               {o:8.3f}   runs {' '.join(f'{x:.2f}' for x in ours)}")
    print(f"rusqlite floor, audit + keys (s): {t:8.3f}   runs {' '.join(f'{x:.2f}' for x in theirs)}")
    print(f"  of which in its transactions, wall (s): {statistics.median(walls):.3f}")
    print(f"ratio homebiz / floor: {o / t:.2f}")
    if None not in txs:
        tx = statistics.median(txs)
        print(f"  its transactions alone, CPU (s): {tx:8.3f}   runs {' '.join(f'{x:.2f}' for x in txs)}")
        print(f"ratio homebiz / floor's transactions: {o / tx:.2f}")


if __name__ == "__main__":
    main()
