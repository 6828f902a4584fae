//! Booth allocation: every rule holds on random exhibitions, the result does
//! not depend on input order, and the total points are optimal — checked by
//! brute force on small instances and against an independent assignment
//! solver (Jonker–Volgenant, the `lsap` crate) on plain assignment ones.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use homebiz_core::JalaliDate;
use homebiz_core::category::Category;
use homebiz_core::id::{ApplicationId, BusinessId, TypedId};
use homebiz_market::allocate::{
    Allocation, Candidate, Horizon, Points, Rules, WaitReason, allocate,
};
use homebiz_market::exhibition::{Booth, SizeClass};
use proptest::prelude::*;

const CATEGORIES: [Category; 3] = [
    Category::AgroProcessing,
    Category::Handicrafts,
    Category::CulturalArtistic,
];

fn id(i: usize) -> (ApplicationId, BusinessId) {
    // Application IDs in an order unrelated to the index.
    let scrambled = (i as u64 * 7919) % 1009;
    (
        ApplicationId::from_parts(1_700_000_000_000 + scrambled, [i as u8; 10]),
        BusinessId::from_parts(1_700_000_000_000, [i as u8; 10]),
    )
}

prop_compose! {
    fn booth_strategy()(accepts in prop::collection::btree_set(0usize..3, 0..3), size in 0usize..3) -> (Vec<Category>, SizeClass) {
        (accepts.into_iter().map(|c| CATEGORIES[c]).collect(), SizeClass::ALL[size])
    }
}

prop_compose! {
    fn candidate_strategy()(
        category in 0usize..3,
        new_producer in any::<bool>(),
        vulnerable in any::<bool>(),
        past_weeks in 0u32..10,
        weeks_wanted in 1u8..4,
        seasonality in prop::option::of(prop::array::uniform12(0u8..=100)),
    ) -> Spec {
        (category, new_producer, vulnerable, past_weeks, weeks_wanted, seasonality)
    }
}

/// A candidate's category index, new, vulnerable, past weeks, weeks wanted
/// and seasonality.
type Spec = (usize, bool, bool, u32, u8, Option<[u8; 12]>);

#[derive(Debug, Clone)]
struct Instance {
    booths: Vec<Booth>,
    horizon: Horizon,
    candidates: Vec<Candidate>,
    rules: Rules,
}

fn instance(
    booths: Vec<(Vec<Category>, SizeClass)>,
    weeks: u16,
    candidates: Vec<Spec>,
    limits: Vec<Option<u32>>,
    monthly_cap: u8,
) -> Instance {
    // From 1404-01-20: the weeks cross into Ordibehesht.
    let horizon = Horizon::new(JalaliDate::new(1404, 1, 20).unwrap(), weeks).unwrap();
    let booths = booths
        .into_iter()
        .enumerate()
        .map(|(k, (accepts, size))| Booth::new(format!("B-{k:02}"), size, accepts))
        .collect();
    let candidates = candidates
        .into_iter()
        .enumerate()
        .map(
            |(i, (c, new_producer, vulnerable, past_weeks, weeks_wanted, seasonality))| {
                let (application, business) = id(i);
                Candidate {
                    application,
                    business,
                    category: CATEGORIES[c],
                    new_producer,
                    vulnerable,
                    past_weeks,
                    weeks_wanted,
                    seasonality,
                    held: Vec::new(),
                }
            },
        )
        .collect();
    let weekly_limits = limits
        .into_iter()
        .enumerate()
        .filter_map(|(c, l)| l.map(|l| (CATEGORIES[c], l)))
        .collect();
    Instance {
        booths,
        horizon,
        candidates,
        rules: Rules {
            weekly_limits,
            monthly_cap,
            points: Points::default(),
        },
    }
}

fn instances(
    max_booths: usize,
    max_weeks: u16,
    max_candidates: usize,
) -> impl Strategy<Value = Instance> {
    (
        prop::collection::vec(booth_strategy(), 1..=max_booths),
        1..=max_weeks,
        prop::collection::vec(candidate_strategy(), 1..=max_candidates),
        prop::collection::vec(prop::option::of(0u32..3), 3),
        1u8..3,
    )
        .prop_map(|(b, w, c, l, m)| instance(b, w, c, l, m))
}

/// Points of a booking, written independently of the library: the j-th
/// booking (from 0) of candidate `c` in the week starting `start`.
fn points(c: &Candidate, j: u32, start: JalaliDate) -> u64 {
    let p = Points::default();
    let mut total = p.booking;
    if c.new_producer {
        total += p.new_producer;
    }
    if c.vulnerable {
        total += p.vulnerable;
    }
    let before = c.past_weeks + j;
    if before < p.rotation_weeks {
        total += p.rotation * (p.rotation_weeks - before);
    }
    if let Some(s) = c.seasonality {
        total += p.season * u32::from(s[usize::from(start.month()) - 1]) / 100;
    }
    u64::from(total)
}

/// Every rule holds, and the stated total is the sum of the bookings.
fn check_rules(x: &Instance, a: &Allocation) -> Result<(), TestCaseError> {
    let by_app: HashMap<ApplicationId, &Candidate> =
        x.candidates.iter().map(|c| (c.application, c)).collect();
    let booths: HashMap<&str, &Booth> = x.booths.iter().map(|b| (b.code.as_str(), b)).collect();
    let mut slots = BTreeSet::new();
    let mut business_weeks = BTreeSet::new();
    let mut per_category_week: BTreeMap<(Category, u16), u32> = BTreeMap::new();
    let mut per_month: BTreeMap<(ApplicationId, String), u8> = BTreeMap::new();
    let mut per_candidate: BTreeMap<ApplicationId, Vec<JalaliDate>> = BTreeMap::new();
    for b in &a.bookings {
        let c = by_app[&b.application];
        prop_assert_eq!(b.business, c.business);
        prop_assert!(
            booths[b.booth.as_str()].accepts(c.category),
            "booth category"
        );
        prop_assert!(
            slots.insert((b.booth.clone(), b.week.index)),
            "booth double-booked"
        );
        prop_assert!(
            business_weeks.insert((b.business, b.week.index)),
            "business twice in a week"
        );
        *per_category_week
            .entry((c.category, b.week.index))
            .or_default() += 1;
        *per_month
            .entry((b.application, b.week.month().to_string()))
            .or_default() += 1;
        per_candidate
            .entry(b.application)
            .or_default()
            .push(b.week.start);
        prop_assert_eq!(x.horizon.weeks()[usize::from(b.week.index)], b.week);
    }
    for ((category, _), n) in &per_category_week {
        if let Some(limit) = x.rules.weekly_limits.get(category) {
            prop_assert!(n <= limit, "weekly limit");
        }
    }
    for n in per_month.values() {
        prop_assert!(*n <= x.rules.monthly_cap, "monthly cap");
    }
    let mut total = 0;
    for (app, mut starts) in per_candidate {
        let c = by_app[&app];
        prop_assert!(starts.len() <= usize::from(c.weeks_wanted), "weeks wanted");
        starts.sort();
        total += starts
            .iter()
            .enumerate()
            .map(|(j, s)| points(c, j as u32, *s))
            .sum::<u64>();
    }
    prop_assert_eq!(total, a.total_points);
    // The waitlist holds exactly those with no booking, ranked.
    let booked: BTreeSet<ApplicationId> = a.bookings.iter().map(|b| b.application).collect();
    let waiting: BTreeSet<ApplicationId> = a.waitlist.iter().map(|w| w.application).collect();
    prop_assert_eq!(booked.len() + waiting.len(), x.candidates.len());
    prop_assert!(booked.is_disjoint(&waiting));
    for (i, w) in a.waitlist.iter().enumerate() {
        prop_assert_eq!(w.rank, i + 1);
        if i > 0 {
            prop_assert!(a.waitlist[i - 1].points >= w.points);
        }
    }
    Ok(())
}

/// The best total by brute force: every way to fill each booth-week with a
/// candidate or nobody.
fn brute_force(x: &Instance) -> u64 {
    let weeks = x.horizon.weeks();
    let slots: Vec<(usize, usize)> = (0..x.booths.len())
        .flat_map(|k| (0..weeks.len()).map(move |w| (k, w)))
        .collect();
    let mut choice = vec![usize::MAX; slots.len()];
    let mut best = 0;
    fn go(
        x: &Instance,
        slots: &[(usize, usize)],
        choice: &mut Vec<usize>,
        i: usize,
        best: &mut u64,
    ) {
        if i == slots.len() {
            if let Some(v) = value(x, slots, choice) {
                *best = (*best).max(v);
            }
            return;
        }
        choice[i] = usize::MAX;
        go(x, slots, choice, i + 1, best);
        for c in 0..x.candidates.len() {
            if x.booths[slots[i].0].accepts(x.candidates[c].category) {
                choice[i] = c;
                go(x, slots, choice, i + 1, best);
            }
        }
    }
    fn value(x: &Instance, slots: &[(usize, usize)], choice: &[usize]) -> Option<u64> {
        let weeks = x.horizon.weeks();
        let mut per_candidate: Vec<Vec<usize>> = vec![Vec::new(); x.candidates.len()];
        let mut per_category_week: HashMap<(Category, usize), u32> = HashMap::new();
        for (i, &c) in choice.iter().enumerate() {
            if c != usize::MAX {
                let w = slots[i].1;
                if per_candidate[c].contains(&w) {
                    return None;
                }
                per_candidate[c].push(w);
                *per_category_week
                    .entry((x.candidates[c].category, w))
                    .or_default() += 1;
            }
        }
        for ((category, _), n) in &per_category_week {
            if x.rules.weekly_limits.get(category).is_some_and(|l| n > l) {
                return None;
            }
        }
        let mut total = 0;
        for (c, ws) in per_candidate.iter_mut().enumerate() {
            let cand = &x.candidates[c];
            if ws.len() > usize::from(cand.weeks_wanted) {
                return None;
            }
            let mut months: HashMap<String, u8> = HashMap::new();
            for &w in ws.iter() {
                let m = months.entry(weeks[w].month().to_string()).or_default();
                *m += 1;
                if *m > x.rules.monthly_cap {
                    return None;
                }
            }
            ws.sort();
            total += ws
                .iter()
                .enumerate()
                .map(|(j, &w)| points(cand, j as u32, weeks[w].start))
                .sum::<u64>();
        }
        Some(total)
    }
    go(x, &slots, &mut choice, 0, &mut best);
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn rules_hold_and_input_order_does_not_matter(x in instances(5, 6, 12), seed in any::<u64>()) {
        let a = allocate(&x.booths, &x.horizon, &x.candidates, &x.rules).unwrap();
        check_rules(&x, &a)?;
        // Shuffled booths and candidates give the very same allocation.
        let mut y = x.clone();
        let mut state = seed | 1;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for i in (1..y.candidates.len()).rev() {
            let j = next(i + 1);
            y.candidates.swap(i, j);
        }
        for i in (1..y.booths.len()).rev() {
            let j = next(i + 1);
            y.booths.swap(i, j);
        }
        let b = allocate(&y.booths, &y.horizon, &y.candidates, &y.rules).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn optimal_against_brute_force(x in instances(2, 3, 3)) {
        let a = allocate(&x.booths, &x.horizon, &x.candidates, &x.rules).unwrap();
        check_rules(&x, &a)?;
        prop_assert_eq!(a.total_points, brute_force(&x));
    }

    /// One week wanted each and no weekly limits: a plain assignment
    /// problem, which the `lsap` crate solves independently.
    #[test]
    fn optimal_against_an_assignment_solver(x in instances(6, 5, 25)) {
        let mut x = x;
        x.rules.weekly_limits.clear();
        for c in &mut x.candidates {
            c.weeks_wanted = 1;
        }
        let a = allocate(&x.booths, &x.horizon, &x.candidates, &x.rules).unwrap();
        check_rules(&x, &a)?;
        let weeks = x.horizon.weeks();
        let cols = x.booths.len() * weeks.len();
        let mut value = vec![0.0; x.candidates.len() * cols];
        for (i, c) in x.candidates.iter().enumerate() {
            for (k, booth) in x.booths.iter().enumerate() {
                for (w, week) in weeks.iter().enumerate() {
                    if booth.accepts(c.category) {
                        value[i * cols + k * weeks.len() + w] = points(c, 0, week.start) as f64;
                    }
                }
            }
        }
        let best = lsap::get_assigned_cost(x.candidates.len(), cols, &value, true).unwrap();
        prop_assert_eq!(a.total_points, best as u64);
    }
}

#[test]
fn waitlist_reasons() {
    let x = instance(
        vec![
            (
                vec![Category::AgroProcessing, Category::Handicrafts],
                SizeClass::Standard
            );
            2
        ],
        2,
        vec![
            (0, false, false, 0, 2, None), // agro: limited to 1 a week
            (0, false, false, 5, 2, None), // agro, fewer points: waits on the limit
            (2, true, true, 0, 1, None),   // cultural: no booth takes it
            (1, false, false, 0, 2, None), // handicrafts
            (1, false, false, 9, 2, None), // handicrafts, fewest points: waits, booths full
        ],
        vec![Some(1), None, None],
        2,
    );
    let a = allocate(&x.booths, &x.horizon, &x.candidates, &x.rules).unwrap();
    let reasons: Vec<(BusinessId, WaitReason)> =
        a.waitlist.iter().map(|w| (w.business, w.reason)).collect();
    assert_eq!(a.bookings.len(), 4);
    assert_eq!(
        reasons,
        vec![
            (
                x.candidates[2].business,
                WaitReason::NoBoothAccepts {
                    category: Category::CulturalArtistic
                }
            ),
            (
                x.candidates[1].business,
                WaitReason::WeeklyLimit {
                    category: Category::AgroProcessing
                }
            ),
            (
                x.candidates[4].business,
                WaitReason::Full {
                    category: Category::Handicrafts
                }
            ),
        ]
    );
    assert_eq!(
        a.waitlist[0].reason.to_string(),
        "no booth accepts cultural_artistic"
    );
    // The explanation of a booking names its terms.
    let first = &a.bookings[0];
    assert_eq!(
        first.earned.to_string(),
        "180 points: booking 100, rotation 80 (0 weeks before)"
    );
}

#[test]
fn bad_input_is_refused() {
    let x = instance(
        vec![(vec![], SizeClass::Small)],
        1,
        vec![(0, false, false, 0, 1, None)],
        vec![],
        1,
    );
    let mut twice = x.candidates.clone();
    twice.push(x.candidates[0].clone());
    assert!(
        allocate(&x.booths, &x.horizon, &twice, &x.rules)
            .unwrap_err()
            .to_string()
            .contains("appears twice")
    );
    let mut none = x.candidates.clone();
    none[0].weeks_wanted = 0;
    assert!(allocate(&x.booths, &x.horizon, &none, &x.rules).is_err());
    let booths = vec![x.booths[0].clone(), x.booths[0].clone()];
    assert!(allocate(&booths, &x.horizon, &x.candidates, &x.rules).is_err());
    assert!(Horizon::new(JalaliDate::new(1404, 1, 1).unwrap(), 0).is_err());
}
