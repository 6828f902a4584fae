//! Scoring benchmarks: TOPSIS on a 100,000 × 10 matrix.
//!
//! The matrix is `x[i][j] = 1 + ((i·7919 + j·104729) mod 1000) / 10`, with
//! benefit and cost criteria alternating and weights 1..=10;
//! `benches/compare_topsis.py` builds the same matrix and times numpy and
//! pymcdm on it in the same run.

// Benchmarks may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use homebiz::scoring::mcdm::{CriterionType, Matrix, Normalization, topsis, weighted_sum};

const ROWS: usize = 100_000;
const COLS: usize = 10;

/// The shared benchmark matrix, weights and types.
fn problem() -> (Matrix, Vec<f64>, Vec<CriterionType>) {
    let data = (0..ROWS)
        .flat_map(|i| (0..COLS).map(move |j| 1.0 + ((i * 7919 + j * 104_729) % 1000) as f64 / 10.0))
        .collect();
    let weights = (1..=COLS).map(|w| w as f64).collect();
    let types = (0..COLS)
        .map(|j| {
            if j % 2 == 0 {
                CriterionType::Benefit
            } else {
                CriterionType::Cost
            }
        })
        .collect();
    (Matrix::new(ROWS, COLS, data).unwrap(), weights, types)
}

fn bench_topsis(c: &mut Criterion) {
    let (m, w, t) = problem();
    let mut group = c.benchmark_group("scoring");
    group.bench_function("topsis_vector_100000x10", |b| {
        b.iter(|| black_box(topsis(&m, &w, &t, Normalization::Vector).unwrap()))
    });
    group.bench_function("topsis_minmax_100000x10", |b| {
        b.iter(|| black_box(topsis(&m, &w, &t, Normalization::MinMax).unwrap()))
    });
    group.bench_function("weighted_sum_100000x10", |b| {
        b.iter(|| black_box(weighted_sum(&m, &w, &t).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench_topsis);
criterion_main!(benches);
