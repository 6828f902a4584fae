#!/usr/bin/env python3
"""Registry import and lookup on PostgreSQL against bare COPY, on the same rows, in one run.

homebiz: the release `homebiz` CLI imports households.csv and people.csv into a
fresh PostgreSQL database made by `homebiz init` with the offices imported
(validation, de-duplication, consent, audit trail, one transaction per file).

Peer: a bare COPY of the same rows, already encoded as homebiz stored them,
into a second fresh database made by `homebiz init` (the same tables, indexes,
keys and foreign keys), in one transaction, with no validation and no
look-ups: `psql`'s `\\copy ... (FORMAT binary)` of what `\\copy ... TO` took
out of the homebiz database (the offices are copied in first, untimed). It is
timed twice: the households and people alone (the issue's "bare COPY of the
same rows"), and with the rows homebiz wrote beside them (audit events,
consents, state changes, duplicate flags).

The person lookup compares criterion medians from `cargo bench -p
homebiz-postgres --bench lookup`, run on the last homebiz database: homebiz's
scoped registry read against the bare prepared query of the same columns
through the same client.

The server is HOMEBIZ_TEST_PG (default postgres://postgres@127.0.0.1:5432/postgres);
the script makes and drops its own databases there.

It prints the ratio of the medians against issue #15's target (the import
at most 1.5 times the bare COPY of the households and people), and the load
average while it ran. HOMEBIZ_BENCH_LOOKUP=0 skips the lookup part.

Usage: python3 benches/compare_registry_pg.py [HOUSEHOLDS]   (default 100000; HOMEBIZ_BENCH_RUNS
runs, default 3)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

from compare_registry import criterion_median

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
RUNS = int(os.environ.get("HOMEBIZ_BENCH_RUNS", "3"))
# Issue #15's target: the import at most this many times the bare COPY of
# the households and people.
TARGET_RATIO = 1.5
SERVER = os.environ.get("HOMEBIZ_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
# The registry's tables an import writes, parents first.
LOOKUP = os.environ.get("HOMEBIZ_BENCH_LOOKUP", "1") != "0"
TABLES = ["households", "people", "consents", "state_changes", "duplicate_flags", "audit"]


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def psql(url, *args, **kw):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, *args], **kw)


def scalar(url, sql):
    out = psql(url, "-tA", "-c", sql, stdout=subprocess.PIPE, text=True)
    return out.stdout.strip()


def database(name):
    """A fresh, empty database `name` on the server: its URL."""
    psql(SERVER, "-c", f"DROP DATABASE IF EXISTS {name}")
    psql(SERVER, "-c", f"CREATE DATABASE {name}")
    return SERVER.rsplit("/", 1)[0] + "/" + name


def drop(name):
    psql(SERVER, "-c", f"DROP DATABASE IF EXISTS {name}")


def homebiz_import(cli, data, url):
    """Imports the offices (untimed), then the households and people (timed):
    the seconds, and the last audit number the offices took."""
    run([cli, "--db", url, "init"], stdout=subprocess.DEVNULL)
    run([cli, "--db", url, "import", "offices", f"{data}/offices.csv"], stdout=subprocess.DEVNULL)
    offices_audit = int(scalar(url, "SELECT COALESCE(max(seq), 0) FROM audit"))
    start = time.perf_counter()
    run([cli, "--db", url, "import", "households", f"{data}/households.csv"], stdout=subprocess.DEVNULL)
    run([cli, "--db", url, "import", "people", f"{data}/people.csv"], stdout=subprocess.DEVNULL)
    return time.perf_counter() - start, offices_audit


def dump(url, offices_audit, out):
    """What the homebiz import wrote, as binary COPY files: {table: (file, rows)}."""
    queries = {"offices": "SELECT * FROM offices",
               "offices_audit": f"SELECT * FROM audit WHERE seq <= {offices_audit}"}
    for table in TABLES:
        queries[table] = (f"SELECT * FROM audit WHERE seq > {offices_audit}" if table == "audit"
                          else f"SELECT * FROM {table}")
    files = {}
    for name, query in queries.items():
        path = os.path.join(out, f"{name}.copy")
        psql(url, "-c", f"\\copy ({query}) TO '{path}' WITH (FORMAT binary)")
        rows = int(scalar(url, f"SELECT count(*) FROM ({query}) q"))
        files[name] = (path, rows)
    return files


def bare_copy(cli, url, files, tables):
    """COPY of `tables`' rows into a database made by `homebiz init` with the
    offices copied in first: the seconds of the one timed transaction."""
    run([cli, "--db", url, "init"], stdout=subprocess.DEVNULL)
    psql(url, "-1", "-c", f"\\copy offices FROM '{files['offices'][0]}' WITH (FORMAT binary)")
    psql(url, "-1", "-c", f"\\copy audit FROM '{files['offices_audit'][0]}' WITH (FORMAT binary)")
    script = os.path.join(os.path.dirname(files["offices"][0]), "copy.sql")
    with open(script, "w", encoding="utf-8") as f:
        for table in tables:
            f.write(f"\\copy {table} FROM '{files[table][0]}' WITH (FORMAT binary)\n")
    start = time.perf_counter()
    psql(url, "-1", "-f", script)
    elapsed = time.perf_counter() - start
    for table in tables:
        copied = int(scalar(url, f"SELECT count(*) FROM {table}"))
        expected = files[table][1] + (files["offices_audit"][1] if table == "audit" else 0)
        assert copied == expected, (table, copied, expected)
    return elapsed


def main():
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    per_office = -(-households // 3)
    run(["cargo", "build", "--release", "-q", "-p", "homebiz-cli"])
    run(["cargo", "build", "--release", "-q", "--example", "generate_registry_data"])
    cli = os.path.join(TARGET, "release", "homebiz")
    tag = f"{os.getpid()}"
    names = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data = os.path.join(tmp, "data")
            run([os.path.join(TARGET, "release", "examples", "generate_registry_data"), data, str(per_office)],
                stdout=subprocess.DEVNULL)
            ours, rows_only, with_audit = [], [], []
            for i in range(RUNS):
                name = f"homebiz_bench_{tag}_{i}"
                names.append(name)
                url = database(name)
                elapsed, offices_audit = homebiz_import(cli, data, url)
                ours.append(elapsed)
                out = os.path.join(tmp, f"copy-{i}")
                os.makedirs(out)
                files = dump(url, offices_audit, out)
                for times, tables in ((rows_only, ["households", "people"]), (with_audit, TABLES)):
                    peer = f"homebiz_bench_{tag}_{i}_copy"
                    times.append(bare_copy(cli, database(peer), files, tables))
                    drop(peer)
                if i < RUNS - 1:
                    drop(name)
            counts = {t: files[t][1] for t in TABLES}
            load = os.getloadavg()
            if LOOKUP:
                env = dict(os.environ, HOMEBIZ_BENCH_PG=url)
                run(["cargo", "bench", "-q", "-p", "homebiz-postgres", "--bench", "lookup"], env=env,
                    stdout=subprocess.DEVNULL)
    finally:
        for name in names:
            drop(name)
    print(f"registry on PostgreSQL, {counts['households']} households and {counts['people']} people, "
          f"medians of {RUNS}")
    print("rows homebiz wrote: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    print(f"{'work':<44}{'homebiz':>10}{'bare COPY':>12}{'ratio':>8}")
    ours_m = statistics.median(ours)
    for label, times in (("import households + people (s)", rows_only),
                         ("  against COPY with the audit rows (s)", with_audit)):
        m = statistics.median(times)
        print(f"{label:<44}{ours_m:>10.3f}{m:>12.3f}{ours_m / m:>8.2f}")
    if LOOKUP:
        our_lookup = criterion_median("person_by_national_id_homebiz")
        bare_lookup = criterion_median("person_by_national_id_bare")
        print(f"{'look up a person by national id (µs)':<44}{our_lookup * 1e6:>10.1f}"
              f"{bare_lookup * 1e6:>12.1f}{our_lookup / bare_lookup:>8.2f}")
    print("ratio = homebiz time / bare time (lower is better); the lookup's peer is the bare"
          " prepared query through the same client")
    ratio = ours_m / statistics.median(rows_only)
    verdict = "meets" if ratio <= TARGET_RATIO else "misses"
    print(f"import vs bare COPY of the households and people: {ratio:.2f}x, target <= {TARGET_RATIO}x"
          f" (#15): {verdict} it")
    print("runs (s): homebiz " + ", ".join(f"{t:.2f}" for t in ours)
          + "; bare COPY " + ", ".join(f"{t:.2f}" for t in rows_only)
          + "; with audit rows " + ", ".join(f"{t:.2f}" for t in with_audit))
    print(f"load average (1, 5, 15 min) after the imports: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}")


if __name__ == "__main__":
    main()
