//! `Ledger::record_batch` on PostgreSQL, whose batches the store appends in
//! bulk (binary COPY straight into the ledger when no entry is a replay,
//! else into a staging table and one `INSERT … SELECT`): replays,
//! conflicts, batches larger than one bulk append, the fallback from a
//! direct COPY that meets a taken key, recorders racing with the same
//! entries, and the same outcome as the reference store (skipped without
//! `HOMEBIZ_TEST_PG`).

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

/// Logs, in table `ledger_writes`, the statement that wrote each batch of
/// ledger rows (`current_query()` in a statement trigger: a `COPY` or an
/// `INSERT`), so a test can see which path appended them.
fn log_ledger_writes(store: &homebiz_postgres::PgStore) {
    rows(
        store,
        "CREATE TABLE ledger_writes (n bigserial, statement text);
         CREATE FUNCTION log_ledger_write() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             INSERT INTO ledger_writes (statement) VALUES (split_part(current_query(), ' ', 1)
                 || ' ' || split_part(current_query(), ' ', 2)
                 || ' ' || split_part(current_query(), ' ', 3));
             RETURN NULL;
         END $$;
         CREATE TRIGGER log_ledger_write AFTER INSERT ON ledger
             FOR EACH STATEMENT EXECUTE FUNCTION log_ledger_write();",
    );
}

/// The statements [`log_ledger_writes`] logged, in order.
fn ledger_writes(store: &homebiz_postgres::PgStore) -> Vec<String> {
    rows(store, "SELECT statement FROM ledger_writes ORDER BY n")
        .into_iter()
        .map(|row| row[0].clone().unwrap())
        .collect()
}

/// A batch none of whose entries is stored is copied straight into the
/// ledger, one `COPY` per bulk append and no staging; each row carries its
/// business's province (a registered business's, or the programme's). A
/// batch with a replay among its entries is staged and appended by
/// `INSERT … SELECT`, as before. (Before, every batch was staged.)
#[test]
fn a_batch_without_replays_is_copied_straight_into_the_ledger() {
    use homebiz_registry::testing::{Fixture, business_data, household_data, person_data};
    let Some(store) = scratch() else {
        return;
    };
    let f = Fixture::new(&store);
    let registered = f
        .registry
        .write(&f.admin, |w| {
            let h = w.add_household(household_data(f.office_a, "OWN-1"))?;
            let owner = w.add_person(person_data(h.id(), 901))?.person;
            w.add_business(business_data(h.id(), owner.id(), "B-1"))
        })
        .unwrap()
        .id();
    log_ledger_writes(&store);
    let ledger = Ledger::new(&store);
    // Sales of the registered business and of 37 businesses the registry
    // does not know, across two bulk appends.
    let mut batch: Vec<Entry> = (0..12_000).map(sale).collect();
    for (n, entry) in batch.iter_mut().enumerate().step_by(5) {
        if let Body::Sale { business, .. } = &mut entry.body {
            *business = registered;
        }
        entry.id = EntryId::from_parts(2_100_000_000_000 + n as u64, [6; 10]);
    }
    let recorded = ledger.record_batch(&batch).unwrap();
    assert_eq!(
        recorded.iter().map(|r| r.seq).collect::<Vec<_>>(),
        (1..=12_000).collect::<Vec<u64>>()
    );
    assert_eq!(ledger_writes(&store), ["COPY ledger (province_id,"; 2]);
    assert_eq!(
        rows(
            &store,
            &format!(
                "SELECT count(*) FILTER (WHERE business_id = '{registered}'
                                            AND province_id = '{}'),
                        count(*) FILTER (WHERE province_id
                                         IS DISTINCT FROM homebiz_business_province(business_id))
                 FROM ledger",
                f.province
            )
        ),
        vec![vec![Some("2400".to_owned()), Some("0".to_owned())]]
    );

    // Replays among new entries: staged, and the replays acknowledged
    // (every fifth of 11,950..12,000 was recorded under another ID above,
    // so it is new here too).
    let mixed: Vec<Entry> = (11_950..12_100).map(sale).collect();
    assert_eq!(ledger.record_new(&mixed).unwrap(), 110);
    let writes = ledger_writes(&store);
    assert_eq!(writes.len(), 3);
    assert_eq!(writes[2], "INSERT INTO ledger");
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 12_110);
}

/// A unique key taken under the direct `COPY` (forced here by a trigger
/// that raises a unique violation at the first copied row, as a key a
/// concurrent writer appended would) rolls the `COPY` back to its
/// savepoint and the batch goes through the staging table instead: every
/// entry is appended once, numbered, with the same outcome as the
/// reference store.
#[test]
fn a_taken_key_under_the_direct_copy_falls_back_to_staging() {
    let Some(store) = scratch() else {
        return;
    };
    log_ledger_writes(&store);
    rows(
        &store,
        "CREATE SEQUENCE forced_violations;
         CREATE FUNCTION force_violation() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF current_query() LIKE 'COPY ledger%' AND nextval('forced_violations') = 1 THEN
                 RAISE EXCEPTION 'taken by the test' USING ERRCODE = 'unique_violation';
             END IF;
             RETURN NEW;
         END $$;
         CREATE TRIGGER force_violation BEFORE INSERT ON ledger
             FOR EACH ROW EXECUTE FUNCTION force_violation();",
    );
    let pg = Ledger::new(&store);
    let memory = Ledger::new(MemoryStore::new());
    let batch: Vec<Entry> = (0..500).map(sale).collect();
    let got = pg.record_batch(&batch).unwrap();
    let expected = memory.record_batch(&batch).unwrap();
    assert_eq!(got.len(), 500);
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!((&g.entry, g.effect), (&e.entry, e.effect));
    }
    assert!(
        got.windows(2).all(|w| w[0].seq < w[1].seq),
        "numbers increase"
    );
    // The direct COPY was tried (and met the forced violation); it logged
    // nothing, as its statement rolled back.
    assert_eq!(
        rows(&store, "SELECT is_called FROM forced_violations"),
        vec![vec![Some("t".to_owned())]],
        "no direct COPY was tried"
    );
    assert_eq!(ledger_writes(&store), ["INSERT INTO ledger"]);
    assert_eq!(pg.read(|r| r.len()).unwrap(), 500);
    for b in 0..37 {
        assert_eq!(
            pg.totals(business(b)).unwrap(),
            memory.totals(business(b)).unwrap()
        );
    }
}

/// Two recorders send the same batches of new entries at the same moment,
/// round after round: both calls succeed every time (the one whose look-up
/// the other overtook reads again, `Session::redo`, and finds the
/// entries, instead of failing with `PgError::Changed`), both get the same
/// records back, and every entry is stored once with its own number.
#[test]
fn two_recorders_racing_with_the_same_entries_both_succeed() {
    use std::sync::Barrier;
    const ROUNDS: usize = 12;
    const EACH: usize = 300;
    let Some(store) = scratch() else {
        return;
    };
    let ledger = Ledger::new(&store);
    let barrier = Barrier::new(2);
    type Outcome = homebiz_income::Result<Vec<homebiz_income::entry::Recorded>>;
    let results: Vec<Vec<Outcome>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                let (ledger, barrier) = (&ledger, &barrier);
                s.spawn(move || {
                    (0..ROUNDS)
                        .map(|round| {
                            let batch: Vec<Entry> =
                                (round * EACH..(round + 1) * EACH).map(sale).collect();
                            barrier.wait();
                            // Not unwrapped here: the other recorder would
                            // wait at the barrier for ever.
                            ledger.record_batch(&batch)
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let results: Vec<Vec<Vec<homebiz_income::entry::Recorded>>> = results
        .into_iter()
        .map(|outcomes| outcomes.into_iter().map(Result::unwrap).collect())
        .collect();
    assert_eq!(
        results[0], results[1],
        "both recorders got the same records"
    );
    let all: Vec<_> = results[0].iter().flatten().collect();
    assert_eq!(all.len(), ROUNDS * EACH);
    let mut numbers: Vec<u64> = all.iter().map(|r| r.seq).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), ROUNDS * EACH, "two entries share a number");
    assert_eq!(ledger.read(|r| r.len()).unwrap(), (ROUNDS * EACH) as u64);
    for (n, r) in all.iter().enumerate() {
        assert_eq!(r.entry, sale(n));
    }
}
