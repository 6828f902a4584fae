#!/usr/bin/env python3
"""Registry benchmarks against bare SQLite, on the same generated files, in one run.

homebiz: the release `homebiz` CLI imports households.csv and people.csv into a
fresh database (validation, de-duplication, consent, audit trail, one
transaction per file); the person lookup is criterion's median from
`cargo bench --bench registry`.

Peer: Python's sqlite3 (the same SQLite engine family, same pragmas: WAL,
synchronous=FULL) inserting the same rows into two bare tables with the same
unique keys, one transaction per file, with no validation and no audit; and a
prepared `SELECT ... WHERE national_id = ?` lookup (Python's call overhead is
included in the peer's figure, which flatters homebiz's ratio slightly).

A second peer, "bare SQLite, homebiz's schema", inserts the same rows, already
encoded as homebiz stores them, into a database made by `homebiz init` (the
same tables, indexes, page size and pragmas, foreign keys on), with no
validation, no look-ups and no audit: the floor that homebiz's own schema sets.
The same rows go in a third time through bare rusqlite (the `schema_floor`
example of homebiz-sqlite: prepared statements, no Python overhead), once
without and once with the one audit row per record that homebiz writes;
both write the consent record (and, with audit rows, its audit row) that
homebiz writes for a household whose support is given with consent.

Usage: python3 benches/compare_registry.py [HOUSEHOLDS]   (default 100000)
"""

import csv
import glob
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 3


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def homebiz_import(cli, data, db):
    run([cli, "--db", db, "init"], stdout=subprocess.DEVNULL)
    run([cli, "--db", db, "import", "offices", f"{data}/offices.csv"], stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    run([cli, "--db", db, "import", "households", f"{data}/households.csv"], stdout=subprocess.DEVNULL)
    run([cli, "--db", db, "import", "people", f"{data}/people.csv"], stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare_import(data, db):
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE households (code TEXT PRIMARY KEY, office TEXT NOT NULL, address TEXT,"
        " income INTEGER, survey TEXT, area INTEGER, room TEXT, registered TEXT, membership TEXT,"
        " support TEXT, consent TEXT) WITHOUT ROWID"
    )
    conn.execute(
        "CREATE TABLE people (national_id TEXT PRIMARY KEY, given TEXT, family TEXT, birth TEXT,"
        " gender TEXT, mobile TEXT, household TEXT NOT NULL REFERENCES households(code),"
        " education TEXT, skills TEXT, hours INTEGER, interests TEXT, disability TEXT, consent TEXT)"
        " WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX people_household ON people (household)")
    start = time.perf_counter()
    for table, name in (("households", "households.csv"), ("people", "people.csv")):
        with open(f"{data}/{name}", newline="", encoding="utf-8") as f:
            rows = csv.reader(f)
            header = next(rows)
            marks = ",".join("?" * len(header))
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    return elapsed, conn


def uuid7(counter):
    """A time-ordered 16-byte ID, as homebiz's UUID v7 IDs are."""
    return (int(time.time() * 1000) << 80 | 0x7 << 76 | 0x2 << 62 | counter).to_bytes(16, "big")


def jalali(text):
    return text.replace("/", "-")


def schema_rows(data):
    """The households and people rows encoded as homebiz stores them."""
    n = 0

    def new_id():
        nonlocal n
        n += 1
        return uuid7(n)

    households, people, ids = [], [], {}
    with open(f"{data}/households.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            ids[row["code"]] = new_id()
            support = row["support"] and json.dumps(row["support"].split(";"))
            households.append((
                ids[row["code"]], row["code"], row["office_code"], row["address"],
                int(row["baseline_income_rial"] or 0), "IRR", jalali(row["baseline_survey_date"]),
                support or None, int(row["area_m2"] or 0), int(row["separate_room"] == "yes"),
                json.dumps({"state": row["membership"] or "applied"}), jalali(row["registered_on"]),
            ))
    with open(f"{data}/people.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            skills = [dict(zip(("code", "level"), s.split(":")), certificate=None)
                      for s in row["skills"].split(";") if s]
            people.append((
                new_id(), ids[row["household_code"]], row["given_name"], row["family_name"],
                f'{row["given_name"]} {row["family_name"]}', row["national_id"], jalali(row["birth_date"]),
                row["gender"], row["mobile"] or None, row["education"] or "none",
                json.dumps(skills, separators=(",", ":")), int(row["hours_per_week"] or 0),
                json.dumps([i for i in row["interests"].split(";") if i], ensure_ascii=False),
                None,
            ))
    return households, people


def consent_ids(data, households):
    """The IDs (hex) of the `households` rows whose support coverage the
    file gives with consent: homebiz writes a consent record and its audit
    row for each."""
    with open(f"{data}/households.csv", newline="", encoding="utf-8") as f:
        given = [row["consent_support"] == "yes" for row in csv.DictReader(f)]
    return [h[0].hex() for h, yes in zip(households, given) if yes]


def floor_rows(data, households, people):
    """The rows the `schema_floor` example reads: households and people with
    their IDs in hex, and the households with a consent record."""
    hexed = lambda row, ids: [c.hex() if i in ids else c for i, c in enumerate(row)]
    return {"households": [hexed(h, (0, 2)) for h in households],
            "people": [hexed(p, (0, 1)) for p in people],
            "consents": consent_ids(data, households)}


def schema_db(cli, data, db, rows):
    """A database made by `homebiz init` with the offices imported, and `rows`
    with their office codes turned into that database's office IDs."""
    run([cli, "--db", db, "init"], stdout=subprocess.DEVNULL)
    run([cli, "--db", db, "import", "offices", f"{data}/offices.csv"], stdout=subprocess.DEVNULL)
    with sqlite3.connect(db) as conn:
        office_ids = dict(conn.execute("SELECT code, id FROM offices"))
    households, people = rows
    return [h[:2] + (office_ids[h[2]],) + h[3:] for h in households], people


def schema_import(cli, data, db, rows):
    """Inserts `rows` into homebiz's own schema with Python's sqlite3."""
    households, people = schema_db(cli, data, db, rows)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO households (id, code, office_id, address, baseline_income, baseline_currency,"
        " baseline_survey_date, support, area_m2, separate_room, membership, registered_on)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", households)
    conn.execute("COMMIT")
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO people (id, household_id, given_name, family_name, name_key, national_id,"
        " birth_date, gender, mobile, education, skills, hours_per_week, interests, disability)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", people)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def rust_floor(cli, data, db, rows, audit):
    """Inserts `rows` into homebiz's own schema with bare rusqlite (the
    `schema_floor` example), with or without one audit row per record."""
    households, people = schema_db(cli, data, db, rows)
    encoded = db + ".rows.json"
    with open(encoded, "w", encoding="utf-8") as f:
        json.dump(floor_rows(data, households, people), f, ensure_ascii=False)
    floor = os.path.join(ROOT, "target", "release", "examples", "schema_floor")
    out = run([floor, db, encoded] + (["--audit"] if audit else []), stdout=subprocess.PIPE)
    return json.loads(out.stdout)["total_s"]


def bare_lookup(conn, ids):
    cur = conn.cursor()
    sql = "SELECT * FROM people WHERE national_id = ?"
    start = time.perf_counter()
    for nid in ids:
        cur.execute(sql, (nid,)).fetchone()
    return (time.perf_counter() - start) / len(ids)


def criterion_median(name):
    """Criterion's median for the benchmark whose folder ends with `name`, in seconds."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    found = glob.glob(os.path.join(target, "criterion", "**", "new", "estimates.json"), recursive=True)
    found = [p for p in found if os.path.basename(os.path.dirname(os.path.dirname(p))).endswith(name)]
    if not found:
        raise SystemExit(f"no criterion result for {name}")
    with open(max(found, key=os.path.getmtime)) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def main():
    households = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    per_office = -(-households // 3)
    run(["cargo", "build", "--release", "-q", "-p", "homebiz-cli"])
    run(["cargo", "build", "--release", "-q", "--example", "generate_registry_data"])
    run(["cargo", "build", "--release", "-q", "-p", "homebiz-sqlite", "--example", "schema_floor"])
    cli = os.path.join(ROOT, "target", "release", "homebiz")
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        run([os.path.join(ROOT, "target", "release", "examples", "generate_registry_data"), data, str(per_office)],
            stdout=subprocess.DEVNULL)
        with open(f"{data}/people.csv", encoding="utf-8") as f:
            people = [line.split(",", 1)[0] for line in f][1:]
        rows = schema_rows(data)
        ours, peer, floor, rust, rust_audit = [], [], [], [], []
        for i in range(RUNS):
            ours.append(homebiz_import(cli, data, os.path.join(tmp, f"homebiz-{i}.sqlite")))
            floor.append(schema_import(cli, data, os.path.join(tmp, f"schema-{i}.sqlite"), rows))
            rust.append(rust_floor(cli, data, os.path.join(tmp, f"rust-{i}.sqlite"), rows, False))
            rust_audit.append(rust_floor(cli, data, os.path.join(tmp, f"audit-{i}.sqlite"), rows, True))
            elapsed, conn = bare_import(data, os.path.join(tmp, f"bare-{i}.sqlite"))
            peer.append(elapsed)
        random.seed(1404)
        sample = random.sample(people, min(20_000, len(people)))
        peer_lookup = statistics.median(bare_lookup(conn, sample) for _ in range(RUNS))
        conn.close()
    env = dict(os.environ, HOMEBIZ_BENCH_HOUSEHOLDS=str(households))
    run(["cargo", "bench", "-q", "--bench", "registry", "--", "person_by_national_id"], env=env,
        stdout=subprocess.DEVNULL)
    our_lookup = criterion_median("person_by_national_id_sqlite")
    rows = len(people) + per_office * 3
    print(f"registry, {per_office * 3} households and {len(people)} people ({rows} rows), medians of {RUNS}")
    print(f"{'work':<38}{'homebiz':>12}{'bare SQLite':>14}{'ratio':>8}")
    ours_m, peer_m = statistics.median(ours), statistics.median(peer)
    print(f"{'import households + people (s)':<38}{ours_m:>12.3f}{peer_m:>14.3f}{ours_m / peer_m:>8.2f}")
    for label, times in (("  peer: bare, homebiz schema (s)", floor),
                         ("  peer: rusqlite, homebiz schema (s)", rust),
                         ("    the same with audit rows (s)", rust_audit)):
        m = statistics.median(times)
        print(f"{label:<38}{ours_m:>12.3f}{m:>14.3f}{ours_m / m:>8.2f}")
    print(f"{'look up a person by national id (µs)':<38}{our_lookup * 1e6:>12.2f}{peer_lookup * 1e6:>14.2f}"
          f"{our_lookup / peer_lookup:>8.2f}")
    print("ratio = homebiz time / bare SQLite time (lower is better)")


if __name__ == "__main__":
    main()
