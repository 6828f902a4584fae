//! Market amounts are bounded like ledger entries (issue #13): whatever
//! the market accepts — an order, an offer, a consignment — can become a
//! ledger entry when it sells, because `Program` gives its market the
//! ledger's per-entry limit.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;

use homebiz::core::category::Category;
use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, ChannelId, ConsignmentId, EntryId, OrderId};
use homebiz::core::money::{AmountLimit, DEFAULT_MAX_AMOUNT};
use homebiz::core::rust_decimal::Decimal;
use homebiz::core::{Clock, FixedClock, JalaliDate, Money};
use homebiz::income::entry::{Body, Entry};
use homebiz::income::{Ledger, Limits};
use homebiz::market::consignment::ConsignmentData;
use homebiz::market::orders::{Offer, OrderData};
use homebiz::market::{Market, MarketError};
use homebiz::program::{MemoryProgram, Program, ProgramError};
use homebiz::registry::Actor;
use homebiz::registry::testing::{Fixture, business_data, test_now};
use homebiz::scoring::catalog::Catalog;
use proptest::prelude::*;
use support::add_channel;

/// A programme whose ledger takes at most `max` rials an entry, with one
/// business and one consignment shop.
fn setup(max: Option<i64>) -> (MemoryProgram, Actor, BusinessId, ChannelId) {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let h = f.household(f.office_a, "A-1");
    let owner = f.person(h.id(), 1).person;
    let business = f
        .registry
        .write(&f.admin, |w| {
            w.add_business(business_data(h.id(), owner.id(), "A-1-B1"))
        })
        .unwrap();
    let clock: Arc<dyn Clock> = Arc::new(FixedClock::new(test_now()));
    let store = homebiz::income::MemoryStore::new();
    let ledger = match max {
        Some(max) => Ledger::with_limits(store, Limits::new(Money::rial(max)).unwrap()),
        None => Ledger::new(store),
    };
    let admin = f.admin;
    let program = Program::new(
        f.registry,
        Market::with_shared_clock(homebiz::market::MemoryStore::new(), Arc::clone(&clock)),
        ledger,
        Catalog::default_catalog().unwrap(),
        clock,
    );
    let channel = add_channel(&program, "BAZAAR", ChannelKind::ConsignmentShop);
    (program, admin, business.id(), channel.id())
}

fn order(code: &str, quantity: u32, ceiling: i64) -> OrderData {
    OrderData {
        id: OrderId::new(),
        code: code.into(),
        buyer: "School canteen".into(),
        category: Category::AgroProcessing,
        activity: None,
        quantity,
        unit: "jar".into(),
        price_ceiling: Money::rial(ceiling),
        due: JalaliDate::new(1404, 4, 1).unwrap(),
        by: None,
    }
}

fn offer(business: BusinessId, capacity: u32, price: i64) -> Offer {
    Offer {
        business,
        category: Category::AgroProcessing,
        activity: None,
        capacity,
        unit_price: Money::rial(price),
        lead_days: 0,
        by: None,
    }
}

fn consignment(
    business: BusinessId,
    channel: ChannelId,
    quantity: u32,
    price: i64,
) -> ConsignmentData {
    ConsignmentData {
        id: ConsignmentId::new(),
        business,
        channel,
        item: "kilim".into(),
        quantity,
        unit_price: Money::rial(price),
        commission: Decimal::new(9, 2),
        placed_on: JalaliDate::new(1404, 3, 1).unwrap(),
        by: None,
    }
}

fn over_limit(err: &MarketError, field: &str) -> bool {
    match err {
        MarketError::OverLimit { field: f, .. } => *f == field,
        MarketError::Named { error, .. } => over_limit(error, field),
        _ => false,
    }
}

#[test]
fn the_programme_market_takes_the_ledger_limit() {
    let (program, ..) = setup(None);
    assert_eq!(program.market().max_amount().rials(), DEFAULT_MAX_AMOUNT);
    let (program, ..) = setup(Some(1_000_000));
    assert_eq!(
        program.market().max_amount(),
        program.ledger().limits().amount_limit()
    );
    assert_eq!(program.market().max_amount().rials(), 1_000_000);
}

#[test]
fn amounts_over_the_ledger_limit_are_refused_when_they_come_in() {
    let (program, _, business, channel) = setup(None);
    let market = program.market();
    // The fill of 8.999e18 rials: an order and an offer of
    // 3e9 units at 3e9 rials fit in i64 but not in a ledger entry.
    let err = market
        .add_orders(vec![order("S-1", 3_000_000_000, 2_999_999_999)])
        .unwrap_err();
    assert!(over_limit(&err, "price ceiling"), "{err:?}");
    assert!(err.to_string().starts_with("order S-1: "), "{err}");
    assert!(
        err.to_string()
            .ends_with("is over the limit of 100,000,000,000 rials for one amount"),
        "{err}"
    );
    let err = market
        .set_offers(&[offer(business, 3_000_000_000, 2_999_999_999)])
        .unwrap_err();
    assert!(over_limit(&err, "unit price"), "{err:?}");
    // A consignment whose gross at full quantity is over the limit.
    let err = market
        .consign(consignment(business, channel, 1_001, 100_000_000))
        .unwrap_err();
    assert!(over_limit(&err, "unit price"), "{err:?}");
    assert!(err.to_string().contains("quantity × unit price"), "{err}");
    // At the limit, each is accepted.
    market
        .add_orders(vec![order("S-2", 1_000, 100_000_000)])
        .unwrap();
    market
        .set_offers(&[offer(business, 1_000, 100_000_000)])
        .unwrap();
    market
        .consign(consignment(business, channel, 1_000, 100_000_000))
        .unwrap();
}

#[test]
fn a_consignment_placed_under_a_larger_limit_is_not_settled_over_this_one() {
    let (program, admin, business, channel) = setup(Some(1_000_000));
    // The same store, reached by a market with a larger limit (the
    // default): the consignment is placed there.
    let wide = Market::new(program.market().store(), FixedClock::new(test_now()));
    let c = wide
        .consign(consignment(business, channel, 10, 500_000))
        .unwrap();
    let market = program.market();
    let on = JalaliDate::new(1404, 3, 5).unwrap();
    market
        .record(
            c.id(),
            homebiz::market::consignment::Event::Sold { quantity: 3, on },
            None,
        )
        .unwrap();
    let err = market.settle(c.id(), on, None).unwrap_err();
    assert!(over_limit(&err, "unit price"), "{err:?}");
    // Nothing was recorded: the ledger holds nothing it would refuse.
    assert!(program.record_settlement(&admin, c.id()).unwrap().is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// No order, offer or consignment the programme's market accepts leads
    /// to a fill or a settlement whose sale the ledger refuses for its
    /// amount.
    #[test]
    fn nothing_accepted_is_refused_by_the_ledger_when_it_sells(
        orders in proptest::collection::vec((1u32..3_000, 1i64..2_000), 1..4),
        offers in proptest::collection::vec((1u32..3_000, 1i64..2_000), 1..4),
        consignments in proptest::collection::vec((1u32..3_000, 1i64..2_000, 0u32..3_000), 1..4),
    ) {
        let max = 1_000_000;
        let (program, admin, business, channel) = setup(Some(max));
        let limit = AmountLimit::new(Money::rial(max)).unwrap();
        let market = program.market();
        for (k, (quantity, ceiling)) in orders.iter().enumerate() {
            let accepted = market.add_orders(vec![order(&format!("S-{k}"), *quantity, *ceiling)]);
            let fits = limit.product(Money::rial(*ceiling), *quantity).is_some();
            prop_assert_eq!(accepted.is_ok(), fits, "{:?}", accepted.err());
        }
        // Offers of one business replace each other: keep the last accepted.
        for (capacity, price) in &offers {
            let accepted = market.set_offers(&[offer(business, *capacity, *price)]);
            let fits = limit.product(Money::rial(*price), *capacity).is_some();
            prop_assert_eq!(accepted.is_ok(), fits, "{:?}", accepted.err());
        }
        let matching = market.match_orders(None).unwrap();
        let on = JalaliDate::new(1404, 3, 11).unwrap();
        for fill in &matching.fills {
            prop_assert!(limit.allows(fill.total));
            let sale = Entry {
                key: None,
                id: EntryId::new(),
                body: Body::Sale {
                    business: fill.business,
                    channel: None,
                    on,
                    quantity: fill.quantity,
                    unit_price: fill.unit_price,
                    commission: Money::rial(0),
                },
            };
            let recorded = program.record(&admin, sale);
            prop_assert!(recorded.is_ok(), "{:?}", recorded.err());
        }
        for (quantity, price, sold) in &consignments {
            let placed = market.consign(consignment(business, channel, *quantity, *price));
            let fits = limit.product(Money::rial(*price), *quantity).is_some();
            prop_assert_eq!(placed.is_ok(), fits, "{:?}", placed.as_ref().err());
            let Ok(c) = placed else { continue };
            let sold = (*sold).min(*quantity);
            if sold > 0 {
                market
                    .record(c.id(), homebiz::market::consignment::Event::Sold { quantity: sold, on }, None)
                    .unwrap();
            }
            market.settle(c.id(), on, None).unwrap();
            let recorded = program.record_settlement(&admin, c.id());
            prop_assert!(
                !matches!(recorded, Err(ProgramError::Income(_))),
                "{:?}",
                recorded.err()
            );
            prop_assert_eq!(recorded.unwrap().is_some(), sold > 0);
        }
    }
}
