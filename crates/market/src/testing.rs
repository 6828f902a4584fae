//! The conformance suite every [`MarketStore`] must pass (feature
//! `testing`).
//!
//! Each check builds a [`Market`] over a fresh store and exercises one rule
//! through it (or the store's transaction directly), so a backend that
//! stores, orders or rolls back differently from
//! [`MemoryStore`](crate::MemoryStore) fails here. Run every check as its
//! own test with [`market_conformance!`]:
//!
//! ```
//! homebiz_market::market_conformance!(memory_store, homebiz_market::MemoryStore::new());
//! ```
//!
//! Checks panic on failure, like assertions in a test.

// The suite is test code: a failed expectation panics, as `assert!` does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{
    ActorId, ApplicationId, BusinessId, ChannelId, ConsignmentId, ExhibitionId, OfficeId, OrderId,
    TypedId,
};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{FixedClock, JalaliDate, Money};

use crate::allocate::{Booking, Earned, Horizon, Points};
use crate::application::Application;
use crate::application::{ApplicationData, ApplicationState};
use crate::channel::{Channel, ChannelData, Fee, FeePeriod, Schedule};
use crate::consignment::Consignment;
use crate::consignment::{ConsignmentData, Event};
use crate::exhibition::Exhibition;
use crate::exhibition::{Booth, ExhibitionData, SizeClass};
use crate::linkage::LinkKind;
use crate::orders::{Fill, Offer, Order, OrderData, UnmetReason};
use crate::store::{MarketRead, MarketStore, MarketTx, Put, StoredBooking};
use crate::{Ended, Market, MarketError};

/// Generates one `#[test]` per conformance check, each on a fresh store made
/// by `$make`.
#[macro_export]
macro_rules! market_conformance {
    ($module:ident, $make:expr) => {
        #[cfg(test)]
        mod $module {
            #[allow(unused_imports)]
            use super::*;
            $crate::market_conformance!(@tests $make;
                channels_round_trip,
                codes_are_unique,
                puts_insert_and_replace,
                exhibitions_need_an_exhibition_channel,
                applications_follow_their_lifecycle,
                one_live_application_per_business,
                allocations_are_stored_and_replaced,
                allocations_count_the_weeks_held,
                failed_writes_leave_nothing,
                panics_leave_nothing,
                orders_offers_and_fills,
                consignments_keep_their_history,
                linkage_reads_every_channel,
                ending_a_business_withdraws_and_releases,
                store_lists_are_ordered,
                bookings_follow_their_range,
                store_writes_follow_their_contract,
                who_did_it_round_trips,
                booths_and_bookings_keep_who_did_it,
            );
        }
    };
    (@tests $make:expr; $($check:ident),* $(,)?) => {$(
        #[test]
        fn $check() {
            $crate::testing::$check($make);
        }
    )*};
}

/// 1404-01-05 (2025-03-25), 08:00 UTC.
fn market<S: MarketStore>(store: S) -> Market<S> {
    Market::new(
        store,
        FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()),
    )
}

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

fn id<T: TypedId>(n: u8) -> T {
    T::from_parts(1_700_000_000_000 + u64::from(n), [n; 10])
}

fn channel_data(code: &str, kind: ChannelKind) -> ChannelData {
    ChannelData {
        id: ChannelId::new(),
        code: code.into(),
        name: format!("{code} channel"),
        kind,
        location: "Urmia".into(),
        accepts: vec![Category::Handicrafts, Category::AgroProcessing],
        commission: Decimal::new(9, 2),
        fee: Some(Fee {
            amount: Money::rial(2_000_000),
            per: FeePeriod::Week,
        }),
        schedule: Schedule::Window {
            from: day(1, 1),
            until: day(12, 29),
        },
        capacity: Some(40),
        by: None,
    }
}

fn exhibition_data(code: &str, channel: ChannelId) -> ExhibitionData {
    ExhibitionData {
        id: ExhibitionId::new(),
        code: code.into(),
        name: format!("{code} exhibition"),
        channel,
        booths: vec![
            Booth::new("A-1", SizeClass::Standard, vec![]),
            Booth::new("F-1", SizeClass::Large, vec![Category::AgroProcessing]),
        ],
        weekly_limits: vec![(Category::AgroProcessing, 1)],
        monthly_cap: 2,
        by: None,
    }
}

fn application(exhibition: ExhibitionId, business: BusinessId, n: u8) -> ApplicationData {
    ApplicationData {
        id: id(n),
        exhibition,
        business,
        category: Category::AgroProcessing,
        new_producer: n.is_multiple_of(2),
        vulnerable: false,
        weeks_wanted: 2,
        seasonality: Some([50; 12]),
        applied_on: day(1, 2),
        by: None,
    }
}

/// An exhibition on a fresh market.
fn with_exhibition<S: MarketStore>(store: S) -> (Market<S>, ExhibitionId) {
    let m = market(store);
    let c = m
        .add_channel(channel_data("TERMINAL", ChannelKind::PermanentExhibition))
        .unwrap();
    let e = m
        .create_exhibition(exhibition_data("TERMINAL", c.id()))
        .unwrap();
    (m, e.id())
}

/// Channels come back exactly as stored, listed by code.
pub fn channels_round_trip<S: MarketStore>(store: S) {
    let m = market(store);
    let b = m
        .add_channel(channel_data("B-SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    let mut online = channel_data("A-ONLINE", ChannelKind::OnlineMarketplace);
    online.fee = None;
    online.schedule = Schedule::Permanent;
    online.capacity = None;
    online.accepts = vec![];
    online.location = String::new();
    let a = m.add_channel(online).unwrap();
    assert_eq!(m.channel("B-SHOP").unwrap(), b);
    assert_eq!(m.read(|r| r.channel(a.id())).unwrap(), Some(a.clone()));
    assert_eq!(m.read(|r| r.channels()).unwrap(), vec![a, b]);
    assert!(matches!(
        m.channel("NONE"),
        Err(MarketError::NotFound { .. })
    ));
}

/// A second channel, exhibition or order with a used code is refused.
pub fn codes_are_unique<S: MarketStore>(store: S) {
    let (m, _) = with_exhibition(store);
    let err = m
        .add_channel(channel_data("TERMINAL", ChannelKind::SeasonalFair))
        .unwrap_err();
    assert!(matches!(err, MarketError::AlreadyExists { .. }), "{err}");
    let channel = m.channel("TERMINAL").unwrap();
    assert!(matches!(
        m.create_exhibition(exhibition_data("TERMINAL", channel.id())),
        Err(MarketError::AlreadyExists { .. })
    ));
    let order = order_data("O-1", 10, day(2, 1));
    m.add_orders(vec![order.clone()]).unwrap();
    assert!(matches!(
        m.add_orders(vec![OrderData {
            id: OrderId::new(),
            ..order
        }]),
        Err(MarketError::AlreadyExists { .. })
    ));
    // The store refuses a used code too, whoever writes.
    let twin = Channel::new(channel_data("TERMINAL", ChannelKind::Wholesaler)).unwrap();
    assert!(matches!(
        m.store().write(|tx| tx.put_channel(&twin, Put::Insert)),
        Err(MarketError::AlreadyExists { .. })
    ));
}

/// `Put::Insert` refuses an existing ID; `Put::Replace` needs one.
pub fn puts_insert_and_replace<S: MarketStore>(store: S) {
    let m = market(store);
    let c = m
        .add_channel(channel_data("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    assert!(matches!(
        m.store().write(|tx| tx.put_channel(&c, Put::Insert)),
        Err(MarketError::AlreadyExists { .. })
    ));
    let mut data = c.data().clone();
    data.name = "Renamed shop".into();
    data.commission = Decimal::new(125, 3);
    let renamed = Channel::new(data).unwrap();
    m.store()
        .write(|tx| tx.put_channel(&renamed, Put::Replace))
        .unwrap();
    assert_eq!(m.channel("SHOP").unwrap(), renamed);
    let other = Channel::new(channel_data("OTHER", ChannelKind::Wholesaler)).unwrap();
    assert!(matches!(
        m.store().write(|tx| tx.put_channel(&other, Put::Replace)),
        Err(MarketError::NotFound { .. })
    ));
}

/// An exhibition needs an existing channel of an exhibition kind.
pub fn exhibitions_need_an_exhibition_channel<S: MarketStore>(store: S) {
    let m = market(store);
    let shop = m
        .add_channel(channel_data("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    assert!(
        m.create_exhibition(exhibition_data("X", shop.id()))
            .is_err()
    );
    assert!(
        m.create_exhibition(exhibition_data("X", ChannelId::new()))
            .is_err()
    );
    let fair = m
        .add_channel(channel_data("NOWRUZ", ChannelKind::SeasonalFair))
        .unwrap();
    let e = m
        .create_exhibition(exhibition_data("NOWRUZ", fair.id()))
        .unwrap();
    assert_eq!(m.exhibition("NOWRUZ").unwrap(), e);
    let booths = vec![Booth::new(
        "Z-9",
        SizeClass::Small,
        vec![Category::Handicrafts],
    )];
    let changed = m.set_booths("NOWRUZ", booths.clone()).unwrap();
    assert_eq!(changed.booths(), booths.as_slice());
    assert_eq!(m.exhibition("NOWRUZ").unwrap(), changed);
    assert_eq!(m.read(|r| r.exhibitions()).unwrap(), vec![changed]);
}

/// Every legal move is recorded, with its reason; an illegal one is a typed
/// error that writes nothing.
pub fn applications_follow_their_lifecycle<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    let a = m.apply(application(e, id(1), 1)).unwrap();
    assert_eq!(a.state(), ApplicationState::Pending);
    m.decide(
        a.id(),
        ApplicationState::Waitlisted,
        Some("full".into()),
        None,
    )
    .unwrap();
    assert!(
        m.decide(a.id(), ApplicationState::Rejected, None, None)
            .is_err(),
        "a rejection needs a reason"
    );
    m.decide(a.id(), ApplicationState::Approved, None, None)
        .unwrap();
    let err = m
        .decide(a.id(), ApplicationState::Pending, None, None)
        .unwrap_err();
    assert!(
        matches!(err, MarketError::IllegalTransition { .. }),
        "{err}"
    );
    let stored = m.read(|r| r.application(a.id())).unwrap().unwrap();
    assert_eq!(stored.state(), ApplicationState::Approved);
    assert_eq!(stored.data(), a.data());
    let moves: Vec<(ApplicationState, ApplicationState, Option<String>)> = m
        .read(|r| r.transitions(a.id()))
        .unwrap()
        .into_iter()
        .map(|t| (t.from, t.to, t.reason))
        .collect();
    assert_eq!(
        moves,
        vec![
            (
                ApplicationState::Pending,
                ApplicationState::Waitlisted,
                Some("full".into())
            ),
            (
                ApplicationState::Waitlisted,
                ApplicationState::Approved,
                None
            ),
        ]
    );
}

/// A business has one live application per exhibition; after a withdrawal
/// it may apply again.
pub fn one_live_application_per_business<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    let first = m.apply(application(e, id(1), 1)).unwrap();
    assert!(m.apply(application(e, id(1), 2)).is_err());
    assert!(m.apply(application(ExhibitionId::new(), id(1), 3)).is_err());
    m.decide(first.id(), ApplicationState::Withdrawn, None, None)
        .unwrap();
    let again = m.apply(application(e, id(1), 4)).unwrap();
    let ids: Vec<ApplicationId> = m
        .read(|r| r.applications(e))
        .unwrap()
        .iter()
        .map(|a| a.id())
        .collect();
    assert_eq!(ids, vec![first.id(), again.id()]);
}

/// An allocation stores its bookings; allocating the same horizon again
/// replaces them; earlier weeks count for rotation.
pub fn allocations_are_stored_and_replaced<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    for n in 1..=3 {
        let a = m.apply(application(e, id(n), n)).unwrap();
        m.decide(a.id(), ApplicationState::Approved, None, None)
            .unwrap();
    }
    let horizon = Horizon::new(day(1, 8), 4).unwrap();
    let first = m.allocate("TERMINAL", &horizon, Points::default()).unwrap();
    let stored: Vec<_> = m
        .schedule("TERMINAL")
        .unwrap()
        .into_iter()
        .map(|b| b.booking)
        .collect();
    assert_eq!(stored, first.bookings);
    assert!(!first.bookings.is_empty());
    let again = m.allocate("TERMINAL", &horizon, Points::default()).unwrap();
    assert_eq!(again, first);
    assert_eq!(m.schedule("TERMINAL").unwrap().len(), first.bookings.len());
    // Weeks before a later horizon count, those after do not.
    let business = first.bookings[0].business;
    let had = first
        .bookings
        .iter()
        .filter(|b| b.business == business)
        .count() as u32;
    assert_eq!(
        m.read(|r| r.weeks_before(business, day(3, 1))).unwrap(),
        had
    );
    assert_eq!(m.read(|r| r.weeks_before(business, day(1, 8))).unwrap(), 0);
    let between = m
        .read(|r| r.bookings_between(day(1, 8), day(1, 14)))
        .unwrap();
    assert!(between.iter().all(|b| b.booking.week.start == day(1, 8)));
    assert!(!between.is_empty());
    // A later horizon leaves the first one's bookings alone.
    let later = Horizon::new(day(3, 1), 2).unwrap();
    let second = m.allocate("TERMINAL", &later, Points::default()).unwrap();
    assert_eq!(
        m.schedule("TERMINAL").unwrap().len(),
        first.bookings.len() + second.bookings.len()
    );
}

/// The bookings a business holds outside a horizon (before or after it)
/// count against its weeks wanted and its monthly cap, and for rotation.
pub fn allocations_count_the_weeks_held<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    // Wants 2 weeks; the exhibition's cap is 2 a month.
    let a = m.apply(application(e, id(1), 1)).unwrap();
    m.decide(a.id(), ApplicationState::Approved, None, None)
        .unwrap();
    let business = a.data().business;
    let held = |m: &Market<S>| {
        m.schedule("TERMINAL")
            .unwrap()
            .into_iter()
            .filter(|b| b.booking.business == business)
            .map(|b| b.booking.week.start)
            .collect::<Vec<_>>()
    };
    // A later window first: one week, 1404-02-05.
    let later = Horizon::new(day(2, 5), 1).unwrap();
    assert_eq!(
        m.allocate("TERMINAL", &later, Points::default())
            .unwrap()
            .bookings
            .len(),
        1
    );
    // Then two earlier weeks: only one more, and the week held after
    // counts for rotation.
    let earlier = Horizon::new(day(1, 8), 2).unwrap();
    let second = m.allocate("TERMINAL", &earlier, Points::default()).unwrap();
    assert_eq!(second.bookings.len(), 1);
    assert_eq!(second.bookings[0].earned.weeks_before, 1);
    assert_eq!(held(&m).len(), 2);
    // A third window finds it served: no booking, and not waiting.
    let third = m
        .allocate(
            "TERMINAL",
            &Horizon::new(day(2, 19), 2).unwrap(),
            Points::default(),
        )
        .unwrap();
    assert!(third.bookings.is_empty());
    assert!(third.waitlist.is_empty());
    // Running the earlier window again replaces its own booking: the same.
    let again = m.allocate("TERMINAL", &earlier, Points::default()).unwrap();
    assert_eq!(again, second);
    assert_eq!(held(&m), vec![second.bookings[0].week.start, day(2, 5)]);
}

/// A stored booking of business `n` at `booth` of `exhibition`, in week
/// `week` of a horizon starting on 1404-01-08.
fn booking(exhibition: ExhibitionId, week: usize, booth: &str, n: u8) -> StoredBooking {
    StoredBooking {
        exhibition,
        booking: Booking {
            week: Horizon::new(day(1, 8), 8).unwrap().weeks()[week],
            booth: booth.into(),
            application: id(n),
            business: id(n),
            category: Category::Handicrafts,
            earned: Earned {
                booking: 100,
                new_producer: 0,
                vulnerable: 0,
                rotation: 0,
                weeks_before: 0,
                season: 0,
            },
            by: None,
        },
    }
}

/// Writes a channel, an offer and a booking, then fails: with an error, or
/// (`panic`) by panicking. Checks that none of it was kept.
fn write_then_fail<S: MarketStore>(m: &Market<S>, e: ExhibitionId, panic: bool) {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    let result = catch_unwind(AssertUnwindSafe(|| {
        m.store().write(|tx| -> crate::Result<()> {
            let c = Channel::new(channel_data("GHOST", ChannelKind::Wholesaler))?;
            tx.put_channel(&c, Put::Insert)?;
            tx.put_offer(&offer(9, 10, 1_000))?;
            tx.replace_bookings(e, day(1, 1), day(12, 29), &[booking(e, 0, "A-1", 9)])?;
            if panic {
                panic!("a bug inside the write closure");
            }
            Err(MarketError::invalid("test", "rolled back"))
        })
    }));
    match result {
        Ok(Err(MarketError::Invalid { .. })) if !panic => {}
        Err(_) if panic => {}
        other => panic!("unexpected {other:?}"),
    }
    assert!(m.read(|r| r.channel_by_code("GHOST")).unwrap().is_none());
    assert!(m.read(|r| r.offers()).unwrap().is_empty());
    assert!(m.read(|r| r.bookings(e)).unwrap().is_empty());
}

/// Ending a business (as when it is suspended or closed) withdraws its
/// live applications and releases its bookings from the day given, and
/// touches no one else's.
pub fn ending_a_business_withdraws_and_releases<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    let mut apps = Vec::new();
    for n in 1..=3 {
        let a = m.apply(application(e, id(n), n)).unwrap();
        m.decide(a.id(), ApplicationState::Approved, None, None)
            .unwrap();
        apps.push(a.id());
    }
    let horizon = Horizon::new(day(1, 8), 4).unwrap();
    let first = m.allocate("TERMINAL", &horizon, Points::default()).unwrap();
    let closing: BusinessId = id(1);
    let from = day(1, 15);
    let had: Vec<_> = first
        .bookings
        .iter()
        .filter(|b| b.business == closing)
        .cloned()
        .collect();
    assert!(had.iter().any(|b| b.week.start >= from), "{had:?}");
    let ended = m.end_business(closing, from, "closed", None).unwrap();
    assert_eq!(ended.withdrawn, vec![apps[0]]);
    assert_eq!(
        ended.released.len(),
        had.iter().filter(|b| b.week.start >= from).count()
    );
    let state = |id| m.read(|r| r.application(id)).unwrap().unwrap().state();
    assert_eq!(state(apps[0]), ApplicationState::Withdrawn);
    assert_eq!(state(apps[1]), ApplicationState::Approved);
    let transitions = m.read(|r| r.transitions(apps[0])).unwrap();
    assert_eq!(transitions.last().unwrap().to, ApplicationState::Withdrawn);
    // Its weeks before the day stay; its weeks from the day are gone; the
    // others' bookings are untouched.
    let now: Vec<_> = m
        .schedule("TERMINAL")
        .unwrap()
        .into_iter()
        .map(|b| b.booking)
        .collect();
    let expected: Vec<_> = first
        .bookings
        .iter()
        .filter(|b| b.business != closing || b.week.start < from)
        .cloned()
        .collect();
    assert_eq!(now, expected);
    // Allocating again gives it nothing.
    let again = m.allocate("TERMINAL", &horizon, Points::default()).unwrap();
    assert!(again.bookings.iter().all(|b| b.business != closing));
    // Ending again changes nothing.
    assert_eq!(
        m.end_business(closing, from, "closed", None).unwrap(),
        Ended::default()
    );
}

/// A write that fails after writing leaves nothing behind.
pub fn failed_writes_leave_nothing<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    write_then_fail(&m, e, false);
    // A batch of orders with one bad code is refused whole.
    let batch = vec![
        order_data("O-1", 5, day(2, 1)),
        order_data("O-1", 6, day(2, 2)),
    ];
    assert!(m.add_orders(batch).is_err());
    assert!(m.read(|r| r.orders()).unwrap().is_empty());
    // An allocation on an unknown exhibition writes nothing.
    assert!(
        m.allocate(
            "NONE",
            &Horizon::new(day(1, 8), 1).unwrap(),
            Points::default()
        )
        .is_err()
    );
    assert!(m.read(|r| r.bookings(e)).unwrap().is_empty());
}

/// A panic inside a write closure leaves nothing behind, a panic inside a
/// read closure changes nothing, and the store stays usable after either.
pub fn panics_leave_nothing<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    write_then_fail(&m, e, true);
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        m.read(|_| -> crate::Result<()> { panic!("a bug inside the read closure") })
    }));
    assert!(read.is_err());
    // Still usable: the rolled-back code is free, and reads see the write.
    let ghost = m
        .add_channel(channel_data("GHOST", ChannelKind::Wholesaler))
        .unwrap();
    assert_eq!(m.channel("GHOST").unwrap(), ghost);
    m.set_offers(&[offer(9, 10, 1_000)]).unwrap();
    assert_eq!(m.read(|r| r.offers()).unwrap(), vec![offer(9, 10, 1_000)]);
}

fn order_data(code: &str, quantity: u32, due: JalaliDate) -> OrderData {
    OrderData {
        id: OrderId::new(),
        code: code.into(),
        buyer: "Hotel canteen".into(),
        category: Category::AgroProcessing,
        activity: None,
        quantity,
        unit: "kg".into(),
        price_ceiling: Money::rial(1_000_000),
        due,
        by: None,
    }
}

fn offer(n: u8, capacity: u32, price: i64) -> Offer {
    Offer {
        business: id(n),
        category: Category::AgroProcessing,
        activity: None,
        capacity,
        unit_price: Money::rial(price),
        lead_days: 3,
        by: None,
    }
}

/// Orders list by due date, offers replace per business and category,
/// matching stores fills and replaces them when run again.
pub fn orders_offers_and_fills<S: MarketStore>(store: S) {
    let m = market(store);
    let orders = m
        .add_orders(vec![
            order_data("O-B", 30, day(2, 1)),
            order_data("O-A", 30, day(2, 1)),
            order_data("O-C", 10, day(1, 20)),
            order_data("O-OLD", 10, day(1, 1)), // already past
        ])
        .unwrap();
    let codes: Vec<String> = m
        .read(|r| r.orders())
        .unwrap()
        .iter()
        .map(|o| o.code().to_owned())
        .collect();
    assert_eq!(codes, ["O-OLD", "O-C", "O-A", "O-B"]);
    assert_eq!(
        m.read(|r| r.order(orders[0].id())).unwrap(),
        Some(orders[0].clone())
    );
    m.set_offers(&[offer(2, 100, 900_000), offer(1, 20, 800_000)])
        .unwrap();
    m.set_offers(&[offer(1, 25, 700_000)]).unwrap(); // replaces business 1's
    let offers = m.read(|r| r.offers()).unwrap();
    assert_eq!(offers, vec![offer(1, 25, 700_000), offer(2, 100, 900_000)]);
    let first = m.match_orders(None).unwrap();
    assert_eq!(first.fills.iter().map(|f| f.quantity).sum::<u32>(), 70);
    // The past order is unmet as past due, all of it (#14), and gets no fill.
    let unmet: Vec<(&str, u32, UnmetReason)> = first
        .unmet
        .iter()
        .map(|u| (u.code.as_str(), u.quantity, u.reason))
        .collect();
    assert_eq!(unmet, [("O-OLD", 10, UnmetReason::PastDue)]);
    let stored = m.read(|r| r.fills()).unwrap();
    assert_eq!(stored.len(), first.fills.len());
    assert_eq!(stored[0].due, day(1, 20));
    let again = m.match_orders(None).unwrap();
    assert_eq!(again, first);
    assert_eq!(m.read(|r| r.fills()).unwrap(), stored);
}

/// A consignment keeps every event; a refused event writes nothing; the
/// settlement splits exactly.
pub fn consignments_keep_their_history<S: MarketStore>(store: S) {
    let m = market(store);
    let shop = m
        .add_channel(channel_data("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    let data = ConsignmentData {
        id: id::<ConsignmentId>(1),
        business: id(1),
        channel: shop.id(),
        item: "rug, 2 × 3 m".into(),
        quantity: 4,
        unit_price: Money::rial(95_000_001),
        commission: Decimal::new(15, 2),
        placed_on: day(1, 10),
        by: None,
    };
    assert!(
        m.consign(ConsignmentData {
            channel: ChannelId::new(),
            ..data.clone()
        })
        .is_err()
    );
    let c = m.consign(data).unwrap();
    m.record(
        c.id(),
        Event::Sold {
            quantity: 3,
            on: day(1, 20),
        },
        None,
    )
    .unwrap();
    assert!(
        m.record(
            c.id(),
            Event::Returned {
                quantity: 2,
                on: day(1, 21)
            },
            None
        )
        .is_err()
    );
    m.record(
        c.id(),
        Event::Returned {
            quantity: 1,
            on: day(1, 21),
        },
        None,
    )
    .unwrap();
    let s = m.settle(c.id(), day(2, 1), None).unwrap();
    assert_eq!(s.gross, Money::rial(285_000_003));
    assert_eq!(s.commission.checked_add(s.payout).unwrap(), s.gross);
    assert_eq!(s.commission, Money::rial(42_750_000));
    assert!(
        m.record(
            c.id(),
            Event::Sold {
                quantity: 1,
                on: day(2, 2)
            },
            None
        )
        .is_err()
    );
    let stored = m.read(|r| r.consignment(c.id())).unwrap().unwrap();
    assert_eq!(stored.events().len(), 3);
    assert!(stored.is_settled());
    assert_eq!(m.read(|r| r.consignments()).unwrap(), vec![stored]);
}

/// Bookings, consignments and fills all count as links; a business with
/// none is unlinked.
pub fn linkage_reads_every_channel<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    let (booked, consigned, ordered, idle) = (id(1), id(2), id(3), id(4));
    let a = m.apply(application(e, booked, 1)).unwrap();
    m.decide(a.id(), ApplicationState::Approved, None, None)
        .unwrap();
    m.allocate(
        "TERMINAL",
        &Horizon::new(day(1, 8), 1).unwrap(),
        Points::default(),
    )
    .unwrap();
    let shop = m
        .add_channel(channel_data("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    let placed = m
        .consign(ConsignmentData {
            id: ConsignmentId::new(),
            business: consigned,
            channel: shop.id(),
            item: "pickles".into(),
            quantity: 10,
            unit_price: Money::rial(500_000),
            commission: Decimal::new(1, 1),
            placed_on: day(1, 15),
            by: None,
        })
        .unwrap();
    // Goods on the shelf are not a sale: only a settlement links.
    let only_placed = [(consigned, id::<OfficeId>(9))];
    assert_eq!(
        m.linkage(&only_placed, day(1, 31), 1).unwrap().offices[0].linked,
        0
    );
    m.record(
        placed.id(),
        Event::Sold {
            quantity: 2,
            on: day(1, 20),
        },
        None,
    )
    .unwrap();
    m.settle(placed.id(), day(1, 28), None).unwrap();
    m.add_orders(vec![order_data("O-1", 5, day(1, 25))])
        .unwrap();
    m.set_offers(&[offer(3, 5, 900_000)]).unwrap();
    m.match_orders(None).unwrap();
    let office: OfficeId = id(9);
    let businesses: Vec<(BusinessId, OfficeId)> = [booked, consigned, ordered, idle]
        .into_iter()
        .map(|b| (b, office))
        .collect();
    let report = m.linkage(&businesses, day(1, 31), 1).unwrap();
    let o = &report.offices[0];
    assert_eq!((o.businesses, o.linked), (4, 3));
    assert_eq!(o.unlinked, vec![idle]);
    for kind in [LinkKind::Booking, LinkKind::Consignment, LinkKind::Order] {
        assert_eq!(o.by_kind.get(&kind), Some(&1), "{kind:?}");
    }
    // The channel kinds: the exhibition's and the shop's; an order has none.
    assert_eq!(
        o.by_channel.keys().copied().collect::<Vec<_>>(),
        vec![
            ChannelKind::PermanentExhibition,
            ChannelKind::ConsignmentShop
        ]
    );
    // Outside the window nobody is linked.
    let later = m.linkage(&businesses, day(5, 1), 2).unwrap();
    assert_eq!(later.offices[0].linked, 0);
}

/// The codes of `items`, in their order.
fn codes<T>(items: Vec<T>, code: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| code(i).to_owned()).collect()
}

/// Writes through the store's transaction, unwrapping.
fn put<S: MarketStore>(m: &Market<S>, write: impl FnOnce(&mut dyn MarketTx) -> crate::Result<()>) {
    m.store().write(write).unwrap();
}

/// Reads through the store, unwrapping.
fn get<S: MarketStore, T>(
    m: &Market<S>,
    read: impl FnOnce(&dyn MarketRead) -> crate::Result<T>,
) -> T {
    m.store().read(read).unwrap()
}

/// A channel `code` with ID `n`.
fn channel_n(n: u8, code: &str, kind: ChannelKind) -> Channel {
    Channel::new(ChannelData {
        id: id(n),
        ..channel_data(code, kind)
    })
    .unwrap()
}

/// An exhibition `code` with ID `n` on `channel`.
fn exhibition_n(n: u8, code: &str, channel: ChannelId) -> Exhibition {
    Exhibition::new(ExhibitionData {
        id: id(n),
        ..exhibition_data(code, channel)
    })
    .unwrap()
}

/// An order `code` for 5 units with ID `n`, due on `due`.
fn order_n(n: u8, code: &str, due: JalaliDate) -> Order {
    Order::new(OrderData {
        id: id(n),
        ..order_data(code, 5, due)
    })
    .unwrap()
}

/// Checks that `write` is refused: as already existing, or (`already`
/// false) as not found.
fn refused<S: MarketStore>(
    m: &Market<S>,
    already: bool,
    write: impl FnOnce(&mut dyn MarketTx) -> crate::Result<()>,
) {
    match m.store().write(write) {
        Err(MarketError::AlreadyExists { .. }) if already => {}
        Err(MarketError::NotFound { .. }) if !already => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn fill(order: OrderId, business: u8, due: JalaliDate) -> Fill {
    Fill {
        order,
        business: id(business),
        quantity: 2,
        unit_price: Money::rial(1_000),
        total: Money::rial(2_000),
        due,
        by: None,
    }
}

/// Every list of the store comes in its documented order, whatever the
/// order of insertion and IDs: channels and exhibitions by code,
/// applications and consignments by ID, transitions oldest first, orders by
/// due date and code, offers by business, category and activity (none
/// first), fills by due date, order and business.
pub fn store_lists_are_ordered<S: MarketStore>(store: S) {
    let m = market(store);
    // Codes ascending, IDs descending, inserted in neither order.
    let channels = [
        channel_n(12, "C-2", ChannelKind::PermanentExhibition),
        channel_n(13, "C-1", ChannelKind::SeasonalFair),
        channel_n(11, "C-3", ChannelKind::ConsignmentShop),
    ];
    put(&m, |tx| {
        channels
            .iter()
            .try_for_each(|c| tx.put_channel(c, Put::Insert))
    });
    assert_eq!(
        codes(get(&m, |r| r.channels()), Channel::code),
        ["C-1", "C-2", "C-3"]
    );
    let exhibitions = [
        exhibition_n(22, "E-2", channels[0].id()),
        exhibition_n(23, "E-1", channels[1].id()),
        exhibition_n(21, "E-3", channels[0].id()),
    ];
    put(&m, |tx| {
        exhibitions
            .iter()
            .try_for_each(|e| tx.put_exhibition(e, Put::Insert))
    });
    assert_eq!(
        codes(get(&m, |r| r.exhibitions()), Exhibition::code),
        ["E-1", "E-2", "E-3"]
    );

    // Applications by ID, of one exhibition; transitions oldest first.
    let (e, other) = (exhibitions[0].id(), exhibitions[1].id());
    let mut apps: Vec<Application> = [(33, e), (31, other), (34, e), (32, e)]
        .into_iter()
        .map(|(n, ex)| Application::new(application(ex, id(n), n)).unwrap())
        .collect();
    put(&m, |tx| {
        apps.iter()
            .try_for_each(|a| tx.put_application(a, Put::Insert))
    });
    let ids: Vec<ApplicationId> = get(&m, |r| r.applications(e))
        .iter()
        .map(|a| a.id())
        .collect();
    assert_eq!(ids, [id(32), id(33), id(34)]);
    let moves = [
        (3, ApplicationState::Waitlisted),
        (0, ApplicationState::Waitlisted),
        (3, ApplicationState::Approved),
        (0, ApplicationState::Rejected),
        (3, ApplicationState::Withdrawn),
    ];
    let mut written = Vec::new();
    for (i, to) in moves {
        let t = apps[i]
            .transition(to, Some(format!("step {}", written.len())), day(1, 3))
            .unwrap();
        put(&m, |tx| {
            tx.put_application(&apps[i], Put::Replace)?;
            tx.append_transition(&t)
        });
        written.push(t);
    }
    assert_eq!(
        get(&m, |r| r.transitions(apps[3].id())),
        [written[0].clone(), written[2].clone(), written[4].clone()]
    );
    assert_eq!(
        get(&m, |r| r.application(apps[0].id())),
        Some(apps[0].clone())
    );
    assert!(get(&m, |r| r.transitions(apps[2].id())).is_empty());

    // Orders by due date, then code (not by ID or insertion).
    let orders: Vec<Order> = [
        (41, "O-1", day(3, 1)),
        (44, "O-3", day(2, 1)),
        (42, "O-2", day(2, 1)),
        (43, "O-0", day(4, 1)),
    ]
    .into_iter()
    .map(|(n, code, due)| order_n(n, code, due))
    .collect();
    put(&m, |tx| {
        orders.iter().try_for_each(|o| tx.put_order(o, Put::Insert))
    });
    assert_eq!(
        codes(get(&m, |r| r.orders()), Order::code),
        ["O-2", "O-3", "O-1", "O-0"]
    );

    // Offers by business, category code, then activity (none first).
    let with = |n: u8, category: Category, activity: Option<&str>| Offer {
        category,
        activity: activity.map(Into::into),
        ..offer(n, 10, 1_000)
    };
    let offers = [
        with(2, Category::AgroProcessing, None),
        with(1, Category::Handicrafts, Some("rugs")),
        with(1, Category::AgroProcessing, Some("pickles")),
        with(1, Category::Handicrafts, None),
        with(1, Category::AgroProcessing, Some("jam")),
    ];
    put(&m, |tx| offers.iter().try_for_each(|o| tx.put_offer(o)));
    let mut expected = offers.to_vec();
    expected.sort_by(|a, b| {
        (
            a.business,
            a.category.code(),
            a.activity.clone().unwrap_or_default(),
        )
            .cmp(&(
                b.business,
                b.category.code(),
                b.activity.clone().unwrap_or_default(),
            ))
    });
    assert_ne!(expected, offers, "the offers were not put in order");
    assert_eq!(get(&m, |r| r.offers()), expected);

    // Fills by due date, order ID, then business ID.
    let (o1, o2) = (orders[0].id(), orders[2].id());
    let fills = [
        fill(o1, 7, day(3, 1)),
        fill(o2, 9, day(3, 1)),
        fill(o1, 5, day(3, 1)),
        fill(o2, 8, day(2, 1)),
    ];
    put(&m, |tx| tx.replace_fills(&[o1, o2], &fills));
    assert_eq!(
        get(&m, |r| r.fills()),
        [
            fills[3].clone(),
            fills[2].clone(),
            fills[0].clone(),
            fills[1].clone()
        ]
    );

    // Consignments by ID.
    for n in [53, 51, 52] {
        let c = Consignment::new(ConsignmentData {
            id: id(n),
            business: id(n),
            channel: channels[2].id(),
            item: "jam".into(),
            quantity: 5,
            unit_price: Money::rial(10_000),
            commission: Decimal::new(1, 1),
            placed_on: day(1, 10),
            by: None,
        })
        .unwrap();
        put(&m, |tx| tx.insert_consignment(&c));
    }
    let ids: Vec<ConsignmentId> = get(&m, |r| r.consignments())
        .iter()
        .map(|c| c.id())
        .collect();
    assert_eq!(ids, [id(51), id(52), id(53)]);
}

/// Bookings: listed by week and booth (between two days: by week,
/// exhibition ID and booth), both days included; `weeks_before` counts
/// the weeks that start before a day, at any exhibition; `replace_bookings`
/// replaces one exhibition's bookings in its range and no others; the same
/// booth code and week at two exhibitions are two bookings.
pub fn bookings_follow_their_range<S: MarketStore>(store: S) {
    let m = market(store);
    let c = channel_n(1, "C-1", ChannelKind::PermanentExhibition);
    let (e1, e2) = (
        exhibition_n(3, "E-1", c.id()),
        exhibition_n(2, "E-2", c.id()),
    );
    put(&m, |tx| {
        tx.put_channel(&c, Put::Insert)?;
        tx.put_exhibition(&e1, Put::Insert)?;
        tx.put_exhibition(&e2, Put::Insert)
    });
    let (e1, e2) = (e1.id(), e2.id());
    // Weeks 0..=3 start on 1404-01-08, 15, 22 and 29.
    let first = [
        booking(e1, 1, "B", 1),
        booking(e1, 0, "F", 2),
        booking(e1, 1, "A", 3),
        booking(e1, 0, "A", 1),
        booking(e1, 3, "A", 1),
    ];
    put(&m, |tx| {
        tx.replace_bookings(e1, day(1, 1), day(12, 29), &first)
    });
    // Booth A in week 1 at E-2 is another booth than A in week 1 at E-1.
    let second = [booking(e2, 1, "A", 1), booking(e2, 0, "Z", 4)];
    put(&m, |tx| {
        tx.replace_bookings(e2, day(1, 1), day(12, 29), &second)
    });
    let keys = |list: Vec<StoredBooking>| -> Vec<(JalaliDate, ExhibitionId, String)> {
        list.into_iter()
            .map(|b| (b.booking.week.start, b.exhibition, b.booking.booth))
            .collect()
    };
    let k = |week: u8, e, booth: &str| (day(1, 8 + 7 * week), e, booth.to_owned());
    assert_eq!(
        keys(get(&m, |r| r.bookings(e1))),
        [
            k(0, e1, "A"),
            k(0, e1, "F"),
            k(1, e1, "A"),
            k(1, e1, "B"),
            k(3, e1, "A")
        ]
    );
    assert_eq!(get(&m, |r| r.bookings(e1))[0], first[3]);
    assert_eq!(
        keys(get(&m, |r| r.bookings_between(day(1, 15), day(1, 29)))),
        [k(1, e2, "A"), k(1, e1, "A"), k(1, e1, "B"), k(3, e1, "A")]
    );
    assert!(get(&m, |r| r.bookings_between(day(1, 16), day(1, 28))).is_empty());
    // Business 1: weeks 0, 1 and 3 at E-1, week 1 at E-2.
    let weeks = |day| get(&m, |r| r.weeks_before(id(1), day));
    assert_eq!(weeks(day(1, 8)), 0);
    assert_eq!(weeks(day(1, 9)), 1);
    assert_eq!(weeks(day(1, 15)), 1);
    assert_eq!(weeks(day(1, 16)), 3);
    assert_eq!(weeks(day(2, 1)), 4);
    assert_eq!(get(&m, |r| r.weeks_before(id(4), day(2, 1))), 1);
    // Replacing weeks 1 and 2 of E-1 leaves its weeks 0 and 3, and E-2.
    let new = [booking(e1, 2, "C", 5)];
    put(&m, |tx| {
        tx.replace_bookings(e1, day(1, 15), day(1, 22), &new)
    });
    assert_eq!(
        keys(get(&m, |r| r.bookings(e1))),
        [k(0, e1, "A"), k(0, e1, "F"), k(2, e1, "C"), k(3, e1, "A")]
    );
    assert_eq!(
        get(&m, |r| r.bookings(e2)),
        [second[1].clone(), second[0].clone()]
    );
}

/// `Put::Insert` refuses a taken ID and `Put::Replace` needs one, for every
/// kind with a put; a code another record holds is refused; an offer
/// replaces the business's offer for the same category and activity;
/// `replace_fills` replaces the fills of the given orders only; a new
/// consignment is stored without events, once; events append.
pub fn store_writes_follow_their_contract<S: MarketStore>(store: S) {
    let m = market(store);
    let c = channel_n(1, "C-1", ChannelKind::PermanentExhibition);
    let e = exhibition_n(2, "E-1", c.id());
    let a = Application::new(application(e.id(), id(3), 3)).unwrap();
    let o = order_n(4, "O-1", day(2, 1));
    put(&m, |tx| {
        tx.put_channel(&c, Put::Insert)?;
        tx.put_exhibition(&e, Put::Insert)?;
        tx.put_application(&a, Put::Insert)?;
        tx.put_order(&o, Put::Insert)
    });
    refused(&m, true, |tx| tx.put_exhibition(&e, Put::Insert));
    refused(&m, true, |tx| tx.put_application(&a, Put::Insert));
    refused(&m, true, |tx| tx.put_order(&o, Put::Insert));
    let e2 = exhibition_n(12, "E-2", c.id());
    let a2 = Application::new(application(e.id(), id(13), 13)).unwrap();
    let o2 = order_n(14, "O-2", day(2, 1));
    refused(&m, false, |tx| tx.put_exhibition(&e2, Put::Replace));
    refused(&m, false, |tx| tx.put_application(&a2, Put::Replace));
    refused(&m, false, |tx| tx.put_order(&o2, Put::Replace));
    // A code another record holds, by insert or by replace.
    let twin = exhibition_n(12, "E-1", c.id());
    refused(&m, true, |tx| tx.put_exhibition(&twin, Put::Insert));
    let twin = order_n(14, "O-1", day(2, 1));
    refused(&m, true, |tx| tx.put_order(&twin, Put::Insert));
    put(&m, |tx| {
        tx.put_exhibition(&e2, Put::Insert)?;
        tx.put_order(&o2, Put::Insert)
    });
    let clash = exhibition_n(12, "E-1", c.id());
    refused(&m, true, |tx| tx.put_exhibition(&clash, Put::Replace));
    let clash = order_n(14, "O-1", day(2, 1));
    refused(&m, true, |tx| tx.put_order(&clash, Put::Replace));
    // Replacements read back, by ID and by the new code.
    let renamed = Exhibition::new(ExhibitionData {
        code: "E-20".into(),
        monthly_cap: 3,
        ..e2.data().clone()
    })
    .unwrap();
    let moved = Order::new(OrderData {
        code: "O-20".into(),
        quantity: 9,
        ..o2.data().clone()
    })
    .unwrap();
    let mut decided = a.clone();
    decided
        .transition(ApplicationState::Approved, None, day(1, 3))
        .unwrap();
    put(&m, |tx| {
        tx.put_exhibition(&renamed, Put::Replace)?;
        tx.put_order(&moved, Put::Replace)?;
        tx.put_application(&decided, Put::Replace)
    });
    get(&m, |r| {
        assert_eq!(r.exhibition(e2.id())?, Some(renamed.clone()));
        assert_eq!(r.exhibition_by_code("E-20")?, Some(renamed.clone()));
        assert_eq!(r.exhibition_by_code("E-2")?, None);
        assert_eq!(r.order(o2.id())?, Some(moved.clone()));
        assert_eq!(r.order_by_code("O-20")?, Some(moved.clone()));
        assert_eq!(r.order_by_code("O-2")?, None);
        assert_eq!(r.application(a.id())?, Some(decided.clone()));
        assert_eq!(r.exhibition(id(99))?, None);
        assert_eq!(r.order(id(99))?, None);
        assert_eq!(r.application(id(99))?, None);
        assert_eq!(r.channel(id(99))?, None);
        assert_eq!(r.channel_by_code("C-9")?, None);
        assert_eq!(r.consignment(id(99))?, None);
        Ok(())
    });

    // Offers: one per business, category and activity.
    let jam = Offer {
        activity: Some("jam".into()),
        ..offer(1, 10, 1_000)
    };
    put(&m, |tx| {
        tx.put_offer(&offer(1, 10, 1_000))?;
        tx.put_offer(&jam)?;
        tx.put_offer(&offer(2, 10, 1_000))?;
        tx.put_offer(&offer(1, 30, 900))
    });
    assert_eq!(
        get(&m, |r| r.offers()),
        [offer(1, 30, 900), jam, offer(2, 10, 1_000)]
    );

    // Fills of the given orders are replaced, others kept.
    put(&m, |tx| {
        tx.replace_fills(
            &[o.id(), o2.id()],
            &[fill(o.id(), 1, day(2, 1)), fill(o2.id(), 2, day(2, 1))],
        )
    });
    put(&m, |tx| {
        tx.replace_fills(&[o.id()], &[fill(o.id(), 3, day(2, 1))])
    });
    assert_eq!(
        get(&m, |r| r.fills()),
        [fill(o.id(), 3, day(2, 1)), fill(o2.id(), 2, day(2, 1))]
    );
    put(&m, |tx| tx.replace_fills(&[o2.id()], &[]));
    assert_eq!(get(&m, |r| r.fills()), [fill(o.id(), 3, day(2, 1))]);

    // A consignment is stored without events, once; events append.
    let mut sold = Consignment::new(ConsignmentData {
        id: id(5),
        business: id(5),
        channel: c.id(),
        item: "jam".into(),
        quantity: 5,
        unit_price: Money::rial(10_000),
        commission: Decimal::new(1, 1),
        placed_on: day(1, 10),
        by: None,
    })
    .unwrap();
    let fresh = sold.clone();
    let first = Event::Sold {
        quantity: 2,
        on: day(1, 11),
    };
    sold.record(first).unwrap();
    put(&m, |tx| tx.insert_consignment(&sold));
    assert_eq!(get(&m, |r| r.consignment(id(5))), Some(fresh.clone()));
    refused(&m, true, |tx| tx.insert_consignment(&fresh));
    let second = Event::Returned {
        quantity: 1,
        on: day(1, 12),
    };
    put(&m, |tx| {
        tx.append_consignment_event(id(5), &first, None)?;
        tx.append_consignment_event(id(5), &second, None)
    });
    let stored = get(&m, |r| r.consignment(id(5))).unwrap();
    assert_eq!(stored.events(), [first, second]);
    refused(&m, false, |tx| {
        tx.append_consignment_event(id(6), &first, None)
    });
}

/// Who recorded each record (`by`) comes back as it was written: channel,
/// exhibition, application and its transitions, order, offer, fill,
/// consignment and its events. A record written without one reads back
/// without one.
pub fn who_did_it_round_trips<S: MarketStore>(store: S) {
    let m = market(store);
    let (a, b) = (id::<ActorId>(201), id::<ActorId>(202));
    let channel = m
        .add_channel(ChannelData {
            by: Some(a),
            ..channel_data("EXPO", ChannelKind::PermanentExhibition)
        })
        .unwrap();
    let shop = m
        .add_channel(channel_data("SHOP", ChannelKind::ConsignmentShop))
        .unwrap();
    let exhibition = m
        .create_exhibition(ExhibitionData {
            by: Some(b),
            ..exhibition_data("EXPO", channel.id())
        })
        .unwrap();
    let application = m
        .apply(ApplicationData {
            by: Some(a),
            ..application(exhibition.id(), id(1), 1)
        })
        .unwrap();
    m.decide(application.id(), ApplicationState::Approved, None, Some(b))
        .unwrap();
    m.decide(application.id(), ApplicationState::Withdrawn, None, None)
        .unwrap();
    m.add_orders(vec![OrderData {
        by: Some(a),
        ..order_data("O-1", 10, day(2, 1))
    }])
    .unwrap();
    m.set_offers(&[Offer {
        by: Some(b),
        ..offer(1, 20, 800_000)
    }])
    .unwrap();
    m.match_orders(Some(a)).unwrap();
    let consignment = m
        .consign(ConsignmentData {
            id: id::<ConsignmentId>(7),
            business: id(1),
            channel: shop.id(),
            item: "rug".into(),
            quantity: 4,
            unit_price: Money::rial(1_000_000),
            commission: Decimal::new(15, 2),
            placed_on: day(1, 2),
            by: Some(b),
        })
        .unwrap();
    m.record(
        consignment.id(),
        Event::Sold {
            quantity: 1,
            on: day(1, 3),
        },
        Some(a),
    )
    .unwrap();
    m.record(
        consignment.id(),
        Event::Sold {
            quantity: 1,
            on: day(1, 4),
        },
        None,
    )
    .unwrap();

    m.read(|r| {
        assert_eq!(r.channel(channel.id())?.unwrap().data().by, Some(a));
        assert_eq!(r.channel(shop.id())?.unwrap().data().by, None);
        assert_eq!(r.exhibition(exhibition.id())?.unwrap().data().by, Some(b));
        assert_eq!(r.application(application.id())?.unwrap().data().by, Some(a));
        let by: Vec<_> = r
            .transitions(application.id())?
            .iter()
            .map(|t| t.by)
            .collect();
        assert_eq!(by, [Some(b), None]);
        assert_eq!(r.order_by_code("O-1")?.unwrap().data().by, Some(a));
        assert_eq!(r.offers()?[0].by, Some(b));
        let fills = r.fills()?;
        assert!(!fills.is_empty());
        assert!(fills.iter().all(|f| f.by == Some(a)));
        let c = r.consignment(consignment.id())?.unwrap();
        assert_eq!(c.data().by, Some(b));
        assert_eq!((c.event_by(0), c.event_by(1)), (Some(a), None));
        Ok(())
    })
    .unwrap();
}

/// Who wrote each booth (a booths import) and who ran the allocation that
/// made each booking come back as they were written, through every read
/// (by ID, by code, the list; a schedule and a range of weeks); a booth or
/// booking written without one reads back without one, and an allocation
/// run again by another user records that user.
pub fn booths_and_bookings_keep_who_did_it<S: MarketStore>(store: S) {
    let (m, e) = with_exhibition(store);
    let (a, b) = (id::<ActorId>(211), id::<ActorId>(212));
    let booths = [
        Booth::new("A-1", SizeClass::Standard, vec![]).recorded_by(Some(a)),
        Booth::new("A-2", SizeClass::Small, vec![]),
    ];
    m.import_booths(
        booths
            .iter()
            .map(|x| ("TERMINAL".to_owned(), x.clone()))
            .collect(),
    )
    .unwrap();
    m.read(|r| {
        let by = |x: Exhibition| x.booths().iter().map(|b| b.by).collect::<Vec<_>>();
        assert_eq!(by(r.exhibition(e)?.unwrap()), [Some(a), None]);
        assert_eq!(
            by(r.exhibition_by_code("TERMINAL")?.unwrap()),
            [Some(a), None]
        );
        assert_eq!(by(r.exhibitions()?.remove(0)), [Some(a), None]);
        Ok(())
    })
    .unwrap();
    for n in 1..=2 {
        let x = m.apply(application(e, id(n), n)).unwrap();
        m.decide(x.id(), ApplicationState::Approved, None, None)
            .unwrap();
    }
    let horizon = Horizon::new(day(1, 8), 2).unwrap();
    let made = m
        .allocate_by("TERMINAL", &horizon, Points::default(), Some(b))
        .unwrap();
    assert!(!made.bookings.is_empty());
    assert!(made.bookings.iter().all(|x| x.by == Some(b)));
    let stored = m.schedule("TERMINAL").unwrap();
    assert_eq!(stored.len(), made.bookings.len());
    assert!(stored.iter().all(|x| x.booking.by == Some(b)));
    let between = m
        .read(|r| r.bookings_between(day(1, 8), day(1, 21)))
        .unwrap();
    assert!(between.iter().all(|x| x.booking.by == Some(b)));
    // Run again by another user (or by none): the bookings say so.
    m.allocate_by("TERMINAL", &horizon, Points::default(), Some(a))
        .unwrap();
    assert!(
        m.schedule("TERMINAL")
            .unwrap()
            .iter()
            .all(|x| x.booking.by == Some(a))
    );
    m.allocate("TERMINAL", &horizon, Points::default()).unwrap();
    assert!(
        m.schedule("TERMINAL")
            .unwrap()
            .iter()
            .all(|x| x.booking.by.is_none())
    );
    // Put directly, each booking keeps its own.
    let mut mine = booking(e, 4, "A-1", 1);
    mine.booking.by = Some(a);
    let none = booking(e, 4, "A-2", 2);
    put(&m, |tx| {
        tx.replace_bookings(e, day(2, 1), day(2, 31), &[mine.clone(), none.clone()])
    });
    let week = mine.booking.week.start;
    let back = m.read(|r| r.bookings_between(week, week)).unwrap();
    assert_eq!(back, [mine, none]);
}
