//! Property tests of the multi-criteria methods.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_scoring::mcdm::{
    Ahp, Better, CriterionType, Matrix, Normalization, ranks, topsis, vikor, weighted_sum,
};
use proptest::prelude::*;

/// A matrix of 2–12 alternatives × 1–6 criteria whose columns are not
/// constant, with weights and types.
fn problem() -> impl Strategy<Value = (Matrix, Vec<f64>, Vec<CriterionType>)> {
    (2usize..12, 1usize..6).prop_flat_map(|(rows, cols)| {
        (
            prop::collection::vec(prop::collection::vec(0.5f64..100.0, cols), rows),
            prop::collection::vec(0.01f64..10.0, cols),
            prop::collection::vec(prop::bool::ANY, cols),
        )
            .prop_filter_map("constant column", move |(mut data, weights, costs)| {
                for x in data[0].iter_mut() {
                    // Make every column vary.
                    *x += 1.0;
                }
                let m = Matrix::from_rows(&data).ok()?;
                let types = costs
                    .iter()
                    .map(|&c| {
                        if c {
                            CriterionType::Cost
                        } else {
                            CriterionType::Benefit
                        }
                    })
                    .collect();
                Some((m, weights, types))
            })
    })
}

fn scale_column(m: &Matrix, column: usize, factor: f64) -> Matrix {
    let rows: Vec<Vec<f64>> = (0..m.rows())
        .map(|r| {
            m.row(r)
                .iter()
                .enumerate()
                .map(|(j, &x)| if j == column { x * factor } else { x })
                .collect()
        })
        .collect();
    Matrix::from_rows(&rows).unwrap()
}

proptest! {
    #[test]
    fn scores_are_bounded((m, w, t) in problem()) {
        for c in topsis(&m, &w, &t, Normalization::Vector).unwrap() {
            prop_assert!((0.0..=1.0).contains(&c));
        }
        for c in topsis(&m, &w, &t, Normalization::MinMax).unwrap() {
            prop_assert!((0.0..=1.0).contains(&c));
        }
        for s in weighted_sum(&m, &w, &t).unwrap() {
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&s));
        }
        let v = vikor(&m, &w, &t, 0.5).unwrap();
        for q in v.q {
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&q));
        }
    }

    #[test]
    fn rankings_ignore_units_and_weight_scale((m, w, t) in problem(), column in 0usize..6, factor in 0.1f64..1000.0) {
        let column = column % m.cols();
        let rescaled = scale_column(&m, column, factor);
        let doubled: Vec<f64> = w.iter().map(|x| x * 2.0).collect();
        for normalization in [Normalization::Vector, Normalization::MinMax] {
            let a = topsis(&m, &w, &t, normalization).unwrap();
            let b = topsis(&rescaled, &doubled, &t, normalization).unwrap();
            for (x, y) in a.iter().zip(&b) {
                prop_assert!((x - y).abs() < 1e-9, "{x} vs {y}");
            }
        }
        let a = weighted_sum(&m, &w, &t).unwrap();
        let b = weighted_sum(&rescaled, &doubled, &t).unwrap();
        for (x, y) in a.iter().zip(&b) {
            prop_assert!((x - y).abs() < 1e-9);
        }
    }

    #[test]
    fn ranks_are_a_permutation(scores in prop::collection::vec(-10.0f64..10.0, 0..50)) {
        for better in [Better::Higher, Better::Lower] {
            let mut r = ranks(&scores, better);
            r.sort_unstable();
            prop_assert_eq!(r, (1..=scores.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn ahp_recovers_weights_of_consistent_judgements(w in prop::collection::vec(0.1f64..10.0, 1..10)) {
        let n = w.len();
        let rows: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| w[i] / w[j]).collect()).collect();
        let ahp = Ahp::from_pairwise(&Matrix::from_rows(&rows).unwrap()).unwrap();
        let total: f64 = w.iter().sum();
        for (got, want) in ahp.weights.iter().zip(w.iter().map(|x| x / total)) {
            prop_assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        prop_assert!((ahp.lambda_max - n as f64).abs() < 1e-9);
        prop_assert!(ahp.cr < 1e-9 && ahp.is_consistent());
    }

    #[test]
    fn any_finite_input_gives_a_result_or_an_error(
        data in prop::collection::vec(prop::collection::vec(-1e6f64..1e6, 3), 1..8),
        w in prop::collection::vec(-1.0f64..5.0, 3),
    ) {
        let m = Matrix::from_rows(&data).unwrap();
        let t = [CriterionType::Benefit, CriterionType::Cost, CriterionType::Benefit];
        if let Ok(scores) = topsis(&m, &w, &t, Normalization::Vector) {
            prop_assert!(scores.iter().all(|s| s.is_finite()));
        }
        if let Ok(scores) = weighted_sum(&m, &w, &t) {
            prop_assert!(scores.iter().all(|s| s.is_finite()));
        }
        if let Ok(v) = vikor(&m, &w, &t, 0.5) {
            prop_assert!(v.q.iter().all(|s| s.is_finite()));
        }
    }
}
