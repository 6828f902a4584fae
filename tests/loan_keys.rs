//! Loan and entry keys belong to their business (issue #14), on every
//! backend: two offices may add a loan under one key, a key is looked up
//! among the businesses the actor can see (ambiguous across two of them
//! until one is named), loans and entries recorded before keys were scoped
//! keep being found by their key, and an entry key is found through the
//! store's index of keys (`IncomeRead::entries_keyed`). Each check runs on
//! the memory stores, SQLite and, given `HOMEBIZ_TEST_PG`, PostgreSQL.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;

use homebiz::backend::Backend;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, ChannelId, EntryId, LoanId, TypedId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{JalaliDate, Money};
use homebiz::income::entry::{Body, Entry};
use homebiz::income::loan::{Loan, LoanData};
use homebiz::income::store::IncomeStore;
use homebiz::market::store::MarketStore;
use homebiz::program::ledger::{LoanTerms, NewLoan, NewSale};
use homebiz::program::{Program, ProgramError};
use homebiz::registry::testing::Fixture;
use homebiz::registry::{Actor, RegistryStore};
use support::{add_channel, businesses, program_on};

const A1: &str = "A-1-B1";
const A2: &str = "A-2-B1";
const B1: &str = "B-1-B1";

/// Office A has businesses A-1-B1 and A-2-B1, office B has B-1-B1; one
/// channel.
struct Offices<R, M, I> {
    program: Program<R, M, I>,
    admin: Actor,
    staff_a: Actor,
    staff_b: Actor,
    /// A-1-B1, A-2-B1, B-1-B1.
    businesses: [BusinessId; 3],
    channel: ChannelId,
}

fn offices<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    registry: R,
    market: M,
    ledger: I,
) -> Offices<R, M, I> {
    let f = Fixture::new(registry);
    let ids = businesses(
        &f,
        &[
            (1, f.office_a, "A-1"),
            (2, f.office_a, "A-2"),
            (3, f.office_b, "B-1"),
        ],
    );
    let (staff_a, staff_b) = (f.staff_of(f.office_a), f.staff_of(f.office_b));
    let (program, admin) = program_on(f, market, ledger);
    let channel = add_channel(&program, "TERMINAL", ChannelKind::PermanentExhibition).id();
    Offices {
        program,
        admin,
        staff_a,
        staff_b,
        businesses: [ids[0], ids[1], ids[2]],
        channel,
    }
}

/// Runs `check` on the memory stores, a SQLite file and, given a server,
/// a PostgreSQL scratch schema.
fn on_every_backend(check: fn(&str, &dyn Fn() -> Box<dyn Run>)) {
    check("memory", &|| {
        Box::new(offices(
            homebiz::registry::MemoryStore::new(),
            homebiz::market::MemoryStore::new(),
            homebiz::income::MemoryStore::new(),
        ))
    });
    let dir = tempfile::tempdir().unwrap();
    let n = std::sync::atomic::AtomicU32::new(0);
    check("sqlite", &|| {
        let n = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = dir.path().join(format!("k{n}.sqlite"));
        let store = Arc::new(homebiz::sqlite::SqliteStore::open(&path).unwrap());
        let b = Backend::Sqlite(store);
        Box::new(offices(b.clone(), b.clone(), b))
    });
    // The first scratch schema tells whether there is a server.
    if let Some(first) = homebiz_postgres::testing::scratch() {
        let first = std::sync::Mutex::new(Some(first));
        check("postgres", &|| {
            let store = first
                .lock()
                .unwrap()
                .take()
                .or_else(homebiz_postgres::testing::scratch)
                .unwrap();
            let b = Backend::Postgres(Arc::new(store));
            Box::new(offices(b.clone(), b.clone(), b))
        });
    }
}

/// What a check does with a programme, whatever its stores.
trait Run {
    fn loans(&self, backend: &str);
    fn entries(&self, backend: &str);
}

fn terms() -> LoanTerms {
    LoanTerms {
        principal: Money::rial(12_000_000),
        annual_rate: Decimal::ZERO,
        term_months: 12,
        grace_months: 0,
        disbursed_on: Some(JalaliDate::new(1404, 1, 10).unwrap()),
    }
}

fn not_found<T: std::fmt::Debug>(found: Result<T, ProgramError>, kind: &str, key: &str) {
    match found {
        Err(ProgramError::NotFound { kind: k, code, .. }) if k == kind && code == key => {}
        other => panic!("expected {kind} {key} not found, got {other:?}"),
    }
}

fn ambiguous<T: std::fmt::Debug>(found: Result<T, ProgramError>, kind: &str, codes: &[&str]) {
    match found {
        Err(ProgramError::Ambiguous {
            kind: k,
            businesses,
            ..
        }) if k == kind && businesses == codes => {}
        other => panic!("expected {kind} ambiguous across {codes:?}, got {other:?}"),
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Run for Offices<R, M, I> {
    fn loans(&self, backend: &str) {
        let p = &self.program;
        let add = |actor: &Actor, business, key| {
            p.add_loan(
                actor,
                &NewLoan {
                    business,
                    key: Some(key),
                    terms: terms(),
                },
            )
        };
        // Two offices add a loan under one key, each to its own business.
        let of_a = add(&self.staff_a, A1, "L-1").unwrap();
        let of_b = add(&self.staff_b, B1, "L-1").unwrap_or_else(|e| panic!("{backend}: {e}"));
        assert_eq!(of_a.loan.id(), Loan::key_id(self.businesses[0], "L-1"));
        assert_eq!(of_b.loan.id(), Loan::key_id(self.businesses[2], "L-1"));
        assert_eq!((of_a.name.as_str(), of_b.business.as_str()), ("L-1", B1));
        // The key is kept with the loan: the store's index finds both.
        assert_eq!(of_a.loan.data().key.as_deref(), Some("L-1"));
        let keyed = p.ledger().read(|r| r.loans_keyed("L-1")).unwrap();
        assert_eq!(keyed.len(), 2, "{backend}");
        // The same business's key again exists already.
        let again = add(&self.staff_a, A1, "L-1").unwrap_err();
        assert_eq!(again.to_string(), "invalid loan: L-1 exists already");

        // Each office's staff finds its own; the other's business is not
        // even named; the admin, who sees both, must choose.
        assert_eq!(p.loan(&self.staff_a, "L-1", None).unwrap().loan, of_a.loan);
        assert_eq!(p.loan(&self.staff_b, "L-1", None).unwrap().loan, of_b.loan);
        not_found(
            p.loan_of(&self.staff_b, Some(A1), "L-1", None),
            "business",
            A1,
        );
        ambiguous(p.loan(&self.admin, "L-1", None), "loan", &[A1, B1]);
        let chosen = p.loan_of(&self.admin, Some(B1), "L-1", None).unwrap();
        assert_eq!(
            (chosen.loan, chosen.business.as_str()),
            (of_b.loan.clone(), B1)
        );
        // By ID: only within scope.
        let id = of_a.loan.id().to_string();
        not_found(p.loan(&self.staff_b, &id, None), "loan", &id);
        let by_id = p.loan(&self.staff_a, &id, None).unwrap();
        assert_eq!(
            (by_id.loan, by_id.name.as_str()),
            (of_a.loan.clone(), "L-1")
        );
        // Two of the staff's own businesses: ambiguous, naming only those.
        let of_a2 = add(&self.staff_a, A2, "L-1").unwrap();
        ambiguous(p.loan(&self.staff_a, "L-1", None), "loan", &[A1, A2]);
        let chosen = p.loan_of(&self.staff_a, Some(A2), "L-1", None).unwrap();
        assert_eq!(chosen.loan, of_a2.loan);
        // A key only the other office used is not found.
        add(&self.staff_b, B1, "L-B").unwrap();
        not_found(p.loan(&self.staff_a, "L-B", None), "loan", "L-B");

        // A loan added before keys were scoped: its ID from the key alone.
        let old = p
            .ledger()
            .add_loan(LoanData {
                id: LoanId::from_key("OLD-1"),
                business: self.businesses[0],
                principal: Money::rial(6_000_000),
                annual_rate: Decimal::ZERO,
                term_months: 6,
                grace_months: 0,
                disbursed_on: JalaliDate::new(1403, 12, 1).unwrap(),
                by: None,
                key: None,
            })
            .unwrap();
        assert_eq!(p.loan(&self.staff_a, "OLD-1", None).unwrap().loan, old);
        not_found(p.loan(&self.staff_b, "OLD-1", None), "loan", "OLD-1");
        let again = add(&self.staff_a, A1, "OLD-1").unwrap_err();
        assert_eq!(again.to_string(), "invalid loan: OLD-1 exists already");
        // Office B may now use the key for a loan of its own.
        let theirs = add(&self.staff_b, B1, "OLD-1").unwrap();
        assert_ne!(theirs.loan.id(), old.id());
        assert_eq!(
            p.loan(&self.staff_b, "OLD-1", None).unwrap().loan,
            theirs.loan
        );
        assert_eq!(p.loan(&self.staff_a, "OLD-1", None).unwrap().loan, old);
        ambiguous(p.loan(&self.admin, "OLD-1", None), "loan", &[A1, B1]);
    }

    fn entries(&self, backend: &str) {
        let p = &self.program;
        let sale = |business, key, price| NewSale {
            business,
            channel: Some("TERMINAL"),
            on: JalaliDate::new(1404, 2, 10).unwrap(),
            quantity: 1,
            unit_price: Money::rial(price),
            commission: Money::rial(0),
            key: Some(key),
        };
        let of_a = p
            .record_sale(&self.staff_a, &sale(A1, "S-1", 1_000))
            .unwrap();
        let of_b = p
            .record_sale(&self.staff_b, &sale(B1, "S-1", 2_000))
            .unwrap();
        // The store's index finds both, by seq.
        let keyed = p.ledger().read(|r| r.entries_keyed("S-1")).unwrap();
        assert_eq!(
            keyed,
            [of_a.recorded.clone(), of_b.recorded.clone()],
            "{backend}"
        );
        assert_eq!(
            p.entry_named(&self.staff_a, "S-1", None).unwrap(),
            of_a.recorded
        );
        assert_eq!(
            p.entry_named(&self.staff_b, "S-1", None).unwrap(),
            of_b.recorded
        );
        ambiguous(p.entry_named(&self.admin, "S-1", None), "entry", &[A1, B1]);
        assert_eq!(
            p.entry_named(&self.admin, "S-1", Some(B1)).unwrap(),
            of_b.recorded
        );
        not_found(p.entry_named(&self.staff_a, "S-2", None), "entry", "S-2");
        // An entry from before keys were kept: no key stored, its ID from
        // the key alone; found by its key in its business's scope only.
        let old = p
            .record(
                &self.admin,
                Entry {
                    key: None,
                    id: EntryId::from_key("OLD-S"),
                    body: Body::Sale {
                        business: self.businesses[1],
                        channel: Some(self.channel),
                        on: JalaliDate::new(1404, 1, 5).unwrap(),
                        quantity: 1,
                        unit_price: Money::rial(500),
                        commission: Money::rial(0),
                    },
                },
            )
            .unwrap();
        assert!(
            p.ledger()
                .read(|r| r.entries_keyed("OLD-S"))
                .unwrap()
                .is_empty()
        );
        assert_eq!(p.entry_named(&self.staff_a, "OLD-S", None).unwrap(), old);
        not_found(
            p.entry_named(&self.staff_b, "OLD-S", None),
            "entry",
            "OLD-S",
        );
        // A reversal is found by ID where its entry is.
        let reversed = p
            .reverse_entry_of(&self.admin, Some(A1), "S-1", "typo", None)
            .unwrap();
        let id = reversed.reversal.entry.id.to_string();
        assert_eq!(
            p.entry_named(&self.staff_a, &id, None).unwrap(),
            reversed.reversal
        );
        not_found(p.entry_named(&self.staff_b, &id, None), "entry", &id);
    }
}

#[test]
fn two_offices_add_loans_under_one_key_and_find_their_own() {
    on_every_backend(|backend, make| make().loans(backend));
}

#[test]
fn entry_keys_are_found_by_the_stores_index_within_scope() {
    on_every_backend(|backend, make| make().entries(backend));
}
