//! Booth allocation over a sequence of windows (issue #14): whatever the
//! windows and their order, aligned with each other or not, no business
//! ever holds more weeks than it wanted, nor more than the monthly cap in
//! any Jalali month, no booth and no business is booked twice on one day
//! (two booked weeks that overlap), and running the same windows again
//! changes nothing.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use homebiz_core::category::Category;
use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{ApplicationId, BusinessId, ChannelId, ExhibitionId, TypedId};
use homebiz_core::rust_decimal::Decimal;
use homebiz_core::{FixedClock, JalaliDate, JalaliMonth};
use homebiz_market::allocate::{Horizon, Points};
use homebiz_market::application::{ApplicationData, ApplicationState};
use homebiz_market::channel::{ChannelData, Schedule};
use homebiz_market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz_market::{Market, MemoryStore};
use proptest::prelude::*;

const CATEGORIES: [Category; 2] = [Category::AgroProcessing, Category::Handicrafts];

/// An exhibition `TERMINAL` with `booths` (accepting the categories of
/// the indices given; none: all) and `cap`, and one approved application
/// per applicant (category index, weeks wanted).
fn market(
    booths: &[Vec<usize>],
    cap: u8,
    limit: Option<u32>,
    applicants: &[(usize, u8)],
) -> (Market<MemoryStore>, BTreeMap<BusinessId, u8>) {
    let m = Market::new(
        MemoryStore::new(),
        FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()),
    );
    let channel = m
        .add_channel(ChannelData {
            id: ChannelId::new(),
            code: "TERMINAL".into(),
            name: "Terminal".into(),
            kind: ChannelKind::PermanentExhibition,
            location: "Urmia".into(),
            accepts: vec![],
            commission: Decimal::ZERO,
            fee: None,
            schedule: Schedule::Permanent,
            capacity: None,
            by: None,
        })
        .unwrap();
    let exhibition = m
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: "TERMINAL".into(),
            name: "Terminal".into(),
            channel: channel.id(),
            booths: booths
                .iter()
                .enumerate()
                .map(|(k, accepts)| {
                    Booth::new(
                        format!("B-{k}"),
                        SizeClass::Standard,
                        accepts.iter().map(|&c| CATEGORIES[c]).collect(),
                    )
                })
                .collect(),
            weekly_limits: limit
                .map(|l| vec![(Category::AgroProcessing, l)])
                .unwrap_or_default(),
            monthly_cap: cap,
            by: None,
        })
        .unwrap();
    let mut wanted = BTreeMap::new();
    for (n, &(category, weeks)) in applicants.iter().enumerate() {
        let business = BusinessId::from_parts(1_700_000_000_000, [n as u8; 10]);
        let application = m
            .apply(ApplicationData {
                id: ApplicationId::from_parts(1_700_000_000_000 + n as u64, [n as u8; 10]),
                exhibition: exhibition.id(),
                business,
                category: CATEGORIES[category],
                new_producer: n % 2 == 0,
                vulnerable: n % 3 == 0,
                weeks_wanted: weeks,
                seasonality: Some(std::array::from_fn(|i| ((i * 37 + n * 11) % 101) as u8)),
                applied_on: JalaliDate::new(1404, 1, 5).unwrap(),
                by: None,
            })
            .unwrap();
        m.decide(application.id(), ApplicationState::Approved, None, None)
            .unwrap();
        wanted.insert(business, weeks);
    }
    (m, wanted)
}

/// Each business's stored weeks: in all and per month.
fn held(m: &Market<MemoryStore>) -> BTreeMap<BusinessId, (u32, BTreeMap<JalaliMonth, u32>)> {
    let mut out: BTreeMap<BusinessId, (u32, BTreeMap<JalaliMonth, u32>)> = BTreeMap::new();
    for b in m.schedule("TERMINAL").unwrap() {
        let entry = out.entry(b.booking.business).or_default();
        entry.0 += 1;
        *entry
            .1
            .entry(b.booking.week.start.jalali_month())
            .or_default() += 1;
    }
    out
}

/// Two stored bookings whose weeks share a day and that share a booth or
/// a business, if any.
fn double_booked(m: &Market<MemoryStore>) -> Option<String> {
    let all = m.schedule("TERMINAL").unwrap();
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            let (a, b) = (&a.booking, &b.booking);
            let overlap = a.week.start.days_until(b.week.start).abs() < 7;
            if overlap && (a.booth == b.booth || a.business == b.business) {
                return Some(format!(
                    "booth {} from {} and booth {} from {}",
                    a.booth, a.week.start, b.booth, b.week.start
                ));
            }
        }
    }
    None
}

/// Each category's bookings per day, at most.
fn per_day(m: &Market<MemoryStore>) -> BTreeMap<(JalaliDate, Category), u32> {
    let mut out = BTreeMap::new();
    for b in m.schedule("TERMINAL").unwrap() {
        for d in 0..7 {
            let day = b.booking.week.start.add_days(d).unwrap();
            *out.entry((day, b.booking.category)).or_default() += 1;
        }
    }
    out
}

/// A window that starts in the middle of an earlier allocated one: the
/// week kept from the first run closes the overlapping week of the second
/// to its booth and its business.
#[test]
fn a_window_starting_inside_a_booked_week_books_nothing_twice() {
    // One booth; business 0 wants 3 weeks, business 1 wants 3.
    let (m, _) = market(&[vec![]], 4, None, &[(0, 3), (0, 3)]);
    m.allocate(
        "TERMINAL",
        &Horizon::new(JalaliDate::new(1404, 7, 1).unwrap(), 2).unwrap(),
        Points::default(),
    )
    .unwrap();
    // From 7/4: its first week (7/4–7/10) overlaps the kept week from 7/1.
    m.allocate(
        "TERMINAL",
        &Horizon::new(JalaliDate::new(1404, 7, 4).unwrap(), 3).unwrap(),
        Points::default(),
    )
    .unwrap();
    assert_eq!(double_booked(&m), None);
    let starts: Vec<JalaliDate> = m
        .schedule("TERMINAL")
        .unwrap()
        .iter()
        .map(|b| b.booking.week.start)
        .collect();
    // The week from 7/1 is kept; 7/4 is closed; 7/11 and 7/18 are booked.
    assert_eq!(
        starts,
        [(7, 1), (7, 11), (7, 18)].map(|(mo, d)| JalaliDate::new(1404, mo, d).unwrap())
    );
}

/// A window ending inside a later booked week keeps that week (it starts
/// after the window's last week's first day) and closes the overlap.
#[test]
fn a_window_ending_inside_a_booked_week_keeps_it() {
    let (m, _) = market(&[vec![]], 4, None, &[(0, 2), (0, 2)]);
    m.allocate(
        "TERMINAL",
        &Horizon::new(JalaliDate::new(1404, 7, 10).unwrap(), 1).unwrap(),
        Points::default(),
    )
    .unwrap();
    let kept = m.schedule("TERMINAL").unwrap();
    assert_eq!(kept.len(), 1);
    // From 7/1, two weeks: the second (7/8–7/14) overlaps the kept 7/10.
    m.allocate(
        "TERMINAL",
        &Horizon::new(JalaliDate::new(1404, 7, 1).unwrap(), 2).unwrap(),
        Points::default(),
    )
    .unwrap();
    let after = m.schedule("TERMINAL").unwrap();
    assert!(after.contains(&kept[0]), "the week from 7/10 is kept");
    assert_eq!(double_booked(&m), None);
    assert_eq!(after.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn no_business_exceeds_its_weeks_nor_a_months_cap(
        booths in prop::collection::vec(prop::collection::vec(0usize..2, 0..2), 1..4),
        cap in 1u8..4,
        limit in prop::option::of(1u32..3),
        applicants in prop::collection::vec((0usize..2, 1u8..7), 1..6),
        // Each window: its first day (days after 1404-06-20, so that
        // windows cross months and overlap), its weeks.
        windows in prop::collection::vec((0i64..100, 1u16..6), 1..6),
    ) {
        let (m, wanted) = market(&booths, cap, limit, &applicants);
        let start = JalaliDate::new(1404, 6, 20).unwrap();
        let horizons: Vec<Horizon> = windows
            .iter()
            .map(|&(offset, weeks)| Horizon::new(start.add_days(offset).unwrap(), weeks).unwrap())
            .collect();
        for horizon in &horizons {
            m.allocate("TERMINAL", horizon, Points::default()).unwrap();
            for (business, (total, months)) in held(&m) {
                prop_assert!(total <= u32::from(wanted[&business]), "{total} weeks, wanted {}", wanted[&business]);
                for (month, n) in months {
                    prop_assert!(n <= u32::from(cap), "{n} weeks in {month}, cap {cap}");
                }
            }
            prop_assert_eq!(double_booked(&m), None);
            prop_assert!(per_day(&m).values().all(|&n| n as usize <= booths.len()));
            if let Some(limit) = limit {
                for ((day, category), n) in per_day(&m) {
                    if category == Category::AgroProcessing {
                        prop_assert!(n <= limit, "{n} on {day}, limit {limit}");
                    }
                }
            }
        }
        // Determinism: the last window run again changes nothing.
        let before = m.schedule("TERMINAL").unwrap();
        let last = horizons.last().unwrap();
        m.allocate("TERMINAL", last, Points::default()).unwrap();
        prop_assert_eq!(before, m.schedule("TERMINAL").unwrap());
    }
}
