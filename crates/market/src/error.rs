//! The market crate's one error type.
//!
//! Messages name records by their code or ID and fields by name; they never
//! carry personal data.

/// Shorthand for `Result<T, MarketError>`.
pub type Result<T, E = MarketError> = std::result::Result<T, E>;

/// Everything that can go wrong in `homebiz-market`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MarketError {
    /// No record with this key.
    #[error("{what} {key} not found")]
    NotFound {
        /// What was looked for (`channel`, `exhibition`, …).
        what: &'static str,
        /// Its code or ID.
        key: String,
    },
    /// A record with this key exists already.
    #[error("{what} {key} already exists")]
    AlreadyExists {
        /// What (`channel`, `exhibition`, …).
        what: &'static str,
        /// Its code or ID.
        key: String,
    },
    /// A field is invalid.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// An amount the market would accept is over its limit
    /// ([`Market::max_amount`](crate::Market::max_amount)), which is the
    /// ledger's per-entry limit in a programme: what sells must fit in one
    /// ledger entry.
    #[error("{what} is over the limit of {limit} for one amount")]
    OverLimit {
        /// The field whose amount is multiplied: `price ceiling` or `unit
        /// price`.
        field: &'static str,
        /// What is over the limit, such as `the order's total at its
        /// ceiling (quantity × price ceiling)`.
        what: &'static str,
        /// The limit.
        limit: homebiz_core::money::AmountLimit,
    },
    /// An error about one record of several, named by its code.
    #[error("{what} {key}: {error}")]
    Named {
        /// What (`order`).
        what: &'static str,
        /// Its code.
        key: String,
        /// The error.
        error: Box<MarketError>,
    },
    /// A lifecycle transition the state machine does not allow.
    #[error("illegal {what} transition from {from} to {to}")]
    IllegalTransition {
        /// Whose lifecycle (`application`, `consignment`).
        what: &'static str,
        /// The current state.
        from: &'static str,
        /// The requested state.
        to: &'static str,
    },
    /// An exhibition was to be created on a channel that is no exhibition
    /// (an online marketplace, a shop): only a permanent exhibition or a
    /// seasonal fair has booths.
    #[error(
        "invalid channel: {channel} is of kind {kind}, not an exhibition (permanent_exhibition or seasonal_fair)"
    )]
    NotAnExhibition {
        /// The channel's code.
        channel: String,
        /// Its kind.
        kind: homebiz_core::channel::ChannelKind,
    },
    /// The flow solver gave an answer that breaks a constraint (a bug, never
    /// expected; reported rather than acted on).
    #[error("the solver's answer breaks a constraint: {0}")]
    Solver(&'static str),
    /// A value from `homebiz-core` (a date, money) was invalid, or money
    /// arithmetic overflowed.
    #[error(transparent)]
    Core(#[from] homebiz_core::Error),
    /// The storage backend failed.
    #[error("storage: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl MarketError {
    /// A validation error for `field`.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// A not-found error. A key with a control character cannot name a
    /// record (codes refuse them): it is refused as invalid, and never
    /// echoed.
    pub fn not_found(what: &'static str, key: impl ToString) -> Self {
        let key = key.to_string();
        if let Err(reason) = homebiz_core::validate::plain(&key) {
            return Self::invalid(what, reason);
        }
        Self::NotFound { what, key }
    }

    /// An already-exists error.
    pub fn already_exists(what: &'static str, key: impl ToString) -> Self {
        Self::AlreadyExists {
            what,
            key: key.to_string(),
        }
    }

    /// A backend error from any error type.
    pub fn backend(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(err))
    }
}
