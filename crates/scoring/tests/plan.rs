//! The neighbourhood plan is optimal (checked against brute force on small
//! instances), respects every headroom, and explains itself.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::Money;
use homebiz_core::channel::ChannelKind;
use homebiz_scoring::catalog::Catalog;
use homebiz_scoring::plan::{FIT_SCALE, plan};
use homebiz_scoring::recommend::{HouseholdProfile, MarketContext, Recommender};
use proptest::prelude::*;

fn small_catalog(picks: &[usize]) -> Catalog {
    let all = Catalog::default_catalog().unwrap();
    let data = picks
        .iter()
        .map(|&i| all.activities()[i % all.len()].data().clone())
        .collect::<Vec<_>>();
    let mut seen = std::collections::HashSet::new();
    Catalog::new(
        data.into_iter()
            .filter(|d| seen.insert(d.code.clone()))
            .collect(),
    )
    .unwrap()
}

fn profile(catalog: &Catalog, levels: &[u8], hours: u8) -> HouseholdProfile {
    let mut skills: Vec<(String, u8)> = Vec::new();
    for (k, a) in catalog.iter().enumerate() {
        for need in &a.data().skills {
            skills.push((need.skill.clone(), levels[k % levels.len()]));
        }
    }
    HouseholdProfile {
        skills,
        capital: Money::rial(100_000_000),
        loan_limit: Money::rial(1_000_000_000),
        space_m2: 50,
        separate_room: true,
        refuses: vec![],
        hours_per_week: hours,
        interests: vec![],
    }
}

/// The best total of integer fits over every assignment, by brute force.
fn brute_force(fits: &[Vec<Option<i64>>], capacity: &[i64]) -> i64 {
    fn go(h: usize, fits: &[Vec<Option<i64>>], left: &mut [i64]) -> i64 {
        if h == fits.len() {
            return 0;
        }
        let mut best = go(h + 1, fits, left); // unassigned
        for (a, fit) in fits[h].iter().enumerate() {
            if let Some(fit) = fit
                && left[a] > 0
            {
                left[a] -= 1;
                best = best.max(fit + go(h + 1, fits, left));
                left[a] += 1;
            }
        }
        best
    }
    go(0, fits, &mut capacity.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn plan_is_optimal_and_within_headroom(
        picks in prop::collection::vec(0usize..47, 2..5),
        households in prop::collection::vec((prop::collection::vec(0u8..=4, 4), 10u8..60), 1..6),
        demand in prop::collection::vec(0u32..4, 4),
    ) {
        let catalog = small_catalog(&picks);
        let mut market = MarketContext::new(ChannelKind::ALL.to_vec(), 4);
        for (k, a) in catalog.iter().enumerate() {
            market.demand.insert(a.code().to_owned(), demand[k % demand.len()] + 1);
            market.existing.insert(a.code().to_owned(), 1);
        }
        let profiles: Vec<(String, HouseholdProfile)> = households
            .iter()
            .enumerate()
            .map(|(i, (levels, hours))| (format!("H-{i}"), profile(&catalog, levels, *hours)))
            .collect();
        let recommender = Recommender::standard();
        let p = plan(&recommender, &catalog, &profiles, &market).unwrap();

        // Every household once; headroom respected.
        prop_assert_eq!(p.assignments.len() + p.unassigned.len(), profiles.len());
        for load in &p.load {
            prop_assert!(load.assigned as i64 <= load.headroom.unwrap());
        }
        // Optimal: the same integer fits, brute-forced.
        let capacity: Vec<i64> = catalog.iter().map(|a| market.headroom(a.code()).unwrap().max(0)).collect();
        let fits: Vec<Vec<Option<i64>>> = profiles
            .iter()
            .map(|(_, h)| {
                let r = recommender.recommend(&catalog, h, &market).unwrap();
                catalog
                    .iter()
                    .map(|a| r.ranked.iter().find(|x| x.activity.code() == a.code()).map(|x| (x.score * FIT_SCALE).round() as i64))
                    .collect()
            })
            .collect();
        let best = brute_force(&fits, &capacity);
        let ours: i64 = p.assignments.iter().map(|a| (a.fit * FIT_SCALE).round() as i64).sum();
        prop_assert_eq!(ours, best);
        // Each assignment is one the household's constraints allow.
        for a in &p.assignments {
            prop_assert!(a.choice >= 1);
        }
    }

    /// Shuffling the households changes nothing: ties are broken by ID. Few
    /// distinct profiles make ties common.
    #[test]
    fn plan_does_not_depend_on_input_order(
        picks in prop::collection::vec(0usize..47, 2..5),
        kinds in prop::collection::vec((prop::collection::vec(1u8..=4, 4), 20u8..60), 1..3),
        members in prop::collection::vec(0usize..3, 2..12),
        seed in any::<u64>(),
    ) {
        let catalog = small_catalog(&picks);
        let mut market = MarketContext::new(ChannelKind::ALL.to_vec(), 4);
        for a in catalog.iter() {
            market.demand.insert(a.code().to_owned(), 2);
            market.existing.insert(a.code().to_owned(), 0);
        }
        let profiles: Vec<(String, HouseholdProfile)> = members
            .iter()
            .enumerate()
            .map(|(i, &k)| {
                let (levels, hours) = &kinds[k % kinds.len()];
                (format!("H-{i:02}"), profile(&catalog, levels, *hours))
            })
            .collect();
        let mut shuffled = profiles.clone();
        // A Fisher–Yates shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let recommender = Recommender::standard();
        let key = |p: &homebiz_scoring::plan::Plan<'_>| {
            let mut chosen: Vec<(String, String)> = p
                .assignments
                .iter()
                .map(|a| (a.household.clone(), a.activity.code().to_owned()))
                .collect();
            chosen.sort();
            let mut left: Vec<String> = p.unassigned.iter().map(|u| u.household.clone()).collect();
            left.sort();
            (chosen, left)
        };
        let a = plan(&recommender, &catalog, &profiles, &market).unwrap();
        let b = plan(&recommender, &catalog, &shuffled, &market).unwrap();
        prop_assert_eq!(key(&a), key(&b));
    }
}

#[test]
fn saturated_activities_push_households_to_their_next_choice() {
    let catalog = Catalog::default_catalog().unwrap();
    let cook = HouseholdProfile {
        skills: vec![("pickles".into(), 2), ("fruit_processing".into(), 2)],
        capital: Money::rial(50_000_000),
        loan_limit: Money::rial(200_000_000),
        space_m2: 12,
        separate_room: true,
        refuses: vec![],
        hours_per_week: 30,
        interests: vec!["pickles".into()],
    };
    let households: Vec<(String, HouseholdProfile)> =
        (1..=5).map(|i| (format!("H-{i}"), cook.clone())).collect();
    let mut market = MarketContext::new(ChannelKind::ALL.to_vec(), 7);
    market.demand.insert("pickles".into(), 3);
    market.existing.insert("pickles".into(), 1);
    let p = plan(&Recommender::standard(), &catalog, &households, &market).unwrap();
    let pickles = p
        .assignments
        .iter()
        .filter(|a| a.activity.code() == "pickles")
        .count();
    assert_eq!(pickles, 2);
    assert_eq!(p.assignments.len(), 5);
    let moved: Vec<_> = p
        .assignments
        .iter()
        .filter(|a| a.activity.code() != "pickles")
        .collect();
    assert!(
        moved
            .iter()
            .all(|a| a.note.as_ref().map(ToString::to_string).as_deref()
                == Some("better-ranked activities are full: pickles")
                || a.choice == 1),
        "{moved:?}"
    );
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(json["assignments"].as_array().unwrap().len(), 5);
    // The same input gives the same plan.
    assert_eq!(
        plan(&Recommender::standard(), &catalog, &households, &market).unwrap(),
        p
    );
}
