#!/usr/bin/env python3
"""The income ledger against bare SQLite, on the same rows, in one run.

homebiz: `examples/ledger_bench.rs` records 1,000,000 generated sales (5,000
businesses, 6 channels, a year of dates) into a fresh SQLite ledger through
`Ledger::record_batch`, 10,000 or 100,000 entries per transaction: validation, the
idempotency check (an upsert on the entry ID), effects worked out, every
index of migration V3 maintained. It then writes the rows exactly as stored.

Peer: Python's sqlite3 inserts those same rows into a fresh database with the
very same table and indexes (migration V3, read from the repository), same
pragmas (WAL, synchronous=FULL, 16 KiB pages), the same rows per
transaction with executemany: no validation, no idempotency check, no Rust.

Also printed: the monthly income report of one month (Mehr 1404, about
83,000 entries) by business over the 1,000,000-entry ledger, median of 5.

Usage: python3 benches/compare_ledger.py [N]   (default 1000000)
"""

import csv
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = 3
BATCHES = (10_000, 100_000)


def bare(db, rows, batch):
    with open(os.path.join(ROOT, "crates/sqlite/migrations/V3__income.sql"), encoding="utf-8") as f:
        ddl = f.read()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA page_size = 16384")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -65536")
    conn.executescript(ddl)
    sql = ("INSERT INTO ledger (month, seq, id, kind, business_id, channel_id, counts_on, on_date,"
           " quantity, unit_price, revenue, commission, costs, fees, disbursed, repaid)"
           " VALUES (?, ?, ?, 'sale', ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0)")
    start = time.perf_counter()
    for i in range(0, len(rows), batch):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows[i:i + batch])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def load(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.reader(f):
            month, seq, eid, business, channel, on, quantity, price, revenue, commission = r
            y, m, d = (int(x) for x in on.split("-"))
            day = y * 10000 + m * 100 + d
            rows.append((int(month), int(seq), bytes.fromhex(eid), bytes.fromhex(business),
                         bytes.fromhex(channel) if channel else None, day, None, int(quantity), int(price),
                         int(revenue), int(commission)))
    return rows


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "ledger_bench"], cwd=ROOT, check=True)
    example = os.path.join(ROOT, "target", "release", "examples", "ledger_bench")
    with tempfile.TemporaryDirectory() as tmp:
        rows_path = os.path.join(tmp, "rows.csv")
        print(f"ledger, {n} sales, medians of {RUNS}")
        for batch in BATCHES:
            ours, peer, reports = [], [], []
            for i in range(RUNS):
                db = os.path.join(tmp, f"homebiz-{batch}-{i}.sqlite")
                out = subprocess.run([example, db, rows_path, str(n), str(batch)],
                                     check=True, capture_output=True, text=True).stdout
                result = json.loads(out)
                ours.append(result["seconds"])
                reports.append(result["report_seconds"])
                rows = load(rows_path)
                peer.append(bare(os.path.join(tmp, f"bare-{batch}-{i}.sqlite"), rows, batch))
                os.remove(db)
            o, p = statistics.median(ours), statistics.median(peer)
            print(f"batches of {batch}: homebiz Ledger::record_batch {o:.3f} s ({n / o:,.0f} entries/s); "
                  f"bare SQLite (python, same table and indexes) {p:.3f} s ({n / p:,.0f} entries/s); "
                  f"homebiz speed / bare speed {p / o:.2f}")
        print(f"monthly report (one month, by business, over the {n:,}-entry ledger): "
              f"{statistics.median(reports) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
