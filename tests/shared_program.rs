//! One `Program` shared by threads, as a service embeds it: a panic inside a
//! write closure of the registry, the market or the ledger rolls that
//! transaction back and leaves every store usable, for every other thread,
//! in memory and on SQLite (issue #13, point 6).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::thread;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{ActorId, BusinessId, ChannelId, EntryId, OfficeId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{Clock, FixedClock, JalaliDate, Money};
use homebiz::income::IncomeError;
use homebiz::income::entry::{Body, CostCategory, Entry};
use homebiz::income::store::{IncomeStore, IncomeTx};
use homebiz::income::testing::recorded_at;
use homebiz::market::MarketError;
use homebiz::market::channel::{Channel, ChannelData, Schedule};
use homebiz::market::store::{MarketStore, MarketTx, Put};
use homebiz::program::Program;
use homebiz::registry::{Actor, OfficeData, OfficeLevel, RegistryError, RegistryStore};

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()))
}

fn province(code: &str) -> OfficeData {
    OfficeData {
        id: OfficeId::from_key(code),
        code: code.into(),
        name: format!("office {code}"),
        level: OfficeLevel::Province,
        parent: None,
    }
}

fn channel(code: &str) -> ChannelData {
    ChannelData {
        id: ChannelId::from_key(code),
        code: code.into(),
        name: code.into(),
        kind: ChannelKind::ConsignmentShop,
        location: String::new(),
        accepts: vec![],
        commission: Decimal::new(15, 2),
        fee: None,
        schedule: Schedule::Permanent,
        capacity: None,
        by: None,
    }
}

/// A cost of 1,000 rials for `business`, entry `id`.
fn cost(id: &str, business: BusinessId) -> Entry {
    Entry {
        key: None,
        id: EntryId::from_key(id),
        body: Body::Cost {
            business,
            on: JalaliDate::new(1404, 1, 5).unwrap(),
            category: CostCategory::Materials,
            amount: Money::rial(1_000),
        },
    }
}

fn survives_panics<R, M, I>(program: Program<R, M, I>)
where
    R: RegistryStore + Send + Sync + 'static,
    M: MarketStore + Send + Sync + 'static,
    I: IncomeStore + Send + Sync + 'static,
{
    let program = Arc::new(program);
    let admin = Actor::unrestricted(ActorId::new());
    let business = BusinessId::from_key("B-1");

    // Three threads panic inside a write closure after writing; three others
    // write at the same time and must be kept.
    let mut panicking = Vec::new();
    let mut writing = Vec::new();
    {
        let p = Arc::clone(&program);
        panicking.push(thread::spawn(move || {
            let _ = p
                .registry()
                .write(&admin, |w| -> Result<(), RegistryError> {
                    w.add_office(province("GHOST"))?;
                    panic!("a bug inside registry().write")
                });
        }));
        let p = Arc::clone(&program);
        panicking.push(thread::spawn(move || {
            let _ = p
                .market()
                .store()
                .write(|tx: &mut dyn MarketTx| -> Result<(), MarketError> {
                    tx.put_channel(&Channel::new(channel("GHOST"))?, Put::Insert)?;
                    panic!("a bug inside the market's write")
                });
        }));
        let p = Arc::clone(&program);
        panicking.push(thread::spawn(move || {
            let _ = p
                .ledger()
                .store()
                .write(|tx: &mut dyn IncomeTx| -> Result<(), IncomeError> {
                    tx.insert(&recorded_at(&cost("GHOST", business), tx.len()? + 1))?;
                    panic!("a bug inside the ledger's write")
                });
        }));
        let p = Arc::clone(&program);
        writing.push(thread::spawn(move || {
            p.registry()
                .write(&admin, |w| w.add_office(province("KEPT")))
                .map(drop)
                .map_err(|e| e.to_string())
        }));
        let p = Arc::clone(&program);
        writing.push(thread::spawn(move || {
            p.market()
                .add_channel(channel("KEPT"))
                .map(drop)
                .map_err(|e| e.to_string())
        }));
        let p = Arc::clone(&program);
        writing.push(thread::spawn(move || {
            p.ledger()
                .record(cost("KEPT", business))
                .map(drop)
                .map_err(|e| e.to_string())
        }));
    }
    for t in panicking {
        assert!(t.join().is_err(), "the closure panicked");
    }
    for t in writing {
        t.join().unwrap().unwrap();
    }

    // Another thread finds every store usable, the panicked writes rolled
    // back and the others kept.
    let p = Arc::clone(&program);
    thread::spawn(move || {
        let codes: Vec<String> = p
            .registry()
            .read(&admin, |r| r.offices())
            .unwrap()
            .iter()
            .map(|o| o.code().to_owned())
            .collect();
        assert_eq!(codes, ["KEPT"]);
        let codes: Vec<String> = p
            .market()
            .read(|r| r.channels())
            .unwrap()
            .iter()
            .map(|c| c.code().to_owned())
            .collect();
        assert_eq!(codes, ["KEPT"]);
        let entries = p.ledger().entries(business).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].entry.id, EntryId::from_key("KEPT"));
        assert_eq!(entries[0].seq, 1);

        // And writable: what the panics rolled back can be written now.
        p.registry()
            .write(&admin, |w| w.add_office(province("GHOST")))
            .unwrap();
        p.market().add_channel(channel("GHOST")).unwrap();
        let ghost = p.ledger().record(cost("GHOST", business)).unwrap();
        assert_eq!(ghost.seq, 2);
        assert_eq!(p.registry().read(&admin, |r| r.offices()).unwrap().len(), 2);
        assert_eq!(p.market().read(|r| r.channels()).unwrap().len(), 2);
        assert_eq!(
            p.ledger().totals(business).unwrap().costs,
            Money::rial(2_000)
        );
    })
    .join()
    .unwrap();
}

#[test]
fn a_panic_poisons_no_store_in_memory() {
    survives_panics(Program::in_memory(clock()).unwrap());
}

#[test]
fn a_panic_poisons_no_store_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite");
    survives_panics(homebiz::program::SqliteProgram::open(&path, clock()).unwrap());
    // The file is sound, and holds what was kept.
    let again = homebiz::program::SqliteProgram::open(&path, clock()).unwrap();
    assert!(again.registry().store().integrity_check().unwrap());
    assert_eq!(
        again
            .ledger()
            .entries(BusinessId::from_key("B-1"))
            .unwrap()
            .len(),
        2
    );
}
