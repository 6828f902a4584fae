//! Invariants of consignment, order matching, the application lifecycle and
//! the linkage indicator, on random input.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;

use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{
    ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OfficeId, OrderId, TypedId,
};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{JalaliDate, Money};
use homebiz_market::application::{Application, ApplicationData, ApplicationState};
use homebiz_market::consignment::{Consignment, ConsignmentData};
use homebiz_market::linkage::{Link, LinkKind, linkage, window};
use homebiz_market::orders::{Offer, Order, OrderData, match_orders};
use proptest::prelude::*;

fn day(n: i64) -> JalaliDate {
    JalaliDate::new(1404, 1, 1).unwrap().add_days(n).unwrap()
}

fn business(i: u8) -> BusinessId {
    BusinessId::from_parts(1_700_000_000_000, [i; 10])
}

proptest! {
    /// Whatever is tried, sold + returned never exceed what was placed, and
    /// the settlement splits the gross exactly.
    #[test]
    fn consignment_conserves_goods_and_money(
        quantity in 1u32..50,
        price in 1i64..50_000_000,
        commission in 0u32..100,
        steps in prop::collection::vec((0u8..3, 0u32..20, 0i64..5), 0..20),
    ) {
        let mut c = Consignment::new(ConsignmentData {
            id: ConsignmentId::new(),
            business: business(1),
            channel: ChannelId::new(),
            item: "honey, 1 kg".into(),
            quantity,
            unit_price: Money::rial(price),
            commission: Decimal::new(i64::from(commission), 2),
            placed_on: day(0),
 by: None,
        }).unwrap();
        let mut t = 0;
        for (kind, n, gap) in steps {
            t += gap;
            let before = c.clone();
            let result = match kind {
                0 => c.sell(n, day(t)).map(|_| ()),
                1 => c.give_back(n, day(t)).map(|_| ()),
                _ => c.settle(day(t)).map(|_| ()),
            };
            if result.is_err() {
                prop_assert_eq!(&c, &before, "a refused event changes nothing");
            }
            prop_assert!(c.sold() + c.returned() <= quantity);
        }
        let s = c.settlement().unwrap();
        prop_assert_eq!(s.gross, Money::rial(price * i64::from(s.sold)));
        prop_assert_eq!(s.commission.checked_add(s.payout).unwrap(), s.gross);
        prop_assert_eq!(s.sold + s.returned + s.unsold, quantity);
        // A stored consignment restores to the same state.
        let restored = Consignment::restore(c.data().clone(), c.events().to_vec()).unwrap();
        prop_assert_eq!(restored, c);
    }

    /// No producer gives more than its capacity, no fill is above the
    /// ceiling or late, and every order is filled or reported unmet.
    #[test]
    fn order_matching_respects_capacity_and_ceilings(
        orders in prop::collection::vec((0usize..2, 1u32..100, 1i64..20, 0i64..30), 1..8),
        offers in prop::collection::vec((0usize..2, 0u32..100, 1i64..20, 0u16..20), 0..8),
    ) {
        let categories = [Category::AgroProcessing, Category::Handicrafts];
        let orders: Vec<Order> = orders
            .iter()
            .enumerate()
            .map(|(i, &(c, quantity, ceiling, due))| {
                Order::new(OrderData {
                    id: OrderId::new(),
                    code: format!("O-{i}"),
                    buyer: "canteen".into(),
                    category: categories[c],
                    activity: None,
                    quantity,
                    unit: "kg".into(),
                    price_ceiling: Money::rial(ceiling * 1000),
                    due: day(due),
 by: None,
                })
                .unwrap()
            })
            .collect();
        let offers: Vec<Offer> = offers
            .iter()
            .enumerate()
            .map(|(i, &(c, capacity, price, lead_days))| Offer {
                business: business(i as u8),
                category: categories[c],
                activity: None,
                capacity,
                unit_price: Money::rial(price * 1000),
                lead_days,
 by: None,
            })
            .collect();
        let m = match_orders(&orders, &offers, day(0)).unwrap();
        let mut given: HashMap<BusinessId, u32> = HashMap::new();
        let mut filled: HashMap<OrderId, u32> = HashMap::new();
        for f in &m.fills {
            let order = orders.iter().find(|o| o.id() == f.order).unwrap().data();
            let offer = offers.iter().find(|o| o.business == f.business).unwrap();
            prop_assert_eq!(offer.category, order.category);
            prop_assert!(f.unit_price.minor_units() <= order.price_ceiling.minor_units());
            prop_assert!(i64::from(offer.lead_days) <= day(0).days_until(order.due));
            prop_assert_eq!(f.total, Money::rial(f.unit_price.minor_units() * i64::from(f.quantity)));
            *given.entry(f.business).or_default() += f.quantity;
            *filled.entry(f.order).or_default() += f.quantity;
        }
        for offer in &offers {
            prop_assert!(given.get(&offer.business).copied().unwrap_or(0) <= offer.capacity);
        }
        for order in &orders {
            let unmet: u32 = m.unmet.iter().filter(|u| u.order == order.id()).map(|u| u.quantity).sum();
            prop_assert_eq!(filled.get(&order.id()).copied().unwrap_or(0) + unmet, order.data().quantity);
        }
    }

    /// The lifecycle allows exactly the documented moves; a refused move
    /// changes nothing.
    #[test]
    fn application_lifecycle(moves in prop::collection::vec(0usize..5, 0..10)) {
        let mut app = Application::new(ApplicationData {
            id: ApplicationId::new(),
            exhibition: ExhibitionId::new(),
            business: business(1),
            category: Category::Handicrafts,
            new_producer: false,
            vulnerable: false,
            weeks_wanted: 1,
            seasonality: None,
            applied_on: day(0),
 by: None,
        }).unwrap();
        let allowed = |from: ApplicationState, to: ApplicationState| {
            use ApplicationState::*;
            matches!(
                (from, to),
                (Pending, Approved) | (Pending, Rejected) | (Pending, Waitlisted) | (Pending, Withdrawn)
                    | (Waitlisted, Approved) | (Waitlisted, Rejected) | (Waitlisted, Withdrawn)
                    | (Approved, Withdrawn)
            )
        };
        for m in moves {
            let to = ApplicationState::ALL[m];
            let from = app.state();
            let result = app.transition(to, Some("checked".into()), day(1));
            prop_assert_eq!(result.is_ok(), allowed(from, to));
            prop_assert_eq!(app.state(), if allowed(from, to) { to } else { from });
            prop_assert_eq!(from.is_final(), ApplicationState::ALL.iter().all(|&t| !allowed(from, t)));
        }
    }

    /// A business is linked exactly when one of its links falls in the
    /// window; the counts add up.
    #[test]
    fn linkage_counts(
        links in prop::collection::vec((0u8..6, 0i64..365, 0usize..4), 0..20),
        months in 1u32..6,
        as_of in 0i64..365,
    ) {
        let office = OfficeId::from_parts(1, [1; 10]);
        let businesses: Vec<(BusinessId, OfficeId)> = (0..6).map(|i| (business(i), office)).collect();
        let kinds = [LinkKind::Sale, LinkKind::Booking, LinkKind::Consignment, LinkKind::Order];
        let channels = [Some(ChannelKind::OnlineMarketplace), Some(ChannelKind::PermanentExhibition), None];
        let links: Vec<Link> = links
            .iter()
            .map(|&(b, d, k)| Link { business: business(b), on: day(d), kind: kinds[k], channel: channels[k % 3] })
            .collect();
        let as_of = day(as_of);
        let report = linkage(&businesses, &links, as_of, months).unwrap();
        let (from, until) = window(as_of, months).unwrap();
        let o = &report.offices[0];
        prop_assert_eq!(o.businesses, 6);
        prop_assert_eq!(o.linked + o.unlinked.len(), 6);
        for (b, _) in &businesses {
            let linked = links.iter().any(|l| l.business == *b && (from..=until).contains(&l.on));
            prop_assert_eq!(!o.unlinked.contains(b), linked);
        }
        for kind in ChannelKind::ALL {
            let through = businesses
                .iter()
                .filter(|(b, _)| links.iter().any(|l| {
                    l.business == *b && l.channel == Some(kind) && (from..=until).contains(&l.on)
                }))
                .count();
            prop_assert_eq!(o.by_channel.get(&kind).copied().unwrap_or(0), through);
        }
        prop_assert!(from.day() == 1 && from <= until);
    }
}
