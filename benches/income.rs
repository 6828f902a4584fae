//! Income benchmarks: recording sales into a fresh SQLite ledger (100,000
//! entries in one batch), and the monthly report of one month over a
//! 1,000,000-entry ledger. `benches/compare_ledger.py` runs the million-row
//! recording against bare SQLite on the same rows.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use homebiz::core::JalaliMonth;
use homebiz::income::Ledger;
use homebiz::sqlite::SqliteStore;
use homebiz::synthetic::ledger_sales;

mod common;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("ledger");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));

    let batch = ledger_sales(100_000, 1_700_000_000_000);
    let mut n = 0;
    group.bench_function("record_100000_sqlite", |b| {
        b.iter_batched(
            || {
                n += 1;
                Ledger::new(SqliteStore::open(dir.path().join(format!("r{n}.sqlite"))).unwrap())
            },
            |ledger| black_box(ledger.record_batch(&batch).unwrap().len()),
            BatchSize::PerIteration,
        )
    });

    let ledger = Ledger::new(SqliteStore::open(dir.path().join("million.sqlite")).unwrap());
    common::record_sales(&ledger, 1_000_000, 1_800_000_000_000, 100_000);
    let mehr = JalaliMonth::new(1404, 7).unwrap();
    group.bench_function("monthly_report_1000000", |b| {
        b.iter(|| black_box(common::monthly_report(&ledger, mehr)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
