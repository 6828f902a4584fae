//! The conformance suite every [`IncomeStore`] must pass (feature
//! `testing`), with the ledger's guarantees as property tests.
//!
//! Each check builds a [`Ledger`] over fresh stores from the factory, so a
//! backend that stores, orders, sums or rolls back differently from
//! [`MemoryStore`](crate::MemoryStore) fails here. Run every check as its
//! own test with [`income_conformance!`]:
//!
//! ```
//! homebiz_income::income_conformance!(memory_store, homebiz_income::MemoryStore::new());
//! ```
//!
//! Checks panic on failure, like assertions in a test.

// The suite is test code: a failed expectation panics, as `assert!` does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use homebiz_core::id::{ActorId, BusinessId, ChannelId, LoanId, TypedId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, JalaliMonth, Money};

use crate::entry::{Body, CostCategory, Entry, Totals};
use crate::loan::{Loan, LoanData};
use crate::store::IncomeStore;
use crate::{IncomeError, Ledger};

/// Generates one `#[test]` per conformance check, each on fresh stores made
/// by `$make`; with `unless $skip`, each test passes at once when `$skip`
/// is true (a backend whose server is not there).
#[macro_export]
macro_rules! income_conformance {
    ($module:ident, $make:expr) => {
        $crate::income_conformance!($module, $make, unless false);
    };
    // `unless $skip`: each test returns at once, passing, when `$skip` is
    // true (a backend whose server is not there).
    ($module:ident, $make:expr, unless $skip:expr) => {
        #[cfg(test)]
        mod $module {
            #[allow(unused_imports)]
            use super::*;
            $crate::income_conformance!(@tests $make, $skip;
                entries_round_trip,
                recording_is_idempotent,
                batches_are_all_or_nothing,
                panics_leave_nothing,
                reversals_cancel_once,
                monthly_totals_group_and_order,
                channel_sales_by_day,
                loans_and_repayments,
                totals_are_sums_of_entries,
                reversals_restore_totals,
                store_follows_its_contract,
                nothing_accepted_overflows,
                who_recorded_is_kept,
                keys_belong_to_their_business,
                entries_are_found_by_key,
                loans_are_found_by_key,
            );
        }
    };
    (@tests $make:expr, $skip:expr; $($check:ident),* $(,)?) => {$(
        #[test]
        fn $check() {
            if $skip {
                return;
            }
            $crate::testing::$check(|| $make);
        }
    )*};
}

fn id<T: TypedId>(n: u64) -> T {
    T::from_parts(1_700_000_000_000 + n, [(n % 251) as u8; 10])
}

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

fn sale(n: u64, business: BusinessId, on: JalaliDate, quantity: u32, price: i64) -> Entry {
    Entry {
        key: None,
        id: id(n),
        body: Body::Sale {
            business,
            channel: Some(id(900)),
            on,
            quantity,
            unit_price: Money::rial(price),
            commission: Money::rial(price * i64::from(quantity) / 10),
        },
    }
}

fn cost(n: u64, business: BusinessId, on: JalaliDate, amount: i64) -> Entry {
    Entry {
        key: None,
        id: id(n),
        body: Body::Cost {
            business,
            on,
            category: CostCategory::Materials,
            amount: Money::rial(amount),
        },
    }
}

/// A 12-month interest-free loan `n` of `principal` rials to `business`,
/// disbursed on 1404-01-10.
fn loan_data(n: u64, business: BusinessId, principal: i64) -> LoanData {
    LoanData {
        id: id(n),
        business,
        principal: Money::rial(principal),
        annual_rate: Decimal::ZERO,
        term_months: 12,
        grace_months: 0,
        disbursed_on: day(1, 10),
        by: None,
        key: None,
    }
}

/// Entries come back as recorded, numbered in order, listed by business.
pub fn entries_round_trip<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let first = ledger.record(sale(10, a, day(1, 5), 3, 1_000_000)).unwrap();
    let second = ledger.record(cost(11, b, day(1, 6), 400_000)).unwrap();
    let fee = Entry {
        key: None,
        id: id(12),
        body: Body::Fee {
            business: a,
            channel: None,
            on: day(2, 1),
            amount: Money::rial(2_000_000),
        },
    };
    let third = ledger.record(fee.clone()).unwrap();
    assert_eq!((first.seq, second.seq, third.seq), (1, 2, 3));
    assert_eq!(
        ledger.read(|r| r.entry(id(12))).unwrap(),
        Some(third.clone())
    );
    assert_eq!(ledger.entries(a).unwrap(), vec![first.clone(), third]);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 3);
    let t = ledger.totals(a).unwrap();
    assert_eq!(t.revenue, Money::rial(3_000_000));
    assert_eq!(t.commission, Money::rial(300_000));
    assert_eq!(t.fees, Money::rial(2_000_000));
    assert_eq!(t.net().unwrap(), Money::rial(700_000));
    assert!(ledger.read(|r| r.entry(id(99))).unwrap().is_none());
}

/// The same entry again is a no-op; the same ID with other content is a
/// conflict naming the field, and writes nothing.
pub fn recording_is_idempotent<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let a: BusinessId = id(1);
    let entry = sale(10, a, day(1, 5), 3, 1_000_000);
    let first = ledger.record(entry.clone()).unwrap();
    assert_eq!(ledger.record(entry.clone()).unwrap(), first);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 1);
    for (field, changed) in [
        ("quantity", sale(10, a, day(1, 5), 4, 1_000_000)),
        ("unit_price", sale(10, a, day(1, 5), 3, 1_000_001)),
        ("date", sale(10, a, day(1, 6), 3, 1_000_000)),
        ("business", sale(10, id(2), day(1, 5), 3, 1_000_000)),
        ("kind", cost(10, a, day(1, 5), 5)),
    ] {
        match ledger.record(changed) {
            Err(IncomeError::Conflict { field: f, id: i }) => {
                assert_eq!((f, i), (field, entry.id));
            }
            other => panic!("expected a conflict on {field}, got {other:?}"),
        }
    }
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 1);
    assert_eq!(ledger.totals(a).unwrap(), first.effect);
}

/// A batch with one bad entry, or one conflict, writes nothing.
pub fn batches_are_all_or_nothing<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let a: BusinessId = id(1);
    ledger.record(sale(1, a, day(1, 1), 1, 100)).unwrap();
    let bad_amount = cost(3, a, day(1, 2), 0);
    assert!(
        ledger
            .record_batch(&[cost(2, a, day(1, 2), 50), bad_amount])
            .is_err()
    );
    let conflict = sale(1, a, day(1, 1), 2, 100);
    assert!(matches!(
        ledger.record_batch(&[cost(4, a, day(1, 2), 50), conflict]),
        Err(IncomeError::Conflict { .. })
    ));
    let missing = Entry {
        key: None,
        id: id(5),
        body: Body::Reversal {
            of: id(77),
            on: day(1, 3),
            reason: "typo".into(),
        },
    };
    assert!(matches!(
        ledger.record_batch(&[cost(6, a, day(1, 2), 50), missing]),
        Err(IncomeError::NotFound { .. })
    ));
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 1);
    // A good batch, with one entry twice: recorded once.
    let twice = cost(7, a, day(1, 4), 10);
    let out = ledger
        .record_batch(&[twice.clone(), cost(8, a, day(1, 4), 20), twice])
        .unwrap();
    // Numbered after the kept entry and in order (a server backend may
    // skip the numbers the failed batches took), the repeat as the first.
    let kept = ledger.read(|r| r.entry(id(1))).unwrap().unwrap().seq;
    assert!(kept < out[0].seq && out[0].seq < out[1].seq);
    assert_eq!(out[2].seq, out[0].seq);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 3);
}

/// A panic inside a write closure leaves nothing behind (no entry, no
/// reversal, no loan), a panic inside a read closure changes nothing, and
/// the store stays usable after either.
pub fn panics_leave_nothing<S: IncomeStore>(make: impl Fn() -> S) {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    use crate::entry::Recorded;
    use crate::loan::Loan;
    use crate::store::{IncomeTx, Put};

    let ledger = Ledger::new(make());
    let a: BusinessId = id(1);
    let kept = ledger.record(sale(1, a, day(1, 5), 2, 700)).unwrap();
    let loan = Loan::new(loan_data(50, a, 12_000_000)).unwrap();
    let reversal = Entry {
        key: None,
        id: id(2),
        body: Body::Reversal {
            of: kept.entry.id,
            on: day(1, 6),
            reason: "typo".into(),
        },
    };
    let written = catch_unwind(AssertUnwindSafe(|| {
        ledger
            .store()
            .write(|tx: &mut dyn IncomeTx| -> crate::Result<()> {
                tx.insert(&Recorded {
                    seq: 2,
                    entry: reversal.clone(),
                    business: a,
                    channel: kept.channel,
                    counts_on: kept.counts_on,
                    effect: kept.effect.checked_neg()?,
                    by: None,
                })?;
                tx.insert(&recorded_at(&cost(3, a, day(1, 7), 40), 3))?;
                tx.put_loan(&loan, Put::Insert)?;
                panic!("a bug inside the write closure")
            })
    }));
    assert!(written.is_err());
    let read = catch_unwind(AssertUnwindSafe(|| {
        ledger.read(|_| -> crate::Result<()> { panic!("a bug inside the read closure") })
    }));
    assert!(read.is_err());
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 1);
    assert_eq!(ledger.entries(a).unwrap(), vec![kept.clone()]);
    assert_eq!(ledger.totals(a).unwrap(), kept.effect);
    assert_eq!(ledger.read(|r| r.reversal_of(kept.entry.id)).unwrap(), None);
    assert_eq!(ledger.read(|r| r.entry(id(3))).unwrap(), None);
    assert_eq!(ledger.read(|r| r.loan(loan.id())).unwrap(), None);
    // Still usable: the rolled-back IDs and numbers are free again.
    assert_eq!(ledger.add_loan(loan.data().clone()).unwrap(), loan);
    let cost = ledger.record(cost(3, a, day(1, 7), 40)).unwrap();
    assert!(cost.seq > kept.seq);
    let reversed = ledger.record(reversal).unwrap();
    assert!(reversed.seq > cost.seq);
    assert_eq!(
        ledger.read(|r| r.reversal_of(kept.entry.id)).unwrap(),
        Some(id(2))
    );
}

/// `entry` (a sale, cost, fee, loan disbursement or repayment: not a
/// reversal) as the ledger records it at `seq`, for tests that write
/// through a store's transaction directly.
pub fn recorded_at(entry: &Entry, seq: u64) -> crate::entry::Recorded {
    crate::entry::Recorded {
        seq,
        entry: entry.clone(),
        business: entry.body.business().unwrap(),
        channel: entry.body.channel(),
        counts_on: entry.body.on(),
        effect: entry.body.effect().unwrap(),
        by: None,
    }
}

/// A reversal cancels its entry everywhere, once; a reversal cannot be
/// reversed.
pub fn reversals_cancel_once<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let a: BusinessId = id(1);
    let before = ledger.totals(a).unwrap();
    let s = ledger.record(sale(1, a, day(1, 5), 2, 700)).unwrap();
    let r = ledger
        .reverse(s.entry.id, "wrong price", day(3, 1))
        .unwrap();
    assert_eq!(ledger.totals(a).unwrap(), before);
    assert_eq!(r.counts_on, day(1, 5));
    assert_eq!(r.business, a);
    assert_eq!(
        ledger.read(|x| x.reversal_of(s.entry.id)).unwrap(),
        Some(r.entry.id)
    );
    assert!(matches!(
        ledger.reverse(s.entry.id, "again", day(3, 2)),
        Err(IncomeError::NotReversible { .. })
    ));
    assert!(matches!(
        ledger.reverse(r.entry.id, "undo", day(3, 2)),
        Err(IncomeError::NotReversible { .. })
    ));
    // The same reversal recorded again is a no-op.
    assert_eq!(ledger.record(r.entry.clone()).unwrap(), r);
    // Monthly totals return too: the sale's month nets to zero.
    let m = ledger
        .read(|x| {
            x.monthly_totals(
                JalaliMonth::new(1404, 1).unwrap(),
                JalaliMonth::new(1404, 3).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(m.len(), 1);
    assert!(m[0].totals.is_zero());
    assert_eq!(ledger.entries(a).unwrap().len(), 2);
}

/// Monthly totals group by month, business and channel, in that order.
pub fn monthly_totals_group_and_order<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let web: ChannelId = id(901);
    let entries = vec![
        sale(1, b, day(2, 3), 1, 100),
        sale(2, a, day(2, 9), 2, 100),
        cost(3, a, day(2, 10), 30),
        Entry {
            key: None,
            id: id(4),
            body: Body::sale_at_rate(
                a,
                Some(web),
                day(2, 11),
                1,
                Money::rial(1_001),
                Decimal::new(9, 2),
            )
            .unwrap(),
        },
        sale(5, a, day(1, 31), 1, 50),
        sale(6, a, day(4, 1), 1, 50),
    ];
    ledger.record_batch(&entries).unwrap();
    let m = ledger
        .read(|r| {
            r.monthly_totals(
                JalaliMonth::new(1404, 1).unwrap(),
                JalaliMonth::new(1404, 2).unwrap(),
            )
        })
        .unwrap();
    let keys: Vec<(u8, BusinessId, Option<ChannelId>)> = m
        .iter()
        .map(|t| (t.month.month(), t.business, t.channel))
        .collect();
    let ch = Some(id::<ChannelId>(900));
    let mut expected = vec![
        (1, a, ch),
        (2, a, None),
        (2, a, ch),
        (2, a, Some(web)),
        (2, b, ch),
    ];
    expected.sort();
    assert_eq!(keys, expected);
    let web_sale = m.iter().find(|t| t.channel == Some(web)).unwrap();
    assert_eq!(web_sale.totals.revenue, Money::rial(1_001));
    assert_eq!(web_sale.totals.commission, Money::rial(90)); // 9% of 1,001 = 90.09
}

/// Sales through a channel, per business, channel and day within the
/// dates, reversals netted: a reversed sale, a sale through no channel, a
/// fee and a day outside the dates do not appear.
pub fn channel_sales_by_day<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let (a, b, c): (BusinessId, BusinessId, BusinessId) = (id(1), id(2), id(3));
    let ch: ChannelId = id(900);
    let fee = Entry {
        key: None,
        id: id(7),
        body: Body::Fee {
            business: c,
            channel: Some(ch),
            on: day(2, 5),
            amount: Money::rial(10),
        },
    };
    let mut no_channel = sale(8, c, day(2, 6), 1, 100);
    if let Body::Sale { channel, .. } = &mut no_channel.body {
        *channel = None;
    }
    let entries = vec![
        sale(1, a, day(2, 3), 1, 100),
        sale(2, a, day(2, 3), 2, 100),
        sale(3, b, day(2, 9), 1, 100),
        sale(4, a, day(1, 31), 1, 50),
        sale(5, a, day(2, 20), 1, 50),
        sale(6, b, day(2, 4), 1, 70),
        fee,
        no_channel,
    ];
    ledger.record_batch(&entries).unwrap();
    ledger.reverse(id(3), "typed twice", day(2, 10)).unwrap();
    let got = ledger
        .read(|r| r.channel_sales(day(2, 1), day(2, 15)))
        .unwrap();
    let rows: Vec<(BusinessId, ChannelId, JalaliDate, i64)> = got
        .iter()
        .map(|s| (s.business, s.channel, s.on, s.revenue.minor_units()))
        .collect();
    let mut expected = vec![(a, ch, day(2, 3), 300), (b, ch, day(2, 4), 70)];
    expected.sort();
    assert_eq!(rows, expected);
}

/// Loan entries need the borrower's loan; reversed repayments do not count.
pub fn loans_and_repayments<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let a: BusinessId = id(1);
    let loan = ledger.add_loan(loan_data(50, a, 12_000_000)).unwrap();
    assert_eq!(
        ledger.read(|r| r.loan(loan.id())).unwrap(),
        Some(loan.clone())
    );
    assert_eq!(ledger.read(|r| r.loans_of(a)).unwrap(), vec![loan.clone()]);
    let repay = |n, on, amount, business, loan| Entry {
        key: None,
        id: id(n),
        body: Body::LoanRepayment {
            business,
            loan,
            on,
            amount: Money::rial(amount),
        },
    };
    assert!(
        ledger
            .record(repay(1, day(2, 10), 1_000_000, id(2), loan.id()))
            .is_err()
    );
    assert!(
        ledger
            .record(repay(1, day(2, 10), 1_000_000, a, id::<LoanId>(51)))
            .is_err()
    );
    ledger
        .record(repay(2, day(2, 10), 1_000_000, a, loan.id()))
        .unwrap();
    ledger
        .record(repay(3, day(3, 10), 1_000_000, a, loan.id()))
        .unwrap();
    ledger.reverse(id(3), "bounced", day(3, 12)).unwrap();
    assert_eq!(
        ledger.read(|r| r.repayments(loan.id())).unwrap(),
        vec![(day(2, 10), Money::rial(1_000_000))]
    );
    let status = ledger.loan_status(loan.id(), day(4, 15)).unwrap();
    assert_eq!(status.due, Money::rial(3_000_000));
    assert_eq!(status.arrears, Money::rial(2_000_000));
    assert_eq!(status.days_overdue, day(3, 10).days_until(day(4, 15)));
    assert_eq!(ledger.totals(a).unwrap().repaid, Money::rial(1_000_000));
}

/// Random entries and reversals: each business's totals equal the sum of
/// its entries' effects, and the monthly totals add up to the same.
fn random_ledger() -> impl Strategy<Value = Vec<(u8, u8, u8, u32, i64, bool)>> {
    prop::collection::vec(
        (
            0u8..3,
            0u8..3,
            1u8..=6,
            1u32..5,
            1i64..2_000_000,
            any::<bool>(),
        ),
        1..25,
    )
}

fn build(ops: &[(u8, u8, u8, u32, i64, bool)]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (n, &(kind, business, month, quantity, amount, _)) in ops.iter().enumerate() {
        let business: BusinessId = id(u64::from(business) + 1);
        let on = day(month, 1 + (n % 28) as u8);
        let n = n as u64 + 100;
        entries.push(match kind {
            0 => sale(n, business, on, quantity, amount),
            1 => cost(n, business, on, amount),
            _ => Entry {
                key: None,
                id: id(n),
                body: Body::Fee {
                    business,
                    channel: None,
                    on,
                    amount: Money::rial(amount),
                },
            },
        });
    }
    entries
}

/// The property tests' runner: 32 cases, no failure files (the suite runs
/// inside other crates' tests and examples).
fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    })
}

/// Property: totals are the sums of the entries, per business and per
/// month, whatever is recorded and reversed.
pub fn totals_are_sums_of_entries<S: IncomeStore>(make: impl Fn() -> S) {
    let mut runner = runner();
    runner
        .run(&random_ledger(), |ops| {
            let ledger = Ledger::new(make());
            let entries = build(&ops);
            ledger.record_batch(&entries).unwrap();
            for (k, e) in entries.iter().enumerate() {
                if ops[k].5 {
                    ledger.reverse(e.id, "test", day(7, 1)).unwrap();
                }
            }
            let mut all = Totals::default();
            for b in 1..=3u64 {
                let business: BusinessId = id(b);
                let sum = ledger
                    .entries(business)
                    .unwrap()
                    .iter()
                    .try_fold(Totals::default(), |t, r| t.checked_add(&r.effect))
                    .unwrap();
                prop_assert_eq!(ledger.totals(business).unwrap(), sum);
                all = all.checked_add(&sum).unwrap();
            }
            let monthly = ledger
                .read(|r| {
                    r.monthly_totals(
                        JalaliMonth::new(1404, 1).unwrap(),
                        JalaliMonth::new(1404, 12).unwrap(),
                    )
                })
                .unwrap();
            let by_month = monthly
                .iter()
                .try_fold(Totals::default(), |t, m| t.checked_add(&m.totals))
                .unwrap();
            prop_assert_eq!(by_month, all);
            Ok(())
        })
        .unwrap();
}

/// Property: reversing entries returns every total to what it was without
/// them.
pub fn reversals_restore_totals<S: IncomeStore>(make: impl Fn() -> S) {
    let mut runner = runner();
    runner
        .run(&random_ledger(), |ops| {
            let with = Ledger::new(make());
            let without = Ledger::new(make());
            let entries = build(&ops);
            with.record_batch(&entries).unwrap();
            let kept: Vec<Entry> = entries
                .iter()
                .zip(&ops)
                .filter(|(_, op)| !op.5)
                .map(|(e, _)| e.clone())
                .collect();
            without.record_batch(&kept).unwrap();
            for (e, op) in entries.iter().zip(&ops) {
                if op.5 {
                    with.reverse(e.id, "test", day(8, 1)).unwrap();
                }
            }
            for b in 1..=3u64 {
                let business: BusinessId = id(b);
                prop_assert_eq!(
                    with.totals(business).unwrap(),
                    without.totals(business).unwrap()
                );
            }
            let months = |l: &Ledger<S>| {
                l.read(|r| {
                    r.monthly_totals(
                        JalaliMonth::new(1404, 1).unwrap(),
                        JalaliMonth::new(1404, 12).unwrap(),
                    )
                })
                .unwrap()
                .into_iter()
                .filter(|m| !m.totals.is_zero())
                .collect::<Vec<_>>()
            };
            prop_assert_eq!(months(&with), months(&without));
            Ok(())
        })
        .unwrap();
}

/// The store's own contract, read and written directly: lookups and misses,
/// `is_empty` and `len`, loans of a business by ID, `put_loan`'s insert
/// and replace, entries of a business by seq (its reversals included),
/// repayments by seq without the reversed ones, an insert of a recorded ID
/// returning the entry untouched, and monthly totals of the months asked
/// for, both ends included.
pub fn store_follows_its_contract<S: IncomeStore>(make: impl Fn() -> S) {
    use crate::loan::Loan;
    use crate::store::{Inserted, Put};

    let ledger = Ledger::new(make());
    let store = ledger.store();
    assert!(store.read(|r| r.is_empty()).unwrap());
    assert_eq!(store.read(|r| r.len()).unwrap(), 0);
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let loan = |n, business, principal| Loan::new(loan_data(n, business, principal)).unwrap();
    // IDs descending, inserted in neither order, another business's between.
    let loans = [
        loan(52, a, 12_000_000),
        loan(53, b, 12_000_000),
        loan(51, a, 12_000_000),
        loan(54, a, 12_000_000),
    ];
    store
        .write(|tx| loans.iter().try_for_each(|l| tx.put_loan(l, Put::Insert)))
        .unwrap();
    let ids: Vec<LoanId> = store
        .read(|r| r.loans_of(a))
        .unwrap()
        .iter()
        .map(Loan::id)
        .collect();
    assert_eq!(ids, [id(51), id(52), id(54)]);
    assert_eq!(
        store.read(|r| r.loan(id(53))).unwrap(),
        Some(loans[1].clone())
    );
    assert_eq!(store.read(|r| r.loan(id(99))).unwrap(), None);
    assert!(matches!(
        store.write(|tx| tx.put_loan(&loans[0], Put::Insert)),
        Err(IncomeError::Invalid { field: "loan", .. })
    ));
    assert!(matches!(
        store.write(|tx| tx.put_loan(&loan(55, a, 1_000), Put::Replace)),
        Err(IncomeError::NotFound { .. })
    ));
    let bigger = loan(52, a, 24_000_000);
    store
        .write(|tx| tx.put_loan(&bigger, Put::Replace))
        .unwrap();
    assert_eq!(store.read(|r| r.loan(id(52))).unwrap(), Some(bigger));
    assert_eq!(store.read(|r| r.loan(id(55))).unwrap(), None);

    // Repayments in seq order, not by day; one reversed.
    let repay = |n: u64, loan: u64, m: u8, d: u8| Entry {
        key: None,
        id: id(n),
        body: Body::LoanRepayment {
            business: a,
            loan: id(loan),
            on: day(m, d),
            amount: Money::rial(1_000_000 + n as i64),
        },
    };
    let entries = [
        sale(1, a, day(1, 5), 1, 100),
        cost(2, b, day(2, 5), 30),
        repay(3, 52, 3, 10),
        repay(4, 52, 2, 20),
        repay(5, 51, 2, 15),
        repay(6, 52, 2, 10),
        sale(7, a, day(4, 1), 1, 100),
    ];
    let recorded = ledger.record_batch(&entries).unwrap();
    let reversal = ledger.reverse(id(3), "bounced", day(3, 12)).unwrap();
    assert!(!store.read(|r| r.is_empty()).unwrap());
    assert_eq!(store.read(|r| r.len()).unwrap(), 8);
    assert_eq!(
        store.read(|r| r.repayments(id(52))).unwrap(),
        [
            (day(2, 20), Money::rial(1_000_004)),
            (day(2, 10), Money::rial(1_000_006)),
        ]
    );
    assert_eq!(
        store.read(|r| r.reversal_of(id(3))).unwrap(),
        Some(reversal.entry.id)
    );
    assert_eq!(store.read(|r| r.reversal_of(id(4))).unwrap(), None);
    assert_eq!(store.read(|r| r.entry(id(99))).unwrap(), None);
    let mut of_a: Vec<_> = recorded
        .iter()
        .filter(|r| r.business == a)
        .cloned()
        .collect();
    of_a.push(reversal.clone());
    assert_eq!(store.read(|r| r.entries_of(a)).unwrap(), of_a);
    assert_eq!(
        store.read(|r| r.entries_of(b)).unwrap(),
        [recorded[1].clone()]
    );
    assert_eq!(
        store.read(|r| r.entries_of(id(9))).unwrap(),
        Vec::<crate::entry::Recorded>::new()
    );
    // The same ID again: the entry as recorded, untouched, nothing appended.
    let again = crate::entry::Recorded {
        seq: 9,
        ..recorded[1].clone()
    };
    let answer = store.write(|tx| tx.insert(&again)).unwrap();
    assert_eq!(answer, Inserted::Exists(Box::new(recorded[1].clone())));
    assert_eq!(store.read(|r| r.len()).unwrap(), 8);
    // The store numbers a new entry whatever seq it is handed: past the
    // last, and stored under that number.
    let last = reversal.seq;
    let handed = recorded_at(&cost(60, b, day(5, 1), 10), 1);
    let Inserted::New { seq } = store.write(|tx| tx.insert(&handed)).unwrap() else {
        panic!("a new entry was not appended");
    };
    assert!(seq > last);
    assert_eq!(
        store.read(|r| r.entry(id(60))).unwrap().map(|r| r.seq),
        Some(seq)
    );
    assert_eq!(store.read(|r| r.len()).unwrap(), 9);

    // Monthly totals of months 2 and 3 only, both ends included.
    let months: Vec<u8> = store
        .read(|r| {
            r.monthly_totals(
                JalaliMonth::new(1404, 2).unwrap(),
                JalaliMonth::new(1404, 3).unwrap(),
            )
        })
        .unwrap()
        .iter()
        .map(|t| t.month.month())
        .collect();
    assert_eq!(months, [2, 2, 3]);
}

/// Property: whatever the ledger accepts, every total, monthly total and
/// report can still be computed. Under limits that leave room for 24
/// entries, random sales, costs and fees at or near the largest amount,
/// entries over the limit, and reversals, recorded one by one until the
/// ledger is full: what is over the limit or past the capacity is refused
/// and leaves nothing behind, and no sum overflows, in any grouping.
pub fn nothing_accepted_overflows<S: IncomeStore>(make: impl Fn() -> S) {
    use crate::limits::{HEADROOM, Limits};
    use crate::report::{Granularity, GroupBy, income_report};
    let max = HEADROOM / 24;
    let limits = Limits::new(Money::rial(max)).unwrap();
    assert_eq!(limits.capacity(), 24);
    let ops = prop::collection::vec((0u8..4, 0u8..2, 1u8..=3, 0i64..3, any::<bool>()), 1..40);
    let mut runner = runner();
    runner
        .run(&ops, |ops| {
            let ledger = Ledger::with_limits(make(), limits);
            let mut recorded = Vec::new();
            for (n, &(kind, business, month, less, reverse)) in ops.iter().enumerate() {
                let business: BusinessId = id(u64::from(business) + 1);
                let on = day(month, 1 + (n % 28) as u8);
                let n = n as u64 + 100;
                let amount = Money::rial(max - less);
                let body = match kind {
                    // Two units at the largest price: over the limit.
                    0 => Body::Sale {
                        business,
                        channel: Some(id(900)),
                        on,
                        quantity: 2,
                        unit_price: amount,
                        commission: Money::rial(0),
                    },
                    1 => Body::Sale {
                        business,
                        channel: None,
                        on,
                        quantity: 1,
                        unit_price: amount,
                        commission: Money::rial(less),
                    },
                    2 => Body::Cost {
                        business,
                        on,
                        category: CostCategory::Materials,
                        amount,
                    },
                    _ => Body::Fee {
                        business,
                        channel: None,
                        on,
                        amount,
                    },
                };
                let before = ledger.read(|r| r.len()).unwrap();
                let entry = Entry {
                    key: None,
                    id: id(n),
                    body,
                };
                match ledger.record(entry.clone()) {
                    Ok(_) => recorded.push(entry.id),
                    Err(IncomeError::OverLimit { .. }) => prop_assert_eq!(kind, 0),
                    Err(IncomeError::Full { capacity }) => prop_assert_eq!(capacity, 24),
                    Err(other) => panic!("unexpected {other:?}"),
                }
                if kind == 0 {
                    prop_assert_eq!(ledger.read(|r| r.len()).unwrap(), before);
                }
                if reverse
                    && let Some(last) = recorded.last()
                    && ledger.reverse(*last, "test", day(3, 28)).is_ok()
                {
                    recorded.pop();
                }
            }
            prop_assert!(ledger.read(|r| r.len()).unwrap() <= 24);
            for b in 1..=2u64 {
                let t = ledger.totals(id(b)).unwrap();
                t.net().unwrap();
            }
            let monthly = ledger
                .read(|r| {
                    r.monthly_totals(
                        JalaliMonth::new(1404, 1).unwrap(),
                        JalaliMonth::new(1404, 12).unwrap(),
                    )
                })
                .unwrap();
            for by in [GroupBy::Business, GroupBy::Channel, GroupBy::Month] {
                for per in [Granularity::Month, Granularity::Year] {
                    income_report(&monthly, by, per, |_| None).unwrap();
                }
            }
            ledger
                .read(|r| r.channel_sales(day(1, 1), day(12, 29)))
                .unwrap();
            Ok(())
        })
        .unwrap();
}

/// Who recorded an entry, a reversal or a loan is kept and read back as
/// given; recording an entry again keeps its first user; none stays none.
pub fn who_recorded_is_kept<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let (clerk, other): (ActorId, ActorId) = (id(70), id(71));
    let a: BusinessId = id(1);
    let first = ledger
        .record_by(sale(10, a, day(1, 5), 2, 1_000), Some(clerk))
        .unwrap();
    assert_eq!(first.by, Some(clerk));
    assert_eq!(
        ledger.read(|r| r.entry(id(10))).unwrap(),
        Some(first.clone())
    );
    // Again, by someone else: the entry as it was, with its first user.
    let again = ledger
        .record_by(sale(10, a, day(1, 5), 2, 1_000), Some(other))
        .unwrap();
    assert_eq!(again.by, Some(clerk));
    let anonymous = ledger.record(cost(11, a, day(1, 6), 100)).unwrap();
    assert_eq!(anonymous.by, None);
    let batch = ledger
        .record_batch_by(&[cost(12, a, day(1, 7), 100)], Some(other))
        .unwrap();
    assert_eq!(batch[0].by, Some(other));
    let reversal = ledger
        .reverse_by(id(10), "typo", day(1, 8), Some(other))
        .unwrap();
    assert_eq!(reversal.by, Some(other));
    let by: Vec<Option<ActorId>> = ledger.entries(a).unwrap().iter().map(|r| r.by).collect();
    assert_eq!(by, [Some(clerk), None, Some(other), Some(other)]);

    let loan = ledger
        .add_loan_by(loan_data(20, a, 1_000_000), Some(clerk))
        .unwrap();
    assert_eq!(loan.data().by, Some(clerk));
    let plain = ledger.add_loan(loan_data(21, a, 1_000_000)).unwrap();
    assert_eq!(plain.data().by, None);
    assert_eq!(ledger.read(|r| r.loan(id(20))).unwrap(), Some(loan.clone()));
    assert_eq!(
        ledger.read(|r| r.loan(id(21))).unwrap(),
        Some(plain.clone())
    );
    assert_eq!(ledger.read(|r| r.loans_of(a)).unwrap(), [loan, plain]);

    // The user's key of an entry is kept with it; the ID must derive from it.
    let keyed = Entry::keyed("S-0001", cost(0, a, day(2, 1), 50).body);
    let recorded = ledger.record_by(keyed.clone(), Some(clerk)).unwrap();
    assert_eq!(recorded.entry.key.as_deref(), Some("S-0001"));
    assert_eq!(
        ledger.read(|r| r.entry(keyed.id)).unwrap(),
        Some(recorded.clone())
    );
    assert_eq!(ledger.entries(a).unwrap().last(), Some(&recorded));
    let mut forged = keyed;
    forged.id = id(99);
    assert!(matches!(
        ledger.record(forged),
        Err(IncomeError::Invalid { field: "key", .. })
    ));
}

/// A key belongs to its business: two businesses record entries under one
/// key side by side, each replay is a no-op for its own business, and an
/// entry recorded before keys were scoped (its ID from the key alone) is
/// what a replay of its key for the same business finds: nothing new, a
/// conflict on other content, while another business's key is its own.
pub fn keys_belong_to_their_business<S: IncomeStore>(make: impl Fn() -> S) {
    use homebiz_core::id::EntryId;
    let ledger = Ledger::new(make());
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let of_a = Entry::keyed("S-000001", sale(0, a, day(1, 5), 2, 1_000).body);
    let of_b = Entry::keyed("S-000001", sale(0, b, day(1, 6), 3, 1_000).body);
    assert_ne!(of_a.id, of_b.id);
    let first_a = ledger.record(of_a.clone()).unwrap();
    let first_b = ledger.record(of_b.clone()).unwrap();
    assert_eq!(first_b.entry.key.as_deref(), Some("S-000001"));
    assert_eq!(ledger.record(of_a.clone()).unwrap(), first_a);
    assert_eq!(ledger.record(of_b).unwrap(), first_b);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 2);
    assert_eq!(ledger.totals(a).unwrap().revenue, Money::rial(2_000));
    assert_eq!(ledger.totals(b).unwrap().revenue, Money::rial(3_000));

    // An entry recorded before keys were scoped: its ID from the key alone.
    let old = Entry {
        key: Some("OLD-1".to_owned()),
        id: EntryId::from_key("OLD-1"),
        body: cost(0, a, day(2, 1), 70).body,
    };
    let old = ledger.record(old).unwrap();
    let replay = Entry::keyed("OLD-1", old.entry.body.clone());
    assert_ne!(replay.id, old.entry.id);
    assert_eq!(replay.legacy_id(), Some(old.entry.id));
    // Its replay for the same business is the old entry, alone or in a batch.
    assert_eq!(ledger.record(replay.clone()).unwrap(), old);
    assert_eq!(ledger.record_new(std::slice::from_ref(&replay)).unwrap(), 0);
    assert_eq!(
        ledger.read(|r| replay.recorded_before(r)).unwrap(),
        Some(old.clone())
    );
    assert!(ledger.read(|r| r.entry(replay.id)).unwrap().is_none());
    let changed = Entry::keyed("OLD-1", cost(0, a, day(2, 1), 71).body);
    match ledger.record(changed) {
        Err(IncomeError::Conflict { field, id }) => {
            assert_eq!((field, id), ("amount", old.entry.id));
        }
        other => panic!("expected a conflict on amount, got {other:?}"),
    }
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 3);
    // Another business's entry under the old key is an entry of its own.
    let other = Entry::keyed("OLD-1", cost(0, b, day(2, 1), 70).body);
    assert_eq!(ledger.read(|r| other.recorded_before(r)).unwrap(), None);
    let other = ledger.record(other).unwrap();
    assert_ne!(other.entry.id, old.entry.id);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 4);
    assert_eq!(ledger.totals(a).unwrap().costs, Money::rial(70));
    assert_eq!(ledger.totals(b).unwrap().costs, Money::rial(70));
    // From before keys were kept at all: the ID from the key, no key.
    let unkept = Entry {
        key: None,
        id: EntryId::from_key("OLDER-1"),
        body: cost(0, a, day(3, 1), 30).body,
    };
    let unkept = ledger.record(unkept).unwrap();
    let replay = Entry::keyed("OLDER-1", unkept.entry.body.clone());
    assert_eq!(ledger.record(replay).unwrap(), unkept);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 5);
}

/// [`IncomeRead::entries_keyed`](crate::store::IncomeRead::entries_keyed)
/// finds every entry recorded under a key, of whichever business, by seq,
/// comparing keys exactly; an entry without a key, another key, or a key
/// whose write was rolled back is not among them.
pub fn entries_are_found_by_key<S: IncomeStore>(make: impl Fn() -> S) {
    use homebiz_core::id::EntryId;
    let ledger = Ledger::new(make());
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let keyed = |key: &str, e: Entry| Entry::keyed(key, e.body);
    let of_b = ledger
        .record(keyed("S-1", sale(0, b, day(1, 5), 1, 1_000)))
        .unwrap();
    ledger.record(cost(3, a, day(1, 6), 50)).unwrap();
    let other = ledger
        .record(keyed("S-2", cost(0, a, day(1, 7), 60)))
        .unwrap();
    let of_a = ledger
        .record(keyed("S-1", sale(0, a, day(1, 8), 2, 1_000)))
        .unwrap();
    // A key from before keys were scoped: its ID from the key alone.
    let old = ledger
        .record(Entry {
            key: Some("OLD-1".to_owned()),
            id: EntryId::from_key("OLD-1"),
            body: cost(0, b, day(1, 9), 70).body,
        })
        .unwrap();
    let keyed_as = |key: &str| ledger.read(|r| r.entries_keyed(key)).unwrap();
    assert_eq!(keyed_as("S-1"), vec![of_b, of_a]);
    assert_eq!(keyed_as("S-2"), vec![other]);
    assert_eq!(keyed_as("OLD-1"), vec![old]);
    for missing in ["s-1", "S-1 ", "S-", "S-3", ""] {
        assert!(keyed_as(missing).is_empty(), "{missing:?}");
    }
    // A batch that fails keeps none of its keys.
    let new = keyed("S-3", cost(0, a, day(2, 1), 10));
    let third = keyed("S-1", cost(0, id(3), day(2, 1), 10));
    let clash = keyed("S-2", cost(0, a, day(1, 7), 61));
    assert!(ledger.record_batch(&[new.clone(), third, clash]).is_err());
    assert!(keyed_as("S-3").is_empty());
    assert_eq!(keyed_as("S-1").len(), 2);
    assert_eq!(keyed_as("S-2").len(), 1);
    let new = ledger.record(new).unwrap();
    assert_eq!(keyed_as("S-3"), vec![new]);
    assert_eq!(ledger.read(|r| r.len()).unwrap(), 6);
}

/// [`IncomeRead::loans_keyed`](crate::store::IncomeRead::loans_keyed)
/// finds every loan added under a key, of whichever business, by ID,
/// comparing keys exactly; a loan without a key is not among them; the key
/// is kept as put, and one the ID does not derive from is refused.
pub fn loans_are_found_by_key<S: IncomeStore>(make: impl Fn() -> S) {
    let ledger = Ledger::new(make());
    let (a, b): (BusinessId, BusinessId) = (id(1), id(2));
    let keyed = |business: BusinessId, key: &str| LoanData {
        id: Loan::key_id(business, key),
        key: Some(key.to_owned()),
        ..loan_data(0, business, 1_000_000)
    };
    let of_a = ledger.add_loan(keyed(a, "L-1")).unwrap();
    let of_b = ledger.add_loan(keyed(b, "L-1")).unwrap();
    let unkeyed = ledger.add_loan(loan_data(5, a, 2_000_000)).unwrap();
    let other = ledger.add_loan(keyed(a, "L-2")).unwrap();
    let keyed_as = |key: &str| ledger.read(|r| r.loans_keyed(key)).unwrap();
    let mut both = vec![of_a.clone(), of_b];
    both.sort_by_key(Loan::id);
    assert_eq!(keyed_as("L-1"), both);
    assert_eq!(keyed_as("L-2"), vec![other]);
    for missing in ["l-1", "L-1 ", "L-", "L-3", ""] {
        assert!(keyed_as(missing).is_empty(), "{missing:?}");
    }
    let read = |loan: &Loan| ledger.read(|r| r.loan(loan.id())).unwrap().unwrap();
    assert_eq!(read(&of_a).data().key.as_deref(), Some("L-1"));
    assert_eq!(read(&unkeyed).data().key, None);
    let wrong = LoanData {
        key: Some("L-9".to_owned()),
        ..keyed(a, "L-3")
    };
    assert!(matches!(
        ledger.add_loan(wrong),
        Err(IncomeError::Invalid { field: "key", .. })
    ));
    assert!(keyed_as("L-9").is_empty());
}
