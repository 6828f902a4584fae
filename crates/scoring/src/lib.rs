//! # homebiz-scoring
//!
//! Activity selection: which activity fits a household and its market.
//!
//! The [`catalog`] describes what each activity needs and earns, with a
//! default catalog of about fifty activities typical of West Azerbaijan.
//! [`recommend`] scores and explains which activities fit a household and
//! its market; [`plan`] assigns a whole neighbourhood at once without
//! saturating any market. The [`mcdm`] module holds the multi-criteria decision methods the
//! recommendations are built on — weighted sum, TOPSIS, VIKOR, and AHP
//! weights with their consistency ratio — reusable on any decision matrix.
//!
//! ```
//! use homebiz_scoring::mcdm::{Ahp, Better, CriterionType::*, Matrix, ranks, weighted_sum};
//!
//! // Criteria: expected margin (benefit), start-up capital (cost), market headroom (benefit).
//! let activities = Matrix::from_rows(&[
//!     [0.35, 40.0, 12.0],  // pickles
//!     [0.50, 90.0, 3.0],   // rug weaving
//!     [0.30, 25.0, 20.0],  // fruit leather
//! ])?;
//! // Weights from pairwise judgements: margin is twice as important as capital, …
//! let judgements = Matrix::from_rows(&[[1.0, 2.0, 1.0], [0.5, 1.0, 0.5], [1.0, 2.0, 1.0]])?;
//! let ahp = Ahp::from_pairwise(&judgements)?;
//! let scores = weighted_sum(&activities, ahp.consistent_weights()?, &[Benefit, Cost, Benefit])?;
//! assert_eq!(ranks(&scores, Better::Higher), [2, 3, 1]);
//! # Ok::<(), homebiz_scoring::ScoringError>(())
//! ```

pub mod catalog;
pub mod describe;
pub mod error;
pub mod mcdm;
pub mod plan;
pub mod recommend;
pub mod skills;

pub use error::{Result, ScoringError};
