//! Income benchmarks: recording sales into a fresh SQLite ledger (100,000
//! entries in one batch), and the monthly report of one month over a
//! 1,000,000-entry ledger. `benches/compare_ledger.py` runs the million-row
//! recording against bare SQLite on the same rows.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use homebiz::core::id::{BusinessId, ChannelId, EntryId, TypedId};
use homebiz::core::{JalaliDate, JalaliMonth, Money};
use homebiz::income::Ledger;
use homebiz::income::entry::{Body, Entry};
use homebiz::income::report::{Granularity, GroupBy, income_report};
use homebiz::sqlite::SqliteStore;

/// `n` sales over a year by 5,000 businesses through 6 channels.
fn sales(n: usize, first_id: u64) -> Vec<Entry> {
    let mut state = 1404u64;
    let mut next = move |m: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % m
    };
    let start = JalaliDate::new(1404, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            let quantity = 1 + next(20) as u32;
            let price = 100_000 * (1 + next(50) as i64);
            Entry {
                id: EntryId::from_parts(first_id + i as u64, [3; 10]),
                body: Body::Sale {
                    business: BusinessId::from_parts(1_700_000_000_000 + next(5_000), [7; 10]),
                    channel: match next(7) {
                        0 => None,
                        k => Some(ChannelId::from_parts(1_700_000_000_000 + k, [9; 10])),
                    },
                    on: start.add_days((i as u64 * 365 / n as u64) as i64).unwrap(),
                    quantity,
                    unit_price: Money::rial(price),
                    commission: Money::rial(price * i64::from(quantity) / 20),
                },
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("ledger");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));

    let batch = sales(100_000, 1_700_000_000_000);
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
    let all = sales(1_000_000, 1_800_000_000_000);
    for chunk in all.chunks(100_000) {
        ledger.record_batch(chunk).unwrap();
    }
    let mehr = JalaliMonth::new(1404, 7).unwrap();
    group.bench_function("monthly_report_1000000", |b| {
        b.iter(|| {
            let monthly = ledger.read(|r| r.monthly_totals(mehr, mehr)).unwrap();
            black_box(
                income_report(&monthly, GroupBy::Business, Granularity::Month, |_| None)
                    .unwrap()
                    .rows
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
