//! The monthly income report on PostgreSQL (migration V9): read from the
//! covering index in its order with no sort, summed in bigint by
//! `homebiz_sum`, which is exact or refuses, and equal to the reference
//! store's report over a ledger with reversals and entries of no channel
//! (skipped without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::id::{BusinessId, ChannelId, EntryId, TypedId};
use homebiz_core::{JalaliDate, JalaliMonth, Money};
use homebiz_income::entry::{Body, CostCategory, Entry};
use homebiz_income::{Ledger, MemoryStore};
use homebiz_postgres::testing::{MONTHLY_TOTALS, rows, scratch_url};
use postgres::{Client, NoTls};

/// Entry `n` of a ledger of sales (one in four of no channel), costs and
/// reversals over the first months of 1404.
fn entry(n: u64) -> Entry {
    let on = JalaliDate::new(1404, 1, 1)
        .unwrap()
        .add_days((n % 120) as i64)
        .unwrap();
    let business = BusinessId::from_parts(1_700_000_000_000 + n % 13, [7; 10]);
    let id = EntryId::from_parts(1_800_000_000_000 + n, [3; 10]);
    let body = match n % 9 {
        0 if n > 9 => Body::Reversal {
            of: EntryId::from_parts(1_800_000_000_000 + n - 8, [3; 10]),
            on,
            reason: "entered twice".into(),
        },
        4 => Body::Cost {
            business,
            on,
            category: CostCategory::Materials,
            amount: Money::rial(1_000 * (1 + (n % 17) as i64)),
        },
        _ => Body::Sale {
            business,
            channel: (!n.is_multiple_of(4))
                .then(|| ChannelId::from_parts(1_700_000_000_000 + n % 3, [9; 10])),
            on,
            quantity: 1 + (n % 5) as u32,
            unit_price: Money::rial(10_000 * (1 + (n % 11) as i64)),
            commission: Money::rial((n % 7) as i64 * 100),
        },
    };
    Entry {
        key: None,
        id,
        body,
    }
}

/// The report's statement, planned over a ledger with only the index to
/// read (no sequential or bitmap scan, no hash aggregate): it reads the
/// covering index `ledger_by_month` in its order and sorts nothing (before
/// V9 the index kept entries of no channel last, and an Incremental Sort
/// put them first), and sums with `homebiz_sum`.
#[test]
fn the_report_reads_the_index_in_order_without_a_sort() {
    let Some((url, store)) = scratch_url() else {
        return;
    };
    let ledger = Ledger::new(store);
    let batch: Vec<Entry> = (1..=400).map(entry).collect();
    ledger.record_batch(&batch).unwrap();
    let mut client = Client::connect(&url, NoTls).unwrap();
    client
        .batch_execute(
            "ANALYZE ledger;
             SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_hashagg = off",
        )
        .unwrap();
    let explain = format!("EXPLAIN (FORMAT JSON, VERBOSE) {MONTHLY_TOTALS}")
        .replace("$1", "'1404-01'")
        .replace("$2", "'1404-03'");
    let plan: String = client
        .simple_query(&explain)
        .unwrap()
        .into_iter()
        .filter_map(|m| match m {
            postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_owned),
            _ => None,
        })
        .collect();
    assert!(
        plan.contains("\"Index Name\": \"ledger_by_month\""),
        "{plan}"
    );
    for sort in [
        "\"Node Type\": \"Sort\"",
        "\"Node Type\": \"Incremental Sort\"",
    ] {
        assert!(!plan.contains(sort), "the report sorts: {plan}");
    }
    assert!(plan.contains("\"homebiz_sum(revenue)\""), "{plan}");
}

/// `homebiz_sum` equals the numeric `SUM` over amounts of both signs, is
/// NULL over no rows like `SUM`, and refuses an overflow, even of a
/// partial sum, with SQLSTATE 22003 instead of wrapping.
#[test]
fn homebiz_sum_is_exact_or_refuses() {
    let Some((url, store)) = scratch_url() else {
        return;
    };
    let same = rows(
        &store,
        "SELECT homebiz_sum(x) = SUM(x), homebiz_sum(x) FROM
         (SELECT (i * 7919 % 100003 - 50000) * 1000003 AS x FROM generate_series(1::bigint, 20000) i) v",
    );
    assert_eq!(same[0][0].as_deref(), Some("t"), "{same:?}");
    let none = rows(
        &store,
        "SELECT homebiz_sum(x) FROM (SELECT 1::bigint WHERE false) v(x)",
    );
    assert_eq!(none, vec![vec![None]]);
    let mut client = Client::connect(&url, NoTls).unwrap();
    // The whole sum fits; the first two do not.
    let err = client
        .query_one(
            "SELECT homebiz_sum(x ORDER BY n) FROM (VALUES (1, 9223372036854775807::bigint),
                (2, 1::bigint), (3, -2::bigint)) v(n, x)",
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.code(),
        Some(&postgres::error::SqlState::NUMERIC_VALUE_OUT_OF_RANGE),
        "{err}"
    );
}

/// The report over a ledger with reversals, costs and entries of no
/// channel equals the reference store's, over one month and over several.
#[test]
fn the_report_equals_the_reference_store() {
    let Some((_url, store)) = scratch_url() else {
        return;
    };
    let pg = Ledger::new(store);
    let memory = Ledger::new(MemoryStore::new());
    let batch: Vec<Entry> = (1..=2_000).map(entry).collect();
    pg.record_batch(&batch).unwrap();
    memory.record_batch(&batch).unwrap();
    for (from, until) in [
        ((1404, 2), (1404, 2)),
        ((1404, 1), (1404, 12)),
        ((1403, 1), (1403, 12)),
    ] {
        let from = JalaliMonth::new(from.0, from.1).unwrap();
        let until = JalaliMonth::new(until.0, until.1).unwrap();
        let got = pg.read(|r| r.monthly_totals(from, until)).unwrap();
        assert_eq!(got, memory.read(|r| r.monthly_totals(from, until)).unwrap());
        if from.year() == 1404 {
            assert!(got.iter().any(|t| t.channel.is_none()));
            assert!(got.iter().any(|t| t.channel.is_some()));
        }
    }
}
