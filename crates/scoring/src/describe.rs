//! Scoring's errors for people, in their language (see
//! [`homebiz_core::describe`]).
//!
//! ```
//! use homebiz_core::describe::Describe;
//! use homebiz_core::Lang;
//! use homebiz_scoring::error::ScoringError;
//!
//! assert_eq!(ScoringError::ZeroWeights.describe(Lang::En), "all weights are zero");
//! assert_eq!(ScoringError::ZeroWeights.describe(Lang::Fa), "همهٔ وزن‌ها صفر است");
//! ```

use homebiz_core::describe::{Describe, Phrases, translate};
use homebiz_core::text::Lang;

use crate::error::ScoringError;

/// The names and rules scoring's errors carry: (English, Persian).
pub const PHRASES: &Phrases = &[
    ("ahp weights", "وزن‌های AHP"),
    ("criterion type", "نوع معیار"),
    ("criterion types", "نوع معیارها"),
    ("matrix values", "مقدارهای ماتریس"),
    ("normalization", "نرمال‌سازی"),
    ("pairwise columns", "ستون‌های مقایسهٔ زوجی"),
    ("plan", "برنامه"),
    ("row length", "طول ردیف"),
    ("weights", "وزن‌ها"),
    ("v", "v"),
    ("b (benefit) or c (cost)", "`b` (سود) یا `c` (هزینه)"),
    ("between 0 and 1", "میان 0 و 1"),
    ("vector or minmax", "`vector` یا `minmax`"),
    ("the code is used twice", "این کد دو بار آمده است"),
    (
        "within every activity's headroom (solver failure)",
        "در ظرفیت بازار هر فعالیت (خطای حل‌کننده)",
    ),
];

impl Describe for ScoringError {
    /// The same facts as the `Display` in Persian.
    fn persian(&self, tables: &[&Phrases]) -> String {
        let tr = |t: &str| translate(t, Lang::Fa, &[tables, &[PHRASES]].concat());
        match self {
            Self::Empty => "ماتریس خالی است".to_owned(),
            Self::Shape {
                what,
                expected,
                found,
            } => format!("{}: {expected} لازم است، {found} آمده است", tr(what)),
            Self::NotFinite { row, column } => {
                format!("ردیف {row}، ستون {column}: عددی متناهی نیست")
            }
            Self::BadWeight { index } => format!("وزن {index} منفی یا نامتناهی است"),
            Self::ZeroWeights => "همهٔ وزن‌ها صفر است".to_owned(),
            Self::ConstantColumn { column } => {
                format!("ستون {column} ثابت است: نمی‌تواند گزینه‌ها را رتبه‌بندی کند")
            }
            Self::ZeroColumn { column } => format!("همهٔ مقدارهای ستون {column} صفر است"),
            Self::NotPositive { row, column } => {
                format!("درایهٔ مقایسهٔ زوجی ({row}, {column}) باید مثبت باشد")
            }
            Self::NotReciprocal { row, column } => format!(
                "درایه‌های مقایسهٔ زوجی ({row}, {column}) و ({column}, {row}) وارون یکدیگر نیستند"
            ),
            Self::Inconsistent { cr } => {
                format!("مقایسه‌های زوجی ناسازگارند: نسبت سازگاری {cr:.3} از 0.1 بیشتر است")
            }
            Self::TooManyCriteria { found } => {
                format!("AHP از 1 تا 10 معیار را می‌پذیرد، {found} معیار آمده است")
            }
            Self::Activity { field, reason } => {
                format!("{} نامعتبر است: {}", tr(field), tr(reason))
            }
            Self::CatalogEntry {
                index,
                code,
                reason,
            } => format!("ردیف {index} فهرست فعالیت‌ها ({code}): {}", tr(reason)),
            Self::Parameter { name, rule } => {
                format!("{} باید {} باشد", tr(name), tr(rule))
            }
            Self::UnknownCriterion { name, known } => format!(
                "معیار ناشناختهٔ `{name}`: معیارها این‌هایند: `{}`",
                known.join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_well_formed() {
        assert_eq!(homebiz_core::describe::check(PHRASES), Ok(()));
    }

    #[test]
    fn english_is_the_display() {
        let errors = [
            ScoringError::Inconsistent { cr: 0.2 },
            ScoringError::Parameter {
                name: "normalization",
                rule: "vector or minmax",
            },
        ];
        for err in &errors {
            assert_eq!(err.describe(Lang::En), err.to_string());
        }
        assert_eq!(
            errors[1].describe(Lang::Fa),
            "نرمال‌سازی باید `vector` یا `minmax` باشد"
        );
    }
}
