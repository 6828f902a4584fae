//! Multi-criteria decision methods on any decision matrix: weighted sum,
//! TOPSIS, VIKOR, and AHP weights from pairwise comparisons.
//!
//! A decision matrix has one row per alternative and one column per
//! criterion. Each criterion is a [`CriterionType::Benefit`] (more is
//! better) or a [`CriterionType::Cost`] (less is better). Weights must be
//! finite and non-negative with a positive sum; they are rescaled to sum to
//! 1, so `[3, 4, 3]` and `[0.3, 0.4, 0.3]` mean the same.
//!
//! Degenerate input is an error, never a silent NaN: a NaN or infinite
//! value, a negative weight, a column that cannot be normalised (constant
//! under min-max, all zeros under vector normalisation), or inconsistent AHP
//! judgements.
//!
//! Scores are `f64`: they rank alternatives and are not money.
//!
//! ```
//! use homebiz_scoring::mcdm::{CriterionType::Benefit, Matrix, Normalization, topsis};
//!
//! let x = Matrix::from_rows(&[[5.0, 8.0, 4.0], [7.0, 6.0, 8.0], [8.0, 8.0, 6.0], [7.0, 4.0, 6.0]])?;
//! let closeness = topsis(&x, &[0.3, 0.4, 0.3], &[Benefit; 3], Normalization::Vector)?;
//! let rounded: Vec<f64> = closeness.iter().map(|c| (c * 1e4).round() / 1e4).collect();
//! assert_eq!(rounded, [0.5037, 0.6581, 0.7482, 0.3340]);
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Result, ScoringError};

/// A decision matrix: alternatives in rows, criteria in columns, all values
/// finite.
#[derive(Debug, Clone, PartialEq)]
pub struct Matrix {
    rows: usize,
    cols: usize,
    // Row-major.
    data: Vec<f64>,
}

impl Matrix {
    /// A `rows × cols` matrix from row-major `data`.
    pub fn new(rows: usize, cols: usize, data: Vec<f64>) -> Result<Self> {
        if rows == 0 || cols == 0 {
            return Err(ScoringError::Empty);
        }
        let expected = rows.checked_mul(cols).ok_or(ScoringError::Empty)?;
        if data.len() != expected {
            return Err(ScoringError::Shape {
                what: "matrix values",
                expected,
                found: data.len(),
            });
        }
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(ScoringError::NotFinite {
                row: i / cols,
                column: i % cols,
            });
        }
        Ok(Self { rows, cols, data })
    }

    /// A matrix from its rows, which must all have the same length.
    pub fn from_rows<R: AsRef<[f64]>>(rows: &[R]) -> Result<Self> {
        let cols = rows.first().map_or(0, |r| r.as_ref().len());
        let mut data = Vec::with_capacity(rows.len() * cols);
        for row in rows {
            let row = row.as_ref();
            if row.len() != cols {
                return Err(ScoringError::Shape {
                    what: "row length",
                    expected: cols,
                    found: row.len(),
                });
            }
            data.extend_from_slice(row);
        }
        Self::new(rows.len(), cols, data)
    }

    /// The number of alternatives.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of criteria.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `r`.
    pub fn row(&self, r: usize) -> &[f64] {
        &self.data[r * self.cols..(r + 1) * self.cols]
    }

    /// The value at row `r`, column `c`.
    pub fn get(&self, r: usize, c: usize) -> f64 {
        self.data[r * self.cols + c]
    }

    fn row_iter(&self) -> std::slice::ChunksExact<'_, f64> {
        self.data.chunks_exact(self.cols)
    }
}

/// Whether more or less of a criterion is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CriterionType {
    /// More is better (income, market headroom).
    Benefit,
    /// Less is better (capital needed, risk).
    Cost,
}

impl FromStr for CriterionType {
    type Err = ScoringError;

    /// Accepts `b`, `benefit`, `c` and `cost`.
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "b" | "benefit" | "profit" => Ok(Self::Benefit),
            "c" | "cost" => Ok(Self::Cost),
            _ => Err(ScoringError::Parameter {
                name: "criterion type",
                rule: "b (benefit) or c (cost)",
            }),
        }
    }
}

/// How TOPSIS normalises columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Normalization {
    /// Each value divided by its column's Euclidean norm (the classical
    /// choice, and the default).
    #[default]
    Vector,
    /// Each value mapped to 0–1 by its column's minimum and maximum.
    MinMax,
}

impl FromStr for Normalization {
    type Err = ScoringError;

    /// Accepts `vector` and `minmax`.
    fn from_str(s: &str) -> Result<Self> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "vector" => Ok(Self::Vector),
            "minmax" => Ok(Self::MinMax),
            _ => Err(ScoringError::Parameter {
                name: "normalization",
                rule: "vector or minmax",
            }),
        }
    }
}

impl fmt::Display for Normalization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Vector => "vector",
            Self::MinMax => "minmax",
        })
    }
}

/// Checks weights and types against `cols` and rescales the weights to sum
/// to 1.
fn prepare(cols: usize, weights: &[f64], types: &[CriterionType]) -> Result<Vec<f64>> {
    if weights.len() != cols {
        return Err(ScoringError::Shape {
            what: "weights",
            expected: cols,
            found: weights.len(),
        });
    }
    if types.len() != cols {
        return Err(ScoringError::Shape {
            what: "criterion types",
            expected: cols,
            found: types.len(),
        });
    }
    if let Some(index) = weights.iter().position(|w| !w.is_finite() || *w < 0.0) {
        return Err(ScoringError::BadWeight { index });
    }
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        return Err(ScoringError::ZeroWeights);
    }
    Ok(weights.iter().map(|w| w / sum).collect())
}

/// Per-column minimum, maximum and sum of squares, in one pass.
struct ColumnStats {
    min: Vec<f64>,
    max: Vec<f64>,
    sum_sq: Vec<f64>,
}

impl ColumnStats {
    fn of(m: &Matrix) -> Self {
        let mut min = m.row(0).to_vec();
        let mut max = min.clone();
        let mut sum_sq = vec![0.0; m.cols];
        for row in m.row_iter() {
            for (j, &x) in row.iter().enumerate() {
                min[j] = min[j].min(x);
                max[j] = max[j].max(x);
                sum_sq[j] += x * x;
            }
        }
        Self { min, max, sum_sq }
    }

    /// Column ranges, refusing a constant column.
    fn ranges(&self) -> Result<Vec<f64>> {
        self.min
            .iter()
            .zip(&self.max)
            .enumerate()
            .map(|(column, (lo, hi))| {
                let range = hi - lo;
                if range > 0.0 {
                    Ok(range)
                } else {
                    Err(ScoringError::ConstantColumn { column })
                }
            })
            .collect()
    }
}

/// Weighted sum of min-max normalised values: for a benefit criterion
/// `(x − min) / (max − min)`, for a cost criterion `(max − x) / (max − min)`.
/// Higher is better; scores lie in 0–1.
///
/// ```
/// use homebiz_scoring::mcdm::{CriterionType::*, Matrix, weighted_sum};
/// // Two activities: income (benefit) and capital needed (cost).
/// let x = Matrix::from_rows(&[[10.0, 5.0], [20.0, 15.0]])?;
/// assert_eq!(weighted_sum(&x, &[1.0, 1.0], &[Benefit, Cost])?, [0.5, 0.5]);
/// assert_eq!(weighted_sum(&x, &[3.0, 1.0], &[Benefit, Cost])?, [0.25, 0.75]);
/// # Ok::<(), homebiz_scoring::ScoringError>(())
/// ```
pub fn weighted_sum(m: &Matrix, weights: &[f64], types: &[CriterionType]) -> Result<Vec<f64>> {
    let w = prepare(m.cols, weights, types)?;
    let stats = ColumnStats::of(m);
    let ranges = stats.ranges()?;
    Ok(m.row_iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(j, &x)| {
                    let n = match types[j] {
                        CriterionType::Benefit => (x - stats.min[j]) / ranges[j],
                        CriterionType::Cost => (stats.max[j] - x) / ranges[j],
                    };
                    w[j] * n
                })
                .sum()
        })
        .collect())
}

/// TOPSIS: the relative closeness of each alternative to the ideal
/// solution, `d⁻ / (d⁺ + d⁻)` in 0–1, higher is better.
///
/// Columns are normalised by `normalization` and weighted; the ideal takes
/// each column's best value (the largest for a benefit criterion, the
/// smallest for a cost one), the anti-ideal the worst; `d⁺` and `d⁻` are
/// Euclidean distances to them. If every alternative is identical, all
/// distances are zero and each closeness is 0.5.
pub fn topsis(
    m: &Matrix,
    weights: &[f64],
    types: &[CriterionType],
    normalization: Normalization,
) -> Result<Vec<f64>> {
    let w = prepare(m.cols, weights, types)?;
    let stats = ColumnStats::of(m);
    // Each column maps x to scale·x + shift, then the ideal and anti-ideal
    // are the images of its best and worst raw values.
    let mut scale = vec![0.0; m.cols];
    let mut shift = vec![0.0; m.cols];
    match normalization {
        Normalization::Vector => {
            for j in 0..m.cols {
                let norm = stats.sum_sq[j].sqrt();
                if norm == 0.0 {
                    return Err(ScoringError::ZeroColumn { column: j });
                }
                scale[j] = w[j] / norm;
            }
        }
        Normalization::MinMax => {
            let ranges = stats.ranges()?;
            for j in 0..m.cols {
                scale[j] = w[j] / ranges[j];
                shift[j] = -stats.min[j] * scale[j];
            }
        }
    }
    let (mut best, mut worst) = (vec![0.0; m.cols], vec![0.0; m.cols]);
    for j in 0..m.cols {
        let (hi, lo) = (
            stats.max[j] * scale[j] + shift[j],
            stats.min[j] * scale[j] + shift[j],
        );
        (best[j], worst[j]) = match types[j] {
            CriterionType::Benefit => (hi, lo),
            CriterionType::Cost => (lo, hi),
        };
    }
    Ok(m.row_iter()
        .map(|row| {
            let (mut plus, mut minus) = (0.0, 0.0);
            for j in 0..row.len() {
                let v = row[j] * scale[j] + shift[j];
                plus += (v - best[j]) * (v - best[j]);
                minus += (v - worst[j]) * (v - worst[j]);
            }
            let (plus, minus) = (plus.sqrt(), minus.sqrt());
            if plus + minus == 0.0 {
                0.5
            } else {
                minus / (plus + minus)
            }
        })
        .collect())
}

/// The result of [`vikor`]: per alternative, the group utility `S`, the
/// individual regret `R`, and the compromise index `Q` (lower is better for
/// all three).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vikor {
    /// Group utility: the weighted sum of normalised distances to the best.
    pub s: Vec<f64>,
    /// Individual regret: the largest weighted normalised distance.
    pub r: Vec<f64>,
    /// Compromise index `v·(S − S*)/(S⁻ − S*) + (1 − v)·(R − R*)/(R⁻ − R*)`.
    pub q: Vec<f64>,
}

/// VIKOR with strategy weight `v` (0.5 by default in the literature: the
/// majority's utility and the individual regret count equally).
///
/// When every alternative has the same `S` (or the same `R`), that term of
/// `Q` is taken as 0.
pub fn vikor(m: &Matrix, weights: &[f64], types: &[CriterionType], v: f64) -> Result<Vikor> {
    if !(0.0..=1.0).contains(&v) {
        return Err(ScoringError::Parameter {
            name: "v",
            rule: "between 0 and 1",
        });
    }
    let w = prepare(m.cols, weights, types)?;
    let stats = ColumnStats::of(m);
    let ranges = stats.ranges()?;
    let (mut s, mut r) = (Vec::with_capacity(m.rows), Vec::with_capacity(m.rows));
    for row in m.row_iter() {
        let (mut si, mut ri) = (0.0_f64, 0.0_f64);
        for (j, &x) in row.iter().enumerate() {
            let gap = match types[j] {
                CriterionType::Benefit => stats.max[j] - x,
                CriterionType::Cost => x - stats.min[j],
            };
            let d = w[j] * gap / ranges[j];
            si += d;
            ri = ri.max(d);
        }
        s.push(si);
        r.push(ri);
    }
    let spread = |values: &[f64]| {
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi - lo)
    };
    let ((s_best, s_span), (r_best, r_span)) = (spread(&s), spread(&r));
    let part = |x: f64, best: f64, span: f64| if span > 0.0 { (x - best) / span } else { 0.0 };
    let q = s
        .iter()
        .zip(&r)
        .map(|(&si, &ri)| v * part(si, s_best, s_span) + (1.0 - v) * part(ri, r_best, r_span))
        .collect();
    Ok(Vikor { s, r, q })
}

/// Saaty's random consistency index for n = 1 to 10 criteria.
pub const RANDOM_INDEX: [f64; 10] = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];

/// The largest consistency ratio accepted.
pub const MAX_CONSISTENCY_RATIO: f64 = 0.1;

/// AHP weights from a pairwise comparison matrix, with their consistency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ahp {
    /// The weights: the principal eigenvector, summing to 1.
    pub weights: Vec<f64>,
    /// The principal eigenvalue.
    pub lambda_max: f64,
    /// Consistency index `(λmax − n) / (n − 1)` (0 for n ≤ 2).
    pub ci: f64,
    /// Consistency ratio `CI / RI(n)` (0 for n ≤ 2).
    pub cr: f64,
}

impl Ahp {
    /// Derives weights from `pairwise`, a square matrix where entry
    /// `(i, j)` says how much more important criterion `i` is than `j`
    /// (Saaty's 1–9 scale). It must be positive with a diagonal of 1 and
    /// reciprocal: `a[j][i] = 1 / a[i][j]`, within 1% (so 0.333 passes for
    /// 1/3).
    ///
    /// ```
    /// use homebiz_scoring::mcdm::{Ahp, Matrix};
    /// let a = Matrix::from_rows(&[
    ///     [1.0, 1.0, 5.0, 2.0],
    ///     [1.0, 1.0, 3.0, 4.0],
    ///     [0.2, 1.0 / 3.0, 1.0, 0.75],
    ///     [0.5, 0.25, 4.0 / 3.0, 1.0],
    /// ])?;
    /// let ahp = Ahp::from_pairwise(&a)?;
    /// assert!(ahp.is_consistent());
    /// assert!((ahp.weights[0] - 0.3742).abs() < 5e-5);
    /// # Ok::<(), homebiz_scoring::ScoringError>(())
    /// ```
    pub fn from_pairwise(pairwise: &Matrix) -> Result<Self> {
        let n = pairwise.rows();
        if pairwise.cols() != n {
            return Err(ScoringError::Shape {
                what: "pairwise columns",
                expected: n,
                found: pairwise.cols(),
            });
        }
        if n > RANDOM_INDEX.len() {
            return Err(ScoringError::TooManyCriteria { found: n });
        }
        for i in 0..n {
            for j in 0..n {
                let a = pairwise.get(i, j);
                if a <= 0.0 {
                    return Err(ScoringError::NotPositive { row: i, column: j });
                }
                let reciprocal = a * pairwise.get(j, i);
                if (reciprocal - 1.0).abs() > 0.01 || (i == j && (a - 1.0).abs() > 0.01) {
                    return Err(ScoringError::NotReciprocal { row: i, column: j });
                }
            }
        }
        let weights = principal_eigenvector(pairwise);
        let lambda_max = (0..n)
            .map(|i| (0..n).map(|j| pairwise.get(i, j) * weights[j]).sum::<f64>() / weights[i])
            .sum::<f64>()
            / n as f64;
        let (ci, cr) = if n <= 2 {
            (0.0, 0.0)
        } else {
            let ci = ((lambda_max - n as f64) / (n as f64 - 1.0)).max(0.0);
            (ci, ci / RANDOM_INDEX[n - 1])
        };
        Ok(Self {
            weights,
            lambda_max,
            ci,
            cr,
        })
    }

    /// Whether the consistency ratio is at most [`MAX_CONSISTENCY_RATIO`].
    pub fn is_consistent(&self) -> bool {
        self.cr <= MAX_CONSISTENCY_RATIO
    }

    /// The weights, or [`ScoringError::Inconsistent`] if the judgements are
    /// inconsistent.
    pub fn consistent_weights(&self) -> Result<&[f64]> {
        if self.is_consistent() {
            Ok(&self.weights)
        } else {
            Err(ScoringError::Inconsistent { cr: self.cr })
        }
    }
}

/// The principal eigenvector of a positive matrix by power iteration,
/// scaled to sum to 1. A positive matrix has a unique positive principal
/// eigenvector (Perron–Frobenius), and the iteration converges to it.
fn principal_eigenvector(a: &Matrix) -> Vec<f64> {
    let n = a.rows();
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..10_000 {
        let mut next: Vec<f64> = (0..n)
            .map(|i| a.row(i).iter().zip(&w).map(|(x, y)| x * y).sum())
            .collect();
        let sum: f64 = next.iter().sum();
        next.iter_mut().for_each(|x| *x /= sum);
        let change = next
            .iter()
            .zip(&w)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        w = next;
        if change < 1e-15 {
            break;
        }
    }
    w
}

/// Whether a higher or a lower score is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Better {
    /// Higher scores rank first (weighted sum, TOPSIS).
    Higher,
    /// Lower scores rank first (VIKOR's Q).
    Lower,
}

/// The rank of each alternative (1 is best), in input order; ties go to the
/// earlier alternative, so ranks are a permutation of 1..=n.
///
/// ```
/// use homebiz_scoring::mcdm::{Better, ranks};
/// assert_eq!(ranks(&[0.2, 0.9, 0.5, 0.9], Better::Higher), [4, 1, 3, 2]);
/// assert_eq!(ranks(&[0.2, 0.9, 0.5], Better::Lower), [1, 3, 2]);
/// ```
pub fn ranks(scores: &[f64], better: Better) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let by_score = match better {
            Better::Higher => scores[b].total_cmp(&scores[a]),
            Better::Lower => scores[a].total_cmp(&scores[b]),
        };
        by_score.then(a.cmp(&b))
    });
    let mut ranks = vec![0; scores.len()];
    for (position, index) in order.into_iter().enumerate() {
        ranks[index] = position + 1;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::CriterionType::{Benefit, Cost};
    use super::*;

    fn round4(v: &[f64]) -> Vec<f64> {
        v.iter().map(|x| (x * 1e4).round() / 1e4).collect()
    }

    fn example() -> Matrix {
        Matrix::from_rows(&[
            [5.0, 8.0, 4.0],
            [7.0, 6.0, 8.0],
            [8.0, 8.0, 6.0],
            [7.0, 4.0, 6.0],
        ])
        .unwrap()
    }

    #[test]
    fn topsis_known_values() {
        let c = topsis(
            &example(),
            &[0.3, 0.4, 0.3],
            &[Benefit; 3],
            Normalization::Vector,
        )
        .unwrap();
        assert_eq!(round4(&c), [0.5037, 0.6581, 0.7482, 0.3340]);
        // Unnormalised weights mean the same.
        let same = topsis(
            &example(),
            &[3.0, 4.0, 3.0],
            &[Benefit; 3],
            Normalization::Vector,
        )
        .unwrap();
        assert_eq!(round4(&same), round4(&c));
        assert_eq!(ranks(&c, Better::Higher), [3, 2, 1, 4]);
    }

    #[test]
    fn topsis_cost_mirrors_benefit() {
        // Negating a benefit column and calling it a cost must not change
        // min-max TOPSIS.
        let x = example();
        let negated = Matrix::from_rows(
            &(0..4)
                .map(|r| [x.get(r, 0), -x.get(r, 1), x.get(r, 2)])
                .collect::<Vec<_>>(),
        )
        .unwrap();
        let a = topsis(&x, &[0.3, 0.4, 0.3], &[Benefit; 3], Normalization::MinMax).unwrap();
        let b = topsis(
            &negated,
            &[0.3, 0.4, 0.3],
            &[Benefit, Cost, Benefit],
            Normalization::MinMax,
        )
        .unwrap();
        assert_eq!(round4(&a), round4(&b));
    }

    #[test]
    fn ahp_known_values() {
        let a = Matrix::from_rows(&[
            [1.0, 1.0, 5.0, 2.0],
            [1.0, 1.0, 3.0, 4.0],
            [1.0 / 5.0, 1.0 / 3.0, 1.0, 3.0 / 4.0],
            [1.0 / 2.0, 1.0 / 4.0, 4.0 / 3.0, 1.0],
        ])
        .unwrap();
        let ahp = Ahp::from_pairwise(&a).unwrap();
        assert_eq!(round4(&ahp.weights), [0.3742, 0.3917, 0.0991, 0.1349]);
        assert!((ahp.cr - 0.034).abs() < 0.0015, "cr {}", ahp.cr);
        assert!(ahp.is_consistent());
        assert_eq!(ahp.consistent_weights().unwrap(), ahp.weights.as_slice());
    }

    #[test]
    fn ahp_refuses_bad_matrices() {
        let inconsistent = Matrix::from_rows(&[
            [1.0, 9.0, 1.0 / 9.0],
            [1.0 / 9.0, 1.0, 9.0],
            [9.0, 1.0 / 9.0, 1.0],
        ])
        .unwrap();
        let ahp = Ahp::from_pairwise(&inconsistent).unwrap();
        assert!(!ahp.is_consistent());
        assert!(matches!(
            ahp.consistent_weights(),
            Err(ScoringError::Inconsistent { .. })
        ));
        let not_reciprocal = Matrix::from_rows(&[[1.0, 2.0], [2.0, 1.0]]).unwrap();
        assert_eq!(
            Ahp::from_pairwise(&not_reciprocal),
            Err(ScoringError::NotReciprocal { row: 0, column: 1 })
        );
        let negative = Matrix::from_rows(&[[1.0, -2.0], [-0.5, 1.0]]).unwrap();
        assert_eq!(
            Ahp::from_pairwise(&negative),
            Err(ScoringError::NotPositive { row: 0, column: 1 })
        );
        let one = Ahp::from_pairwise(&Matrix::from_rows(&[[1.0]]).unwrap()).unwrap();
        assert_eq!((one.weights, one.cr), (vec![1.0], 0.0));
    }

    #[test]
    fn degenerate_input_is_an_error() {
        let x = example();
        let types = [Benefit; 3];
        assert_eq!(
            topsis(&x, &[0.3, -0.1, 0.3], &types, Normalization::Vector),
            Err(ScoringError::BadWeight { index: 1 })
        );
        assert_eq!(
            topsis(&x, &[0.0; 3], &types, Normalization::Vector),
            Err(ScoringError::ZeroWeights)
        );
        assert_eq!(
            weighted_sum(&x, &[0.5, 0.5], &types),
            Err(ScoringError::Shape {
                what: "weights",
                expected: 3,
                found: 2
            })
        );
        let constant = Matrix::from_rows(&[[1.0, 2.0], [1.0, 3.0]]).unwrap();
        assert_eq!(
            weighted_sum(&constant, &[1.0, 1.0], &[Benefit; 2]),
            Err(ScoringError::ConstantColumn { column: 0 })
        );
        assert_eq!(
            topsis(&constant, &[1.0, 1.0], &[Benefit; 2], Normalization::MinMax),
            Err(ScoringError::ConstantColumn { column: 0 })
        );
        assert_eq!(
            vikor(&constant, &[1.0, 1.0], &[Benefit; 2], 0.5),
            Err(ScoringError::ConstantColumn { column: 0 })
        );
        let zero = Matrix::from_rows(&[[0.0, 2.0], [0.0, 3.0]]).unwrap();
        assert_eq!(
            topsis(&zero, &[1.0, 1.0], &[Benefit; 2], Normalization::Vector),
            Err(ScoringError::ZeroColumn { column: 0 })
        );
        assert_eq!(
            Matrix::from_rows(&[[1.0, f64::NAN]]),
            Err(ScoringError::NotFinite { row: 0, column: 1 })
        );
        assert_eq!(Matrix::from_rows::<[f64; 0]>(&[]), Err(ScoringError::Empty));
        assert!(vikor(&x, &[1.0; 3], &types, 1.5).is_err());
    }

    #[test]
    fn vikor_by_hand() {
        // Two criteria, both benefit, equal weights.
        let x = Matrix::from_rows(&[[1.0, 3.0], [3.0, 1.0], [2.0, 2.0]]).unwrap();
        let result = vikor(&x, &[1.0, 1.0], &[Benefit, Benefit], 0.5).unwrap();
        assert_eq!(result.s, [0.5, 0.5, 0.5]);
        assert_eq!(result.r, [0.5, 0.5, 0.25]);
        // S is the same for all: only regret decides, and the balanced one wins.
        assert_eq!(result.q, [0.5, 0.5, 0.0]);
        assert_eq!(ranks(&result.q, Better::Lower), [2, 3, 1]);
    }

    #[test]
    fn weighted_sum_by_hand() {
        let x = example();
        let s = weighted_sum(&x, &[1.0, 1.0, 1.0], &[Benefit, Cost, Benefit]).unwrap();
        // Row 0: (5−5)/3 + (8−8)/4 + (4−4)/4 = 0; row 1: 2/3 + 2/4 + 4/4 over 3.
        assert_eq!(round4(&s)[0], 0.0);
        assert_eq!(round4(&s)[1], round4(&[(2.0 / 3.0 + 0.5 + 1.0) / 3.0])[0]);
    }
}
