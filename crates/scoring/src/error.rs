//! The scoring crate's one error type.

/// Shorthand for `Result<T, ScoringError>`.
pub type Result<T, E = ScoringError> = std::result::Result<T, E>;

/// Everything that can go wrong in `homebiz-scoring`.
///
/// Rows and columns are numbered from 0, as in the matrix given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoringError {
    /// The matrix has no rows or no columns.
    #[error("the matrix is empty")]
    Empty,
    /// A row's length, or the number of weights or criterion types, does not
    /// match the number of criteria.
    #[error("{what}: expected {expected}, found {found}")]
    Shape {
        /// What has the wrong size.
        what: &'static str,
        /// The size needed.
        expected: usize,
        /// The size given.
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error("row {row}, column {column}: not a finite number")]
    NotFinite {
        /// The row.
        row: usize,
        /// The column.
        column: usize,
    },
    /// A weight is negative, NaN or infinite.
    #[error("weight {index} is negative or not finite")]
    BadWeight {
        /// Which weight.
        index: usize,
    },
    /// All weights are zero.
    #[error("all weights are zero")]
    ZeroWeights,
    /// A column has the same value in every row, so it cannot be normalised
    /// by its range.
    #[error("column {column} is constant: it cannot rank the alternatives")]
    ConstantColumn {
        /// The column.
        column: usize,
    },
    /// A column is all zeros, so it has no vector norm.
    #[error("column {column} is all zeros")]
    ZeroColumn {
        /// The column.
        column: usize,
    },
    /// A pairwise comparison matrix entry is not positive.
    #[error("pairwise entry ({row}, {column}) must be positive")]
    NotPositive {
        /// The row.
        row: usize,
        /// The column.
        column: usize,
    },
    /// A pairwise comparison matrix is not reciprocal (`a[j][i]` must be
    /// `1 / a[i][j]`, and the diagonal 1).
    #[error("pairwise entries ({row}, {column}) and ({column}, {row}) are not reciprocal")]
    NotReciprocal {
        /// The row.
        row: usize,
        /// The column.
        column: usize,
    },
    /// The pairwise judgements are inconsistent: the consistency ratio
    /// exceeds 0.1.
    #[error("pairwise judgements are inconsistent: consistency ratio {cr:.3} exceeds 0.1")]
    Inconsistent {
        /// The consistency ratio.
        cr: f64,
    },
    /// AHP supports up to ten criteria (Saaty's random index table).
    #[error("ahp supports 1 to 10 criteria, found {found}")]
    TooManyCriteria {
        /// The number given.
        found: usize,
    },
    /// An activity's field is invalid.
    #[error("invalid {field}: {reason}")]
    Activity {
        /// The field.
        field: &'static str,
        /// The rule it broke.
        reason: String,
    },
    /// A catalog entry is invalid or repeats a code.
    #[error("catalog entry {index} ({code}): {reason}")]
    CatalogEntry {
        /// Its position, from 0.
        index: usize,
        /// Its code.
        code: String,
        /// What is wrong.
        reason: String,
    },
    /// A parameter is out of its range.
    #[error("{name} must be {rule}")]
    Parameter {
        /// The parameter.
        name: &'static str,
        /// The rule, such as "between 0 and 1".
        rule: &'static str,
    },
    /// A weight names no criterion of the recommender.
    #[error("unknown criterion {name:?}: the criteria are {}", known.join(", "))]
    UnknownCriterion {
        /// The name given.
        name: String,
        /// The recommender's criteria, in order.
        known: Vec<String>,
    },
}
