//! `Ledger::record_batch` on PostgreSQL, whose batches the store appends in
//! bulk (binary COPY into a staging table, one `INSERT … SELECT`): replays,
//! conflicts, batches larger than one bulk append, and the same outcome as
//! the reference store (skipped without `HOMEBIZ_TEST_PG`).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::id::{ActorId, BusinessId, ChannelId, EntryId, TypedId};
use homebiz_core::{JalaliDate, JalaliMonth, Money};
use homebiz_income::entry::{Body, CostCategory, Entry};
use homebiz_income::{IncomeError, Ledger, MemoryStore};
use homebiz_postgres::testing::{rows, scratch};

fn day(n: usize) -> JalaliDate {
    JalaliDate::new(1404, 1, 1)
        .unwrap()
        .add_days((n % 300) as i64)
        .unwrap()
}

fn business(n: usize) -> BusinessId {
    BusinessId::from_parts(1_700_000_000_000 + (n % 37) as u64, [7; 10])
}

/// Sale `n`: its ID, business, channel, day and amounts all follow from `n`.
fn sale(n: usize) -> Entry {
    Entry {
        key: None,
        id: EntryId::from_parts(1_800_000_000_000 + n as u64, [3; 10]),
        body: Body::Sale {
            business: business(n),
            channel: (!n.is_multiple_of(3))
                .then(|| ChannelId::from_parts(1_700_000_000_000 + (n % 3) as u64, [9; 10])),
            on: day(n),
            quantity: 1 + (n % 7) as u32,
            unit_price: Money::rial(10_000 * (1 + (n % 11) as i64)),
            commission: Money::rial((n % 5) as i64 * 100),
        },
    }
}

/// Sale `n` under the user's key `S-n`.
fn keyed_sale(n: usize) -> Entry {
    Entry::keyed(&format!("S-{n}"), sale(n).body)
}

fn cost(n: usize) -> Entry {
    Entry {
        key: None,
        id: EntryId::from_parts(1_900_000_000_000 + n as u64, [4; 10]),
        body: Body::Cost {
            business: business(n),
            on: day(n),
            category: CostCategory::Materials,
            amount: Money::rial(1_000 * (1 + (n % 13) as i64)),
        },
    }
}

fn reversal(n: usize, of: EntryId) -> Entry {
    Entry {
        key: None,
        id: EntryId::from_parts(2_000_000_000_000 + n as u64, [5; 10]),
        body: Body::Reversal {
            of,
            on: day(n + 1),
            reason: "entered twice".into(),
        },
    }
}

/// A batch with replays: the ones with the same content are acknowledged
/// (the originals returned, with their number and recorder), the new ones
/// appended; one replay with other content refuses the whole batch, naming
/// the field, and nothing of it is written.
#[test]
fn replays_in_a_batch_are_acknowledged_or_refused_whole() {
    let Some(store) = scratch() else {
        return;
    };
    let ledger = Ledger::new(store);
    let first_by = ActorId::from_parts(1, [1; 10]);
    let first: Vec<Entry> = (0..50).map(sale).collect();
    let recorded = ledger.record_batch_by(&first, Some(first_by)).unwrap();
    assert_eq!(
        recorded.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=50).collect::<Vec<u64>>()
    );

    // 30 new, 20 replays of the same content, interleaved.
    let mixed: Vec<Entry> = (30..80).map(sale).collect();
    let other_by = ActorId::from_parts(2, [2; 10]);
    assert_eq!(ledger.record_new_by(&mixed, Some(other_by)).unwrap(), 30);
    let again = ledger.record_batch(&mixed).unwrap();
    for (r, n) in again.iter().zip(30..) {
        assert_eq!(r.entry, sale(n));
        // A replay keeps its original recorder and number.
        let (by, seq) = if n < 50 {
            (first_by, n as u64 + 1)
        } else {
            (other_by, n as u64 + 1)
        };
        assert_eq!((r.by, r.seq), (Some(by), seq), "sale {n}");
    }
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 80);

    // New ones, then a replay with another quantity: refused, nothing written.
    let totals = ledger.totals(business(3)).unwrap();
    let mut changed = sale(40);
    if let Body::Sale { quantity, .. } = &mut changed.body {
        *quantity += 1;
    }
    let mut refused: Vec<Entry> = (80..120).map(sale).collect();
    refused.push(changed);
    refused.extend((120..130).map(sale));
    match ledger.record_batch(&refused) {
        Err(IncomeError::Conflict { id, field }) => {
            assert_eq!((id, field), (sale(40).id, "quantity"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 80);
    assert_eq!(ledger.totals(business(3)).unwrap(), totals);
    for n in 80..130 {
        assert_eq!(ledger.read(|r| r.entry(sale(n).id)).unwrap(), None);
    }
    // Refused replays took no number, nor did the acknowledged ones: the
    // next entry follows the last appended.
    let next = ledger.record(sale(200)).unwrap();
    assert!(next.seq > 80);
}

/// A batch larger than one bulk append (10,000 entries), with replays of
/// its own entries, a repeated entry, reversals of entries earlier in the
/// batch and costs, gives what the reference store gives: the same
/// records (numbers included), totals and monthly totals; a keyed batch
/// imported twice adds nothing the second time.
#[test]
fn a_batch_crossing_the_bulk_size_agrees_with_the_reference() {
    let Some(store) = scratch() else {
        return;
    };
    let pg = Ledger::new(&store);
    let memory = Ledger::new(MemoryStore::new());
    let mut batch: Vec<Entry> = Vec::new();
    for n in 0..12_345 {
        batch.push(sale(n));
        if n % 1_000 == 7 {
            batch.push(cost(n));
        }
        if n % 2_500 == 11 {
            // A reversal of an entry of this very batch, some just before.
            batch.push(reversal(n, sale(n - 3).id));
        }
        if n % 3_000 == 13 {
            // The same entry again within the batch.
            batch.push(sale(n - 1));
        }
    }
    let by = Some(ActorId::from_parts(3, [3; 10]));
    let expected = memory.record_batch_by(&batch, by).unwrap();
    let got = pg.record_batch_by(&batch, by).unwrap();
    assert_eq!(got.len(), expected.len());
    assert_eq!(got, expected);
    assert_eq!(
        pg.read(|r| r.len()).unwrap(),
        memory.read(|r| r.len()).unwrap()
    );
    for b in 0..37 {
        assert_eq!(
            pg.totals(business(b)).unwrap(),
            memory.totals(business(b)).unwrap()
        );
        assert_eq!(
            pg.entries(business(b)).unwrap(),
            memory.entries(business(b)).unwrap()
        );
    }
    let (from, until) = (
        JalaliMonth::new(1404, 1).unwrap(),
        JalaliMonth::new(1404, 12).unwrap(),
    );
    assert_eq!(
        pg.read(|r| r.monthly_totals(from, until)).unwrap(),
        memory.read(|r| r.monthly_totals(from, until)).unwrap()
    );

    // Keyed entries, twice: the second time every one is a replay.
    let keyed: Vec<Entry> = (20_000..31_000).map(keyed_sale).collect();
    assert_eq!(pg.record_new(&keyed).unwrap(), 11_000);
    assert_eq!(pg.record_new(&keyed).unwrap(), 0);
    assert_eq!(memory.record_new(&keyed).unwrap(), 11_000);
    assert_eq!(
        pg.read(|r| r.len()).unwrap(),
        memory.read(|r| r.len()).unwrap()
    );

    // Every entry carries its business's province (here the programme's:
    // the registry has no such business), as the row-by-row path writes it.
    assert_eq!(
        rows(
            &store,
            "SELECT count(*) FROM ledger
             WHERE province_id IS DISTINCT FROM homebiz_business_province(business_id)"
        ),
        vec![vec![Some("0".to_owned())]]
    );
}

/// A reversal of an entry that a batch's earlier reversal reversed
/// already is refused as recording one by one refuses it, and the batch
/// writes nothing.
#[test]
fn a_second_reversal_in_one_batch_is_refused() {
    let Some(store) = scratch() else {
        return;
    };
    let ledger = Ledger::new(store);
    let mut batch: Vec<Entry> = (0..20).map(sale).collect();
    batch.push(reversal(1, sale(5).id));
    batch.push(reversal(2, sale(5).id));
    match ledger.record_batch(&batch) {
        Err(IncomeError::NotReversible { id, reason }) => {
            assert_eq!((id, reason), (sale(5).id, "it was reversed already"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 0);
}
