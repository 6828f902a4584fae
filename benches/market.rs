//! Market benchmarks: booth allocation for 2,000 applicants over 60 booths
//! × 13 weeks (780 booth-weeks), each applicant wanting one week — the
//! instance `benches/compare_allocate.py` also gives scipy.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use homebiz::core::JalaliDate;
use homebiz::core::category::Category;
use homebiz::core::id::{ApplicationId, BusinessId, TypedId};
use homebiz::market::allocate::{Candidate, Horizon, Rules, allocate};
use homebiz::market::exhibition::{Booth, SizeClass};

/// A small deterministic generator (xorshift), so the instance is the same
/// on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// 60 booths: a third take any category, the rest two or three each.
fn booths(rng: &mut Rng) -> Vec<Booth> {
    (0..60)
        .map(|k| {
            let accepts = if k % 3 == 0 {
                vec![]
            } else {
                let mut cats: Vec<Category> = (0..3)
                    .map(|_| Category::ALL[rng.next(7) as usize])
                    .collect();
                cats.sort();
                cats.dedup();
                cats
            };
            Booth::new(format!("B-{k:02}"), SizeClass::ALL[k % 3], accepts)
        })
        .collect()
}

fn candidates(rng: &mut Rng, n: usize) -> Vec<Candidate> {
    (0..n)
        .map(|i| Candidate {
            application: ApplicationId::from_parts(1_700_000_000_000 + i as u64, [1; 10]),
            business: BusinessId::from_parts(1_700_000_000_000 + i as u64, [2; 10]),
            category: Category::ALL[rng.next(7) as usize],
            new_producer: rng.next(3) == 0,
            vulnerable: rng.next(4) == 0,
            past_weeks: rng.next(12) as u32,
            weeks_wanted: 1,
            seasonality: Some(std::array::from_fn(|_| rng.next(101) as u8)),
            held: Vec::new(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng(1404);
    let booths = booths(&mut rng);
    let candidates = candidates(&mut rng, 2_000);
    let horizon = Horizon::new(JalaliDate::new(1404, 1, 1).unwrap(), 13).unwrap();
    let rules = Rules::default();
    let a = allocate(&booths, &horizon, &candidates, &rules).unwrap();
    assert_eq!(a.bookings.len(), 780);
    c.bench_function("market/allocate_2000x780", |b| {
        b.iter(|| {
            black_box(
                allocate(&booths, &horizon, &candidates, &rules)
                    .unwrap()
                    .total_points,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
