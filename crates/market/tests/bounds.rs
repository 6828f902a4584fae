//! Amounts are bounded at entry (issue #13): an order, an offer or a
//! consignment whose price times its quantity no amount can hold is
//! refused, so that no fill, match or settlement can overflow later.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::category::Category;
use homebiz_core::id::{BusinessId, ChannelId, ConsignmentId, OrderId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};
use homebiz_market::MarketError;
use homebiz_market::consignment::{Consignment, ConsignmentData};
use homebiz_market::orders::{Offer, Order, OrderData, match_orders};

const HUGE: i64 = 9_000_000_000_000_000_000;

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

fn order(price: i64, quantity: u32) -> Result<Order, MarketError> {
    Order::new(OrderData {
        id: OrderId::new(),
        code: "O-1".into(),
        buyer: "canteen".into(),
        category: Category::AgroProcessing,
        activity: None,
        quantity,
        unit: "jar".into(),
        price_ceiling: Money::rial(price),
        due: day(8, 20),
        by: None,
    })
}

fn offer(price: i64, capacity: u32) -> Offer {
    Offer {
        business: BusinessId::new(),
        category: Category::AgroProcessing,
        activity: None,
        capacity,
        unit_price: Money::rial(price),
        lead_days: 0,
        by: None,
    }
}

fn consignment(price: i64, quantity: u32) -> Result<Consignment, MarketError> {
    Consignment::new(ConsignmentData {
        id: ConsignmentId::new(),
        business: BusinessId::new(),
        channel: ChannelId::new(),
        item: "kilim".into(),
        quantity,
        unit_price: Money::rial(price),
        commission: Decimal::new(9, 2),
        placed_on: day(7, 1),
        by: None,
    })
}

#[test]
fn totals_that_no_amount_holds_are_refused_at_entry() {
    let err = order(HUGE, 2).unwrap_err();
    assert!(err.to_string().contains("price ceiling"), "{err}");
    assert!(!err.to_string().contains(&HUGE.to_string()), "{err}");
    let err = offer(HUGE, 2).validate().unwrap_err();
    assert!(err.to_string().contains("unit price"), "{err}");
    let err = consignment(HUGE, 2).unwrap_err();
    assert!(err.to_string().contains("unit price"), "{err}");

    // At the edge, accepted, and every later figure is computed.
    let o = order(HUGE, 1).unwrap();
    let m = match_orders(&[o], &[offer(HUGE, 1)], day(8, 1)).unwrap();
    assert_eq!(m.fills[0].total, Money::rial(HUGE));
    let mut c = consignment(HUGE, 1).unwrap();
    c.sell(1, day(7, 5)).unwrap();
    assert_eq!(c.settle(day(7, 6)).unwrap().gross, Money::rial(HUGE));
}
