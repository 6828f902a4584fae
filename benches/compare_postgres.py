#!/usr/bin/env python3
"""PostgreSQL speed rows of issue #15, each against a floor measured in the same run.

Runs `cargo bench --bench postgres` (HOMEBIZ_TEST_PG must name a server, as for
the tests) and prints criterion's medians and the ratios:

- person by national ID: homebiz's `Registry::read_one` (pooled
  connection, the person and their household in one prepared statement sent
  without a transaction, decoding, scope check) against the same person's
  prepared SELECT through the same client with no transaction (the issue's
  floor; target <= 1.3x), and inside BEGIN ... ROLLBACK (the floor of any
  snapshot read: three round trips instead of one); also the same lookup
  through `Registry::read`, in a snapshot;
- monthly income report of one month over a 1,000,000-entry ledger (target
  <= 150 ms), beside the statement the store sends, sent bare through the
  same client (the floor), and beside the same GROUP BY with the built-in
  SUM (numeric sums cast to bigint, as before migration V9);
- recording 1,000,000 sales through `Ledger::record_batch` (100,000 per call;
  target >= 0.7x the throughput of the floor) against one binary COPY of the
  same rows, encoded beforehand, into the same table through the same client
  (throughput ratio = floor time / homebiz time);
- 8 concurrent writers on 8 offices against one writer (target >= 3x
  throughput), beside the same 8-vs-1 ratio of bare prepared INSERTs through
  the same client: the machine's floor (on two cores, 8 writers cannot
  reach 3x).

Also prints the load average before and after, since other work on the
machine moves every figure.

Usage: HOMEBIZ_TEST_PG=postgres://postgres@127.0.0.1:5432/postgres \
       python3 benches/compare_postgres.py [ENTRIES [SALES]]   (default 1000000 each)

ENTRIES 0 skips the monthly report and the sales (their million-row ledgers
take long to record): the lookup and the writers are then run, one after the
other. Only some parts: COMPARE_PARTS=record_sales python3
benches/compare_postgres.py (a criterion filter; the parts not run are not
printed).
"""

import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WRITERS = 8


def criterion_median(name):
    """Criterion's median for benchmark `postgres/<name>`, in seconds."""
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    path = os.path.join(target, "criterion", "postgres", name, "new", "estimates.json")
    if not glob.glob(path):
        raise SystemExit(f"no criterion result for postgres/{name}")
    with open(path) as f:
        return json.load(f)["median"]["point_estimate"] / 1e9


def main():
    if not os.environ.get("HOMEBIZ_TEST_PG"):
        raise SystemExit("set HOMEBIZ_TEST_PG to a PostgreSQL server, as for the tests")
    entries = sys.argv[1] if len(sys.argv) > 1 else "1000000"
    sales = sys.argv[2] if len(sys.argv) > 2 else "1000000"
    env = dict(os.environ, HOMEBIZ_BENCH_ENTRIES=entries, HOMEBIZ_BENCH_SALES=sales)
    only = os.environ.get("COMPARE_PARTS")
    before = os.getloadavg()
    if only:
        filters = [["--", only]]
    elif entries == "0":
        filters = [["--", "person_by_national_id"], ["--", "writers"]]
    else:
        filters = [[]]
    for chosen in filters:
        subprocess.run(["cargo", "bench", "-q", "--bench", "postgres"] + chosen, cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)
    after = os.getloadavg()
    m = criterion_median
    print(f"PostgreSQL, criterion medians; load average {before[0]:.2f} before, {after[0]:.2f} after"
          f" ({os.cpu_count()} cores)")
    print(f"{'work':<46}{'homebiz':>10}{'floor':>10}{'ratio':>8}{'target':>10}")
    if (not only and entries != "0") or (only and (only in "record_sales" or "record_sales" in only)):
        ours, f = m("record_sales_pg"), m("record_sales_pg_bare")
        print(f"{f'record {sales} sales (s), bare binary COPY':<46}{ours:>10.2f}{f:>10.2f}"
              f"{f / ours:>8.2f}{'>= 0.7':>10}")
        print(f"  throughput: homebiz {int(sales) / ours:,.0f} sales/s, bare COPY {int(sales) / f:,.0f} rows/s"
              " (ratio here = floor time / homebiz time)")
    if only and (only in "monthly_report" or "monthly_report" in only):
        monthly_report(m, entries)
    if not only:
        other_parts(m, entries)
    print("ratio = homebiz time / floor time (lower is better); writers: 8 x time(1) / time(8)")


def monthly_report(m, entries):
    ours, f = m("monthly_report_pg"), m("monthly_report_pg_bare")
    print(f"{f'monthly report, {entries} entries (ms)':<46}{ours * 1e3:>10.1f}{f * 1e3:>10.1f}"
          f"{ours / f:>8.2f}{'<= 150ms':>10}")
    plain = m("monthly_report_pg_bare_sum")
    print(f"{'  the GROUP BY with built-in SUM (numeric)':<46}{ours * 1e3:>10.1f}{plain * 1e3:>10.1f}"
          f"{ours / plain:>8.2f}{'':>10}")


def other_parts(m, entries):
    ours = m("person_by_national_id_pg")
    for label, floor in (("person by national ID (µs), bare query", "person_by_national_id_pg_bare"),
                         ("  floor in a read-only transaction", "person_by_national_id_pg_bare_tx")):
        f = m(floor)
        print(f"{label:<46}{ours * 1e6:>10.1f}{f * 1e6:>10.1f}{ours / f:>8.2f}"
              f"{'<= 1.3' if 'bare query' in label else '':>10}")
    read = m("person_by_national_id_pg_read")
    print(f"{'  the same lookup in a snapshot (read)':<46}{read * 1e6:>10.1f}"
          f"{m('person_by_national_id_pg_bare') * 1e6:>10.1f}"
          f"{read / m('person_by_national_id_pg_bare'):>8.2f}{'':>10}")
    if entries != "0":
        monthly_report(m, entries)
    one, eight = m("writers_1_pg"), m(f"writers_{WRITERS}_pg")
    bare_one, bare_eight = m("writers_1_bare"), m(f"writers_{WRITERS}_bare")
    print(f"{'8 writers vs 1 (throughput ratio)':<46}{WRITERS * one / eight:>10.2f}"
          f"{WRITERS * bare_one / bare_eight:>10.2f}{'':>8}{'>= 3':>10}")
    print(f"  times (ms): homebiz 1 writer {one * 1e3:.0f}, 8 writers {eight * 1e3:.0f};"
          f" bare 1 writer {bare_one * 1e3:.0f}, 8 writers {bare_eight * 1e3:.0f}")


if __name__ == "__main__":
    main()
