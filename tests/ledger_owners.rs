//! Money in the ledger always has a known owner, and reports lose none of
//! it: `Program` refuses entries for a business or channel no one
//! registered, and a programme-wide report's total equals the ledger's for
//! the period, whatever the ledger holds (issue #13).

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, ChannelId, ConsignmentId, EntryId};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{JalaliDate, JalaliMonth, JalaliMonthRange, Money};
use homebiz::income::IncomeError;
use homebiz::income::entry::{Body, CostCategory, Entry, Totals};
use homebiz::income::report::{Granularity, GroupBy, Key};
use homebiz::market::consignment::{ConsignmentData, Event};
use homebiz::program::{MemoryProgram, ProgramError};
use homebiz::registry::testing::Fixture;
use homebiz::registry::{Actor, RegistryError};
use proptest::prelude::*;
use support::{add_channel, program_over};

/// A programme with two businesses in two offices and one channel.
fn setup() -> (MemoryProgram, Actor, [BusinessId; 2], ChannelId) {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let businesses = support::businesses(&f, &[(1, f.office_a, "A-1"), (2, f.office_b, "B-1")]);
    let (program, admin) = program_over(f);
    let channel = add_channel(&program, "DIGIKALA", ChannelKind::OnlineMarketplace);
    (program, admin, [businesses[0], businesses[1]], channel.id())
}

fn sale(business: BusinessId, channel: Option<ChannelId>, on: JalaliDate, price: i64) -> Entry {
    Entry {
        key: None,
        id: EntryId::new(),
        body: Body::Sale {
            business,
            channel,
            on,
            quantity: 1,
            unit_price: Money::rial(price),
            commission: Money::rial(0),
        },
    }
}

#[test]
fn program_refuses_entries_of_unknown_owners() {
    let (program, admin, [a, _], channel) = setup();
    let on = JalaliDate::new(1404, 7, 10).unwrap();
    let err = program
        .record(&admin, sale(BusinessId::new(), None, on, 7_500_001))
        .unwrap_err();
    assert!(
        matches!(err, ProgramError::Registry(RegistryError::NotFound { .. })),
        "{err:?}"
    );
    let err = program
        .record(&admin, sale(a, Some(ChannelId::new()), on, 1))
        .unwrap_err();
    assert!(err.to_string().contains("channel"), "{err}");
    // A batch with one unknown owner writes nothing.
    let batch = [
        sale(a, Some(channel), on, 5),
        sale(BusinessId::new(), Some(channel), on, 5),
    ];
    assert!(program.record_batch(&admin, &batch).is_err());
    assert_eq!(program.ledger().read(|r| r.len()).unwrap(), 0);
    program
        .record(&admin, sale(a, Some(channel), on, 7_500_000))
        .unwrap();
    assert_eq!(program.ledger().read(|r| r.len()).unwrap(), 1);
}

/// A settlement is a ledger entry too: one for a business no one
/// registered is refused.
#[test]
fn settlement_of_an_unknown_business_is_refused() {
    let (program, admin, [a, _], _) = setup();
    let shop = add_channel(&program, "SHOP", ChannelKind::ConsignmentShop);
    let on = JalaliDate::new(1404, 7, 10).unwrap();
    let mut ids = Vec::new();
    for business in [BusinessId::new(), a] {
        let c = program
            .market()
            .consign(ConsignmentData {
                id: ConsignmentId::new(),
                business,
                channel: shop.id(),
                item: "kilim".into(),
                quantity: 3,
                unit_price: Money::rial(1_000_000),
                commission: Decimal::new(1, 1),
                placed_on: on,
                by: None,
            })
            .unwrap();
        program
            .market()
            .record(c.id(), Event::Sold { quantity: 2, on }, None)
            .unwrap();
        program.market().settle(c.id(), on, None).unwrap();
        ids.push(c.id());
    }
    let err = program.record_settlement(&admin, ids[0]).unwrap_err();
    assert!(
        matches!(err, ProgramError::Registry(RegistryError::NotFound { .. })),
        "{err:?}"
    );
    assert_eq!(program.ledger().read(|r| r.len()).unwrap(), 0);
    assert!(program.record_settlement(&admin, ids[1]).unwrap().is_some());
}

#[test]
fn program_refuses_amounts_over_the_limit() {
    let (program, admin, [a, _], channel) = setup();
    let on = JalaliDate::new(1404, 7, 10).unwrap();
    // The two sales of 9·10¹⁸ rials: refused, so every report of
    // the year can still be computed.
    for _ in 0..2 {
        let err = program
            .record(
                &admin,
                sale(a, Some(channel), on, 9_000_000_000_000_000_000),
            )
            .unwrap_err();
        assert!(
            matches!(
                err,
                ProgramError::Income(IncomeError::OverLimit { field: "gross", .. })
            ),
            "{err:?}"
        );
        assert!(!err.to_string().contains("9000000000000000000"), "{err}");
    }
    let limit = program.ledger().limits().max_amount().minor_units();
    program
        .record(&admin, sale(a, Some(channel), on, limit))
        .unwrap();
    let year = JalaliMonthRange::new(
        JalaliMonth::new(1404, 1).unwrap(),
        JalaliMonth::new(1404, 12).unwrap(),
    )
    .unwrap();
    let report = program
        .income_report(&admin, None, year, GroupBy::Office, Granularity::Year)
        .unwrap();
    assert_eq!(report.total.revenue.minor_units(), limit);
}

fn sum(list: impl IntoIterator<Item = Totals>) -> Totals {
    list.into_iter()
        .try_fold(Totals::default(), |t, x| t.checked_add(&x))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the ledger holds — entries of registered businesses, of a
    /// business no one registered, with or without a channel, reversed or
    /// not — a programme-wide report's total equals the sum of the
    /// ledger's entries in the period, its rows add up to it, and the money
    /// of the unknown business shows under `Unknown` (by household, office,
    /// activity) or its own ID (by business).
    #[test]
    fn reports_lose_no_money(
        ops in prop::collection::vec((0usize..3, 0u8..3, 1u8..=12, 1i64..10_000_000, any::<bool>()), 1..30),
        first in 1u8..=12,
        len in 1u8..=12,
    ) {
        let (program, admin, [a, b], channel) = setup();
        let stranger = BusinessId::new();
        let owners = [a, b, stranger];
        let mut entries = Vec::new();
        for &(owner, kind, month, amount, _) in &ops {
            let business = owners[owner];
            let on = JalaliDate::new(1404, month, 5).unwrap();
            entries.push(match kind {
                0 => sale(business, Some(channel), on, amount),
                1 => sale(business, None, on, amount),
                _ => Entry { key: None, id: EntryId::new(), body: Body::Cost {
                    business, on, category: CostCategory::Materials, amount: Money::rial(amount) } },
            });
        }
        // Straight into the ledger, as an older front end might have.
        program.ledger().record_batch(&entries).unwrap();
        let on = JalaliDate::new(1404, 12, 1).unwrap();
        for (e, op) in entries.iter().zip(&ops) {
            if op.4 {
                program.ledger().reverse(e.id, "test", on).unwrap();
            }
        }
        let last = (first + len - 1).min(12);
        let period = JalaliMonthRange::new(
            JalaliMonth::new(1404, first).unwrap(),
            JalaliMonth::new(1404, last).unwrap(),
        ).unwrap();
        let counted = |e: &(&Entry, &(usize, u8, u8, i64, bool)), who: Option<BusinessId>| {
            !e.1.4 && (first..=last).contains(&e.1.2) && who.is_none_or(|w| owners[e.1.0] == w)
        };
        let expected = sum(entries.iter().zip(&ops).filter(|e| counted(e, None)).map(|e| e.0.body.effect().unwrap()));
        let unknown = sum(entries.iter().zip(&ops).filter(|e| counted(e, Some(stranger))).map(|e| e.0.body.effect().unwrap()));
        for by in [GroupBy::Business, GroupBy::Household, GroupBy::Office, GroupBy::Activity, GroupBy::Channel, GroupBy::Month] {
            for per in [Granularity::Month, Granularity::Quarter, Granularity::Year] {
                let report = program.income_report(&admin, None, period, by, per).unwrap();
                prop_assert_eq!(report.total.revenue, expected.revenue);
                prop_assert_eq!(report.total.costs, expected.costs);
                prop_assert_eq!(report.total.net, expected.net().unwrap());
                let rows: Money = Money::checked_sum(
                    homebiz::core::Currency::Irr, report.rows.iter().map(|r| r.net)).unwrap();
                prop_assert_eq!(rows, report.total.net);
                let key = match by {
                    GroupBy::Household | GroupBy::Office | GroupBy::Activity => Some(Key::Unknown),
                    GroupBy::Business => Some(Key::Business(stranger)),
                    _ => None,
                };
                if let Some(key) = key {
                    let shown = Money::checked_sum(
                        homebiz::core::Currency::Irr,
                        report.rows.iter().filter(|r| r.key == key).map(|r| r.revenue),
                    ).unwrap();
                    prop_assert_eq!(shown, unknown.revenue);
                }
            }
        }
    }
}

/// A ledger entry's day, and a consignment's, must be plausible where it
/// comes in (a two-digit year, a wrong century), whichever way it comes:
/// `Program::record`, a batch, or the market's consignment events.
#[test]
fn implausible_days_are_refused_where_money_comes_in() {
    let (program, admin, [a, _], channel) = setup();
    let shop = add_channel(&program, "SHOP", ChannelKind::ConsignmentShop);
    let good = JalaliDate::new(1404, 2, 10).unwrap();
    for bad in [
        JalaliDate::new(70, 5, 20).unwrap(),
        JalaliDate::new(1304, 2, 10).unwrap(),
        JalaliDate::new(1414, 2, 10).unwrap(),
    ] {
        let err = program
            .record(&admin, sale(a, Some(channel), bad, 5))
            .unwrap_err();
        assert!(err.to_string().contains("date"), "{err}");
        let batch = [sale(a, Some(channel), good, 5), sale(a, None, bad, 5)];
        assert!(program.record_batch(&admin, &batch).is_err());
        assert_eq!(program.ledger().read(|r| r.len()).unwrap(), 0);

        let consignment = |placed_on| ConsignmentData {
            id: ConsignmentId::new(),
            business: a,
            channel: shop.id(),
            item: "kilim".into(),
            quantity: 3,
            unit_price: Money::rial(1_000_000),
            commission: Decimal::new(1, 1),
            placed_on,
            by: None,
        };
        let err = program.market().consign(consignment(bad)).unwrap_err();
        assert!(err.to_string().contains("placed_on"), "{err}");
        let c = program.market().consign(consignment(good)).unwrap();
        let err = program
            .market()
            .record(
                c.id(),
                Event::Sold {
                    quantity: 1,
                    on: bad,
                },
                None,
            )
            .unwrap_err();
        assert!(err.to_string().contains("on"), "{err}");
        assert!(program.market().settle(c.id(), bad, None).is_err());
        let stored = program
            .market()
            .read(|r| r.consignment(c.id()))
            .unwrap()
            .unwrap();
        assert!(!stored.is_settled());
    }
}
