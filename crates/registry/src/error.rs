//! The registry's one error type.

use std::fmt;

use crate::consent::SensitiveField;

/// Shorthand for `Result<T, RegistryError>`.
pub type Result<T, E = RegistryError> = std::result::Result<T, E>;

/// The kinds of record the registry holds, for errors and the audit trail.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityKind {
    /// A facilitation office or a node above it.
    Office,
    /// A household.
    Household,
    /// A person.
    Person,
    /// A home business.
    Business,
    /// A partner organisation.
    Partner,
}

impl EntityKind {
    /// The lower-case name: `office`, `household`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Household => "household",
            Self::Person => "person",
            Self::Business => "business",
            Self::Partner => "partner",
        }
    }

    /// The names of this kind's fields, as the audit trail names them; a
    /// creation event lists them all.
    ///
    /// ```
    /// use homebiz_registry::EntityKind;
    /// assert!(EntityKind::Person.fields().contains(&"national_id"));
    /// ```
    pub fn fields(self) -> &'static [&'static str] {
        use crate::entity::Fields;
        match self {
            Self::Office => crate::office::OfficeData::NAMES,
            Self::Household => crate::household::HouseholdData::NAMES,
            Self::Person => crate::person::PersonData::NAMES,
            Self::Business => crate::business::BusinessData::NAMES,
            Self::Partner => crate::partner::PartnerData::NAMES,
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EntityKind {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self> {
        Ok(match s {
            "office" => Self::Office,
            "household" => Self::Household,
            "person" => Self::Person,
            "business" => Self::Business,
            "partner" => Self::Partner,
            _ => return Err(RegistryError::invalid("entity kind", "unknown kind")),
        })
    }
}

/// Everything that can go wrong in the registry.
///
/// Messages name the record kind, the field and the rule; they never carry
/// a national ID, phone number, income or name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RegistryError {
    /// No such record, or the record lies outside the actor's scope (the two
    /// are deliberately indistinguishable).
    #[error("{kind} not found")]
    NotFound {
        /// What was looked for.
        kind: EntityKind,
    },
    /// A record with this ID already exists.
    #[error("a {kind} with this id already exists")]
    AlreadyExists {
        /// The kind of record.
        kind: EntityKind,
    },
    /// The national ID is already registered (anywhere in the registry).
    #[error("a person with this national id is already registered")]
    DuplicateNationalId,
    /// A record with this code already exists.
    #[error("{kind} code {code} is already in use")]
    DuplicateCode {
        /// The kind of record.
        kind: EntityKind,
        /// The code (codes are not personal data).
        code: String,
    },
    /// A field failed validation.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field, such as `hours_per_week`.
        field: &'static str,
        /// The rule it broke.
        reason: String,
    },
    /// The office hierarchy would be broken (a county under a city, say).
    #[error("office hierarchy: {reason}")]
    Hierarchy {
        /// What is wrong.
        reason: &'static str,
    },
    /// A lifecycle transition that the state machine does not allow.
    #[error("illegal {kind} transition from {from} to {to}")]
    IllegalTransition {
        /// Whose lifecycle.
        kind: EntityKind,
        /// The current state.
        from: &'static str,
        /// The requested state.
        to: &'static str,
    },
    /// A sensitive field was given without a recorded consent.
    #[error("{field} can only be stored with the household's recorded consent")]
    ConsentRequired {
        /// The sensitive field.
        field: SensitiveField,
    },
    /// An update tried to change a field that only a dedicated operation
    /// may change (the ID, the office, or the lifecycle state).
    #[error("{field} cannot be changed by an update")]
    Immutable {
        /// The field.
        field: &'static str,
    },
    /// No configured user has this login code.
    #[error("unknown user {code}")]
    UnknownUser {
        /// The code looked for (a login name, not personal data).
        code: String,
    },
    /// A user with this login code (or ID) exists already.
    #[error("user code {code} is already in use")]
    DuplicateUser {
        /// The code.
        code: String,
    },
    /// The actor's scope does not allow this operation at all (adding
    /// users needs an unrestricted actor, for instance).
    #[error("not allowed: {reason}")]
    Forbidden {
        /// What is needed.
        reason: &'static str,
    },
    /// A value from `homebiz-core` (a date, an identifier, money) was invalid.
    #[error(transparent)]
    Core(#[from] homebiz_core::Error),
    /// The storage backend failed.
    #[error("storage: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl RegistryError {
    /// A validation error for `field`.
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Invalid {
            field,
            reason: reason.into(),
        }
    }

    /// A backend error from any error type.
    pub fn backend(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(err))
    }
}
