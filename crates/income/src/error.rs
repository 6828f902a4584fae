//! The income crate's one error type.
//!
//! Messages name entries by ID and fields by name; never an amount or a
//! person.

use homebiz_core::id::EntryId;

/// Shorthand for `Result<T, IncomeError>`.
pub type Result<T, E = IncomeError> = std::result::Result<T, E>;

/// Everything that can go wrong in `homebiz-income`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IncomeError {
    /// A field is invalid.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// An entry with this ID was recorded with different content.
    #[error("entry {id} was recorded with a different {field}")]
    Conflict {
        /// The entry.
        id: EntryId,
        /// The first field that differs.
        field: &'static str,
    },
    /// No entry (or loan) with this key.
    #[error("{what} {key} not found")]
    NotFound {
        /// What was looked for.
        what: &'static str,
        /// Its ID.
        key: String,
    },
    /// The entry was reversed already, or is itself a reversal.
    #[error("entry {id} cannot be reversed: {reason}")]
    NotReversible {
        /// The entry.
        id: EntryId,
        /// Why.
        reason: &'static str,
    },
    /// An amount is above the ledger's limit (see
    /// [`Limits`](crate::Limits)).
    #[error(
        "{} is over the ledger's limit of {limit} an entry",
        over_limit_subject(field)
    )]
    OverLimit {
        /// The field: `gross` for a sale's gross (quantity × unit price),
        /// `amount`, or `principal`.
        field: &'static str,
        /// The limit.
        limit: homebiz_core::money::AmountLimit,
    },
    /// The ledger holds as many entries as its limits allow (see
    /// [`Limits::capacity`](crate::Limits::capacity)).
    #[error("the ledger is full: it holds at most {capacity} entries under its limits")]
    Full {
        /// The most entries.
        capacity: u64,
    },
    /// An error in the figures of one business or household, which it
    /// names by its code (never an amount): `business URM-DZS-00001-B1:
    /// money overflow`.
    #[error("{what} {code}: {error}")]
    Of {
        /// What the code names: `business` or `household`.
        what: &'static str,
        /// Its code.
        code: String,
        /// What went wrong with its figures.
        error: Box<IncomeError>,
    },
    /// A value from `homebiz-core` (a date, money) was invalid, or money
    /// arithmetic overflowed.
    #[error(transparent)]
    Core(#[from] homebiz_core::Error),
    /// The storage backend failed.
    #[error("storage: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

/// What an over-limit error says is over: a sale's gross is named with
/// what it is made of.
fn over_limit_subject(field: &str) -> String {
    match field {
        "gross" => "the sale's gross (quantity × unit price)".to_owned(),
        other => format!("the {other}"),
    }
}

impl IncomeError {
    /// A validation error for `field`.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// A not-found error.
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        Self::NotFound {
            what,
            key: key.to_string(),
        }
    }

    /// A backend error from any error type.
    pub fn backend(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(err))
    }
}
