//! The one error type of `homebiz-core`.
//!
//! Every fallible function in this crate returns [`Error`]. Variants carry
//! enough context to act on (which currency, which field, which rule failed)
//! and never the value that failed: a national ID, a phone number, an income
//! or a birth date must not end up in a log line through an error message.
//! Messages are lower-case without trailing punctuation, so callers can wrap
//! them ("row 12, column birth_date: invalid date: …").

use crate::money::Currency;

/// Shorthand for `Result<T, homebiz_core::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `homebiz-core`.
///
/// Marked `#[non_exhaustive]`: match the variants you handle and keep a
/// wildcard arm for the rest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch {
        /// Currency of the left operand.
        left: Currency,
        /// Currency of the right operand.
        right: Currency,
    },
    /// A checked arithmetic operation left the range of `i64` minor units.
    #[error("arithmetic overflow in {operation}")]
    Overflow {
        /// The operation that overflowed, such as `"add"` or `"price × quantity"`.
        operation: &'static str,
    },
    /// A currency conversion would lose part of the amount and no rounding
    /// rule was named.
    #[error("amount in {from} does not convert exactly to {to}: name a rounding rule")]
    InexactConversion {
        /// Source currency.
        from: Currency,
        /// Target currency.
        to: Currency,
    },
    /// An amount could not be split into parts.
    #[error("cannot allocate: {reason}")]
    Allocation {
        /// Why, for example `"no weights"` or `"all weights are zero"`.
        reason: &'static str,
    },
    /// A calendar date is malformed or does not exist.
    /// (The message includes the problem, so it is not also the error's
    /// `source`: a chain of causes states it once.)
    #[error("invalid date: {0}")]
    Date(DateProblem),
    /// A national ID, Sheba or mobile number failed validation.
    #[error("invalid {kind}: {problem}")]
    Identifier {
        /// Which kind of identifier.
        kind: IdentifierKind,
        /// Which rule it broke.
        problem: IdentifierProblem,
    },
    /// A typed ID (such as an [`OfficeId`](crate::id::OfficeId)) is not a UUID.
    #[error("invalid {kind}: not a uuid")]
    Id {
        /// The ID type, for example `"office id"`.
        kind: &'static str,
    },
    /// A value of a small vocabulary (a language, a currency, a rounding rule)
    /// was not recognised.
    #[error("invalid {what}: {reason}")]
    Parse {
        /// What was being parsed, for example `"currency"`.
        what: &'static str,
        /// Why it failed, for example `"expected one of IRR, IRR_NEW"`.
        reason: &'static str,
    },
    /// A pseudonymisation key was unusable.
    #[error("invalid pseudonym key: {reason}")]
    Key {
        /// Why the key was refused.
        reason: &'static str,
    },
}

/// Why a calendar date was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateProblem {
    /// The text is not of the form `YYYY-MM-DD` or `YYYY/M/D`.
    #[error("expected YYYY-MM-DD or YYYY/M/D")]
    Syntax,
    /// The text is not of the form `YYYY-MM`.
    #[error("expected a month as YYYY-MM or YYYY/M")]
    MonthSyntax,
    /// The text is not a month range `YYYY-MM..YYYY-MM`.
    #[error("expected a month range as YYYY-MM..YYYY-MM")]
    RangeSyntax,
    /// A range whose end lies before its start.
    #[error("the range ends before it starts")]
    RangeReversed,
    /// The month number is not 1 to 12.
    #[error("month {month} is not between 1 and 12")]
    Month {
        /// The month number given.
        month: u8,
    },
    /// The day does not exist in the month (for example Esfand 30 in a
    /// common year).
    #[error("day {day} does not exist in a month of {days_in_month} days")]
    Day {
        /// The day given.
        day: u8,
        /// How many days the month has in that year.
        days_in_month: u8,
    },
    /// The quarter number is not 1 to 4.
    #[error("quarter {quarter} is not between 1 and 4")]
    Quarter {
        /// The quarter number given.
        quarter: u8,
    },
    /// The year lies outside the supported range.
    #[error("year is outside the supported range")]
    Year,
}

impl From<DateProblem> for Error {
    fn from(problem: DateProblem) -> Self {
        Self::Date(problem)
    }
}

/// The kinds of Iranian identifier validated by [`crate::iran`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdentifierKind {
    /// A national ID (کد ملی).
    NationalId,
    /// A Sheba account number (Iranian IBAN).
    Sheba,
    /// A mobile phone number.
    Mobile,
}

impl std::fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NationalId => "national id",
            Self::Sheba => "sheba",
            Self::Mobile => "mobile number",
        })
    }
}

/// Which rule an Iranian identifier broke.
///
/// None of these carries the identifier itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifierProblem {
    /// Nothing but spaces was given.
    #[error("empty")]
    Empty,
    /// A character other than a digit (or the expected letters) appeared.
    #[error("contains a character that is not a digit")]
    NotDigit,
    /// The number of digits is wrong.
    #[error("expected {expected} digits, found {found}")]
    Length {
        /// How many digits the identifier must have.
        expected: usize,
        /// How many it had.
        found: usize,
    },
    /// All ten digits are the same, which no issued national ID is.
    #[error("all digits are the same")]
    AllSame,
    /// The check digit (or the mod-97 check) does not match.
    #[error("check digit does not match")]
    Check,
    /// The identifier does not start as it must (`IR` for a Sheba, `09` for
    /// a mobile number).
    #[error("must start with {expected}")]
    Prefix {
        /// The required start.
        expected: &'static str,
    },
}
