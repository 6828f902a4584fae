//! Recommendations: constraints with remedies, explanations, custom parts.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::Money;
use homebiz_core::channel::ChannelKind;
use homebiz_scoring::ScoringError;
use homebiz_scoring::catalog::{Catalog, Nuisance};
use homebiz_scoring::mcdm::{Ahp, CriterionType, Matrix};
use homebiz_scoring::recommend::*;
use proptest::prelude::*;

fn household() -> HouseholdProfile {
    HouseholdProfile {
        skills: vec![
            ("sewing".into(), 3),
            ("fruit_processing".into(), 1),
            ("baking".into(), 2),
        ],
        capital: Money::rial(50_000_000),
        loan_limit: Money::rial(100_000_000),
        space_m2: 12,
        separate_room: true,
        refuses: vec![Nuisance::Animals],
        hours_per_week: 30,
        interests: vec!["fruit_leather".into()],
    }
}

fn market() -> MarketContext {
    MarketContext::new(
        vec![
            ChannelKind::PermanentExhibition,
            ChannelKind::OnlineMarketplace,
            ChannelKind::SeasonalFair,
        ],
        1,
    )
}

fn failures<'a>(r: &'a Recommendation, code: &str) -> &'a [Failure] {
    &r.rejected
        .iter()
        .find(|x| x.activity.code() == code)
        .unwrap_or_else(|| panic!("{code} not rejected"))
        .failures
}

#[test]
fn constraints_give_reasons_and_remedies() {
    let catalog = Catalog::default_catalog().unwrap();
    let r = Recommender::standard()
        .recommend(&catalog, &household(), &market())
        .unwrap();
    assert_eq!(r.ranked.len() + r.rejected.len(), catalog.len());
    // No rug weaving skill: a course of the catalog's hours.
    let rug = failures(&r, "rug_weaving");
    let skills = rug.iter().find(|f| f.constraint == "skills").unwrap();
    assert_eq!(
        skills.remedy,
        Some(Remedy::Training {
            skill: "rug_weaving".into(),
            hours: 300
        })
    );
    // Saffron packing needs 150 M rials: 50 M own + 100 M loan limit is just enough.
    assert!(
        r.ranked
            .iter()
            .all(|x| x.activity.code() != "saffron_packing")
            || failures(&r, "saffron_packing")
                .iter()
                .all(|f| f.constraint != "capital")
    );
    // Sheep fattening needs 300 M: a loan of 250 M is the remedy; and animals are refused.
    let sheep = failures(&r, "sheep_fattening");
    let capital = sheep.iter().find(|f| f.constraint == "capital").unwrap();
    assert_eq!(
        capital.remedy,
        Some(Remedy::Loan {
            amount: Money::rial(250_000_000)
        })
    );
    assert!(sheep.iter().any(|f| f.constraint == "nuisance"));
    assert!(sheep.iter().any(|f| f.constraint == "space"));
    // Every recommended activity passed every constraint and has a channel or sells from home.
    for rec in &r.ranked {
        let activity = rec.activity;
        assert!(
            activity.data().channels.is_empty() || !rec.channels.is_empty(),
            "{}",
            rec.activity.code()
        );
    }
}

#[test]
fn saturated_markets_are_refused() {
    let catalog = Catalog::default_catalog().unwrap();
    let mut m = market();
    m.demand.insert("pickles".into(), 10);
    m.existing.insert("pickles".into(), 10);
    m.demand.insert("jam".into(), 10);
    m.existing.insert("jam".into(), 2);
    let mut h = household();
    h.skills.push(("pickles".into(), 2));
    let r = Recommender::standard().recommend(&catalog, &h, &m).unwrap();
    let pickles = failures(&r, "pickles");
    assert_eq!(pickles[0].constraint, "market");
    assert_eq!(
        pickles[0].reason.to_string(),
        "the local market is saturated: 10 businesses for demand of 10"
    );
    let jam = r
        .ranked
        .iter()
        .find(|x| x.activity.code() == "jam")
        .unwrap();
    let headroom = r
        .criteria
        .iter()
        .position(|c| c.name == "market_headroom")
        .unwrap();
    assert_eq!(r.parts(jam)[headroom].raw, 8.0);
}

#[test]
fn weighted_sum_parts_add_up_to_the_score() {
    let catalog = Catalog::default_catalog().unwrap();
    let r = Recommender::standard()
        .recommend(&catalog, &household(), &market())
        .unwrap();
    assert!(r.ranked.len() >= 5);
    let total_weight: f64 = r.criteria.iter().map(|c| c.weight).sum();
    assert!((total_weight - 1.0).abs() < 1e-12);
    for rec in &r.ranked {
        let sum: f64 = r.parts(rec).iter().map(|p| p.contribution).sum();
        assert!(
            (sum - rec.score).abs() < 1e-9,
            "{}: {sum} vs {}",
            rec.activity.code(),
            rec.score
        );
        for (part, criterion) in r.parts(rec).iter().zip(&r.criteria) {
            assert!(
                (0.0..=1.0).contains(&part.normalized),
                "{} {}: {part:?}",
                rec.activity.code(),
                criterion.name
            );
            if criterion.constant {
                assert_eq!(part.contribution, 0.0);
            }
        }
    }
    // Ranks are 1..n in order, scores non-increasing.
    for (i, pair) in r.ranked.windows(2).enumerate() {
        assert_eq!(pair[0].rank, i + 1);
        assert!(pair[0].score >= pair[1].score);
    }
    // No demand data: headroom is the same for all, so it is flagged constant.
    assert!(
        r.criteria
            .iter()
            .find(|c| c.name == "market_headroom")
            .unwrap()
            .constant
    );
}

#[test]
fn custom_criteria_and_constraints_plug_in() {
    let catalog = Catalog::default_catalog().unwrap();
    let no_food = constraint("no food", |a, _, _| {
        a.data()
            .health_certificate
            .then(|| "does not want to sell food".to_owned())
    });
    let loves_sewing = criterion("loves sewing", CriterionType::Benefit, |a, _, _| {
        if a.code() == "sewing" { 1.0 } else { 0.0 }
    });
    let r = Recommender::standard()
        .with_constraint(no_food)
        .with_criterion(loves_sewing, 10.0)
        .recommend(&catalog, &household(), &market())
        .unwrap();
    assert_eq!(r.ranked[0].activity.code(), "sewing");
    assert!(
        r.ranked
            .iter()
            .all(|x| !x.activity.data().health_certificate)
    );
    let fruit = failures(&r, "fruit_leather");
    assert!(
        fruit
            .iter()
            .any(|f| f.constraint == "no food" && f.remedy.is_none())
    );
    assert_eq!(r.criteria.last().unwrap().name, "loves sewing");
}

#[test]
fn weights_by_name_and_from_ahp() {
    let catalog = Catalog::default_catalog().unwrap();
    let mut rec = Recommender::standard();
    rec.set_weights(&[("interest".into(), 100.0)]).unwrap();
    let r = rec.recommend(&catalog, &household(), &market()).unwrap();
    assert_eq!(r.ranked[0].activity.code(), "fruit_leather");
    assert!(rec.set_weights(&[("nope".into(), 1.0)]).is_err());
    assert_eq!(
        rec.set_weights(&[("risk".into(), -1.0)]),
        Err(ScoringError::BadWeight { index: 8 })
    );

    let n = rec.criterion_names().len();
    let equal = Matrix::new(n, n, vec![1.0; n * n]).unwrap();
    rec.set_weights_from_ahp(&Ahp::from_pairwise(&equal).unwrap())
        .unwrap();
    let r = rec.recommend(&catalog, &household(), &market()).unwrap();
    let varying = r.criteria.iter().filter(|c| !c.constant).count() as f64;
    assert!(
        r.criteria
            .iter()
            .filter(|c| !c.constant)
            .all(|c| (c.weight - 1.0 / varying).abs() < 1e-12)
    );
    let inconsistent = Matrix::from_rows(&[
        [1.0, 9.0, 1.0 / 9.0],
        [1.0 / 9.0, 1.0, 9.0],
        [9.0, 1.0 / 9.0, 1.0],
    ])
    .unwrap();
    let err = rec
        .set_weights_from_ahp(&Ahp::from_pairwise(&inconsistent).unwrap())
        .unwrap_err();
    assert!(matches!(err, ScoringError::Inconsistent { .. }));
}

#[test]
fn topsis_ranks_the_same_activities() {
    let catalog = Catalog::default_catalog().unwrap();
    let wsum = Recommender::standard()
        .recommend(&catalog, &household(), &market())
        .unwrap();
    let topsis = Recommender::standard()
        .with_method(Method::Topsis)
        .recommend(&catalog, &household(), &market())
        .unwrap();
    let mut a: Vec<&str> = wsum.ranked.iter().map(|r| r.activity.code()).collect();
    let mut b: Vec<&str> = topsis.ranked.iter().map(|r| r.activity.code()).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    assert!(topsis.ranked.iter().all(|r| (0.0..=1.0).contains(&r.score)));
}

#[test]
fn nothing_fits_an_empty_household() {
    let catalog = Catalog::default_catalog().unwrap();
    let h = HouseholdProfile {
        skills: vec![],
        capital: Money::rial(0),
        loan_limit: Money::rial(0),
        space_m2: 0,
        separate_room: false,
        refuses: vec![],
        hours_per_week: 0,
        interests: vec![],
    };
    let r = Recommender::standard()
        .recommend(&catalog, &h, &market())
        .unwrap();
    assert!(r.ranked.is_empty());
    assert_eq!(r.rejected.len(), catalog.len());
    assert!(r.rejected.iter().all(|x| !x.failures.is_empty()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// The answer does not depend on the catalog's order.
    #[test]
    fn order_of_the_catalog_does_not_matter(seed in any::<u64>()) {
        let catalog = Catalog::default_catalog().unwrap();
        let mut data: Vec<_> = catalog.iter().map(|a| a.data().clone()).collect();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        for i in (1..data.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            data.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled = Catalog::new(data).unwrap();
        let a = Recommender::standard().recommend(&catalog, &household(), &market()).unwrap();
        let b = Recommender::standard().recommend(&shuffled, &household(), &market()).unwrap();
        prop_assert_eq!(&a.ranked, &b.ranked);
        for (x, y) in a.ranked.iter().zip(&b.ranked) {
            prop_assert_eq!(a.parts(x), b.parts(y));
        }
        prop_assert_eq!(a.rejected.len(), b.rejected.len());
    }
}

#[test]
fn builtins_as_traits_agree_with_the_recommender() {
    // The public built-in types give the same answers through the traits.
    use homebiz_scoring::recommend::builtin::{BuiltinConstraint, BuiltinCriterion};
    let catalog = Catalog::default_catalog().unwrap();
    let r = Recommender::standard()
        .recommend(&catalog, &household(), &market())
        .unwrap();
    for rec in &r.ranked {
        for (part, builtin) in r.parts(rec).iter().zip(BuiltinCriterion::ALL) {
            assert_eq!(
                Criterion::value(&builtin, rec.activity, &household(), &market()),
                part.raw
            );
        }
    }
    for rej in &r.rejected {
        let failed: Vec<Failure> = BuiltinConstraint::ALL
            .iter()
            .filter_map(|c| Constraint::check(c, rej.activity, &household(), &market()))
            .collect();
        assert_eq!(failed, rej.failures);
    }
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["ranked"][0]["activity"], r.ranked[0].activity.code());
    assert_eq!(
        json["ranked"][0]["parts"].as_array().unwrap().len(),
        r.criteria.len()
    );
    assert_eq!(
        json["ranked"][0]["parts"][0]["raw"],
        r.parts(&r.ranked[0])[0].raw
    );
}

#[test]
fn many_households_in_parallel_match_one_by_one() {
    let catalog = Catalog::default_catalog().unwrap();
    let mut households = vec![household(); 8];
    for (i, h) in households.iter_mut().enumerate() {
        h.hours_per_week = 15 + i as u8 * 3;
        h.capital = Money::rial(i as i64 * 20_000_000);
    }
    let rec = Recommender::standard();
    let many = rec
        .recommend_many(&catalog, &households, &market(), Some(3))
        .unwrap();
    for (h, got) in households.iter().zip(&many) {
        let mut one = rec.recommend(&catalog, h, &market()).unwrap();
        one.truncate(3);
        assert_eq!(got.ranked, one.ranked);
        assert!(got.ranked.len() <= 3);
        for (x, y) in got.ranked.iter().zip(&one.ranked) {
            assert_eq!(got.parts(x), one.parts(y));
        }
    }
}

/// A failed constraint's reason is typed, reads in Persian with
/// `describe`, and is serialised as the English sentence it was before it
/// had a type; a sentence read back is `Other`.
#[test]
fn failure_reasons_are_typed_described_in_persian_and_serialised_as_before() {
    use homebiz_core::MoneyFormat;
    use homebiz_core::text::Lang;
    let reasons = [
        FailureReason::Capital {
            needed: Money::rial(80_000_000),
        },
        FailureReason::Space {
            needed_m2: 12,
            has_m2: 6,
        },
        FailureReason::SeparateRoom,
        FailureReason::Nuisance {
            nuisance: Nuisance::Smell,
        },
        FailureReason::Time {
            needed: 20,
            has: 12,
        },
        FailureReason::Saturated {
            existing: 10,
            demand: 10,
        },
        FailureReason::NoChannel,
    ];
    let money = MoneyFormat::persian();
    for reason in &reasons {
        let fa = reason.describe(Lang::Fa, &money);
        assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{fa}");
        assert_ne!(fa, reason.to_string());
        let json = serde_json::to_value(reason).unwrap();
        assert_eq!(json, serde_json::Value::String(reason.to_string()));
        let back: FailureReason = serde_json::from_value(json).unwrap();
        assert_eq!(back, FailureReason::Other(reason.to_string()));
    }
    assert_eq!(
        reasons[3].to_string(),
        "brings smell the home cannot take",
        "the English sentence is as before"
    );
}

/// Every recommended activity has at least one reason a person can read
/// (issue #14): the strongest criteria when it stands above others, else
/// why not — the only candidate, candidates alike on every criterion, or
/// last on each criterion that counts.
#[test]
fn every_recommendation_gives_a_reason() {
    use homebiz_core::Lang;
    let catalog = Catalog::default_catalog().unwrap();
    let sewing = catalog.get("sewing").unwrap().data().clone();

    // One activity passes: min-max normalisation has nothing to compare,
    // every contribution is 0 (the old "strongest reasons" was empty).
    let one = Catalog::new(vec![sewing.clone()]).unwrap();
    let r = Recommender::standard()
        .recommend(&one, &household(), &market())
        .unwrap();
    assert_eq!((r.ranked.len(), r.passed()), (1, 1));
    assert!(r.parts(&r.ranked[0]).iter().all(|p| p.contribution == 0.0));
    let reasons = r.reasons(&r.ranked[0], 3);
    assert_eq!(reasons, [Reason::OnlyCandidate]);
    assert_eq!(
        reasons[0].describe(Lang::En),
        "the only activity that meets every requirement"
    );
    assert!(!reasons[0].describe(Lang::Fa).is_empty());

    // Two activities alike on every criterion.
    let mut twin = sewing.clone();
    twin.code = "sewing_twin".into();
    let twins = Catalog::new(vec![sewing.clone(), twin]).unwrap();
    for method in [Method::WeightedSum, Method::Topsis] {
        let r = Recommender::standard()
            .with_method(method)
            .recommend(&twins, &household(), &market())
            .unwrap();
        assert_eq!(r.ranked.len(), 2);
        for rec in &r.ranked {
            assert_eq!(r.reasons(rec, 3), [Reason::NothingVaries]);
        }
    }

    // The whole catalog: the best stands out on its criteria, strongest
    // first, at most the number asked; every one has a reason, kept
    // after a truncation and in the JSON.
    let mut r = Recommender::standard()
        .recommend(&catalog, &household(), &market())
        .unwrap();
    assert!(r.passed() > 3);
    let best = r.reasons(&r.ranked[0], 3);
    assert!(!best.is_empty() && best.len() <= 3);
    let contributions: Vec<f64> = best
        .iter()
        .map(|reason| match reason {
            Reason::Criterion { contribution, .. } => *contribution,
            other => panic!("expected a criterion, got {other:?}"),
        })
        .collect();
    assert!(contributions.windows(2).all(|w| w[0] >= w[1]));
    assert!(contributions.iter().all(|c| *c > 0.0));
    for rec in &r.ranked {
        let reasons = r.reasons(rec, 3);
        assert!(!reasons.is_empty(), "{}", rec.activity.code());
        if r.parts(rec).iter().all(|p| p.contribution <= 0.0) {
            assert_eq!(reasons, [Reason::MeetsRequirements]);
        }
    }
    let before = r.reasons(&r.ranked[0], 1);
    r.truncate(2);
    assert_eq!(r.reasons(&r.ranked[0], 1), before);
    assert!(r.passed() > 2);
    let json = serde_json::to_value(&r).unwrap();
    assert!(
        json["ranked"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| !x["reasons"].as_array().unwrap().is_empty())
    );
}
