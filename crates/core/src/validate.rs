//! Field checks shared by the domain crates' constructors. Each returns the
//! reason a value is refused; the caller names the field in its own error
//! type.
//!
//! ```
//! use homebiz_core::validate;
//!
//! assert!(validate::code("TERMINAL-1").is_ok());
//! assert_eq!(validate::code("two words").unwrap_err(), "may hold only ASCII letters, digits, '-', '_' and '.'");
//! assert!(validate::text("  ", 10).is_err());
//! assert!(validate::plain("name\u{1b}[2J").is_err()); // a terminal escape
//! assert!(validate::plain("کوچه\u{200c}ها").is_ok()); // ZWNJ is text
//! assert!(validate::unique(["a", "b", "a"]).is_err());
//! ```

use std::collections::HashSet;
use std::hash::Hash;

use crate::calendar::JalaliDate;

/// The reason a text is refused when it holds a control character.
pub const CONTROL_CHARACTER: &str = "contains a control character";

/// A text, possibly empty, without control characters (ESC, CR, LF, tab,
/// DEL and the rest of Unicode's `Cc`): they could move the cursor or
/// rewrite a terminal when the text is shown. Format characters such as
/// ZWNJ (U+200C), which Persian needs, are text. Checked where text comes
/// in (the domains' add and update rules, every importer, the CLI), not
/// when a store reads a record back: text stored before, or by another
/// program, stays readable.
pub fn plain(value: &str) -> Result<(), String> {
    if value.chars().any(char::is_control) {
        return Err(CONTROL_CHARACTER.into());
    }
    Ok(())
}

/// A non-empty text of at most `max` characters after trimming.
pub fn text(value: &str, max: usize) -> Result<(), String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    if trimmed.chars().count() > max {
        return Err(format!("longer than {max} characters"));
    }
    Ok(())
}

/// A code: 1–32 ASCII letters, digits, `-`, `_` or `.`.
pub fn code(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 32 {
        return Err("must be 1 to 32 characters".into());
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err("may hold only ASCII letters, digits, '-', '_' and '.'".into());
    }
    Ok(())
}

/// No two items are equal.
pub fn unique<T: Eq + Hash>(items: impl IntoIterator<Item = T>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for item in items {
        if !seen.insert(item) {
            return Err("lists the same item twice".into());
        }
    }
    Ok(())
}

/// What a date records. Each kind has a plausible range around today, so a
/// typo (a two-digit year read as year 0070, a year off by a century) is
/// refused where it comes in. The ranges, in whole days (a year counts
/// 365.25 days):
///
/// | kind | earliest | latest |
/// | --- | --- | --- |
/// | [`Birth`](Self::Birth) | 120 years before today | today |
/// | [`Survey`](Self::Survey) | 10 years before today | today |
/// | [`Registration`](Self::Registration) | 50 years before today | today |
/// | [`Issued`](Self::Issued) (licence, certificate) | 50 years before today | today |
/// | [`Expiry`](Self::Expiry) (licence) | 50 years before today | 50 years after today |
/// | [`Sale`](Self::Sale) (and other ledger entries) | 30 years before today | a year after today |
/// | [`Due`](Self::Due) (an order) | 10 years before today | 5 years after today |
///
/// A sale may be dated up to a year ahead: staff enter sales from
/// delivery schedules and contracts, and the clock runs on UTC, three and a
/// half hours behind Tehran; further ahead is a typo (a wrong decade or
/// century). No other kind may lie in the future, except an expiry or a
/// due day.
///
/// ```
/// use homebiz_core::JalaliDate;
/// use homebiz_core::validate::{DateKind, date};
///
/// let today = JalaliDate::new(1404, 3, 11)?;
/// assert!(date(DateKind::Birth, JalaliDate::new(1370, 5, 20)?, today).is_ok());
/// assert_eq!(
///     date(DateKind::Birth, JalaliDate::new(70, 5, 20)?, today).unwrap_err(),
///     "is more than 120 years before today (write the year in full)"
/// );
/// assert!(date(DateKind::Sale, JalaliDate::new(1405, 3, 11)?, today).is_ok());
/// assert_eq!(
///     date(DateKind::Sale, JalaliDate::new(1414, 3, 11)?, today).unwrap_err(),
///     "is more than a year after today"
/// );
/// # Ok::<(), homebiz_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateKind {
    /// A person's birth.
    Birth,
    /// A baseline survey.
    Survey,
    /// A registration in the programme.
    Registration,
    /// A licence's or certificate's issue.
    Issued,
    /// A licence's expiry.
    Expiry,
    /// A sale, cost or other ledger entry.
    Sale,
    /// The day an order is due.
    Due,
}

impl DateKind {
    /// Years back and years ahead of today that the kind allows.
    const fn range(self) -> (i64, i64) {
        match self {
            Self::Birth => (120, 0),
            Self::Survey => (10, 0),
            Self::Registration | Self::Issued => (50, 0),
            Self::Expiry => (50, 50),
            Self::Sale => (30, 1),
            Self::Due => (10, 5),
        }
    }
}

/// Whole days in `years` years of 365.25 days.
const fn days_in_years(years: i64) -> i64 {
    years * 36525 / 100
}

/// `date` is plausible for its `kind` on `today` (see [`DateKind`]).
pub fn date(kind: DateKind, date: JalaliDate, today: JalaliDate) -> Result<(), String> {
    let (years_back, years_ahead) = kind.range();
    if today.days_until(date) > days_in_years(years_ahead) {
        return Err(match years_ahead {
            0 => "is in the future".into(),
            1 => "is more than a year after today".into(),
            years => format!("is more than {years} years after today"),
        });
    }
    if date.days_until(today) > days_in_years(years_back) {
        return Err(format!(
            "is more than {years_back} years before today (write the year in full)"
        ));
    }
    Ok(())
}
