//! Recommendation benchmarks: 300 activities × 10 criteria for one
//! household, with explanations; and 100,000 households on all cores,
//! keeping each one's ten best with their explanations.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use homebiz::core::Money;
use homebiz::core::channel::ChannelKind;
use homebiz::scoring::catalog::Catalog;
use homebiz::scoring::plan::plan;
use homebiz::scoring::recommend::{HouseholdProfile, MarketContext, Recommender};

/// 300 activities: the default catalog repeated with new codes and varied
/// figures.
fn catalog_300() -> Catalog {
    let base = Catalog::default_catalog().unwrap();
    let mut data = Vec::new();
    for k in 0.. {
        for a in base.iter() {
            if data.len() == 300 {
                return Catalog::new(data).unwrap();
            }
            let mut d = a.data().clone();
            d.code = format!("{}_{k}", d.code);
            d.capital_rial.min += k * 1_000_000;
            d.capital_rial.max += k * 1_000_000;
            d.risk = 1 + (d.risk + k as u8) % 5;
            data.push(d);
        }
    }
    unreachable!()
}

/// A household that has every skill of the catalog at some level, so that
/// most activities pass the constraints and all of them get ranked.
fn household(catalog: &Catalog, i: usize) -> HouseholdProfile {
    let mut skills: Vec<String> = catalog
        .iter()
        .flat_map(|a| a.data().skills.iter().map(|s| s.skill.clone()))
        .collect();
    skills.sort();
    skills.dedup();
    HouseholdProfile {
        skills: skills
            .into_iter()
            .enumerate()
            .map(|(k, s)| (s, 1 + ((i + k) % 4) as u8))
            .collect(),
        capital: Money::rial(((i % 20) as i64 + 1) * 10_000_000),
        loan_limit: Money::rial(1_000_000_000),
        space_m2: 40 + (i % 30) as u16,
        separate_room: true,
        refuses: vec![],
        hours_per_week: 40 + (i % 30) as u8,
        interests: vec!["fruit_leather_0".into(), "sewing_1".into()],
    }
}

fn market(catalog: &Catalog) -> MarketContext {
    let mut m = MarketContext::new(ChannelKind::ALL.to_vec(), 3);
    for (i, a) in catalog.iter().enumerate() {
        m.demand.insert(a.code().to_owned(), 5 + (i % 17) as u32);
        m.existing.insert(a.code().to_owned(), (i % 7) as u32);
    }
    m
}

fn bench(c: &mut Criterion) {
    let catalog = catalog_300();
    let market = market(&catalog);
    let recommender = Recommender::standard();
    let one = household(&catalog, 7);
    let r = recommender.recommend(&catalog, &one, &market).unwrap();
    assert!(
        r.ranked.len() >= 250,
        "most activities pass: {}",
        r.ranked.len()
    );
    let mut group = c.benchmark_group("scoring");
    // One area's market is prepared once and shared by its households.
    let prepared = recommender.prepare(&catalog, &market);
    group.bench_function("recommend_300x10_one_household", |b| {
        b.iter(|| black_box(prepared.recommend(&one).unwrap()))
    });
    let households: Vec<HouseholdProfile> = (0..100_000).map(|i| household(&catalog, i)).collect();
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    group.bench_function("recommend_300x10_100000_households", |b| {
        b.iter(|| {
            black_box(
                recommender
                    .recommend_many(&catalog, &households, &market, Some(10))
                    .unwrap()
                    .len(),
            )
        })
    });
    // A neighbourhood of 5,000 households, every activity capped by its headroom.
    let neighbourhood: Vec<(String, HouseholdProfile)> = (0..5_000)
        .map(|i| (format!("H-{i:05}"), household(&catalog, i)))
        .collect();
    let planned = plan(&recommender, &catalog, &neighbourhood, &market).unwrap();
    assert!(!planned.assignments.is_empty());
    group.bench_function("plan_5000x300", |b| {
        b.iter(|| {
            black_box(
                plan(&recommender, &catalog, &neighbourhood, &market)
                    .unwrap()
                    .total_fit,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
