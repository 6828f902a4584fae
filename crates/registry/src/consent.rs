//! Consent for sensitive data.
//!
//! Disability and support coverage are stored only while the household's
//! latest consent record for that field says *given*. Without it, a write
//! that carries the field is refused with
//! [`RegistryError::ConsentRequired`](crate::RegistryError::ConsentRequired).

use std::fmt;

use serde::{Deserialize, Serialize};

use homebiz_core::JalaliDate;
use homebiz_core::id::{ActorId, HouseholdId};

/// A field that needs consent before it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SensitiveField {
    /// A person's disability.
    Disability,
    /// A household's coverage by support institutions.
    SupportCoverage,
}

impl SensitiveField {
    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Disability => "disability",
            Self::SupportCoverage => "support_coverage",
        }
    }
}

impl fmt::Display for SensitiveField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for SensitiveField {
    type Err = crate::RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "disability" => Ok(Self::Disability),
            "support_coverage" => Ok(Self::SupportCoverage),
            _ => Err(crate::RegistryError::invalid(
                "consent field",
                "expected disability or support_coverage",
            )),
        }
    }
}

/// A household's consent, given or withdrawn, for one sensitive field.
/// Records are appended; the latest one for a field is in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// The household that consents (for itself and its members).
    pub household: HouseholdId,
    /// The field consented to.
    pub field: SensitiveField,
    /// `true` when given, `false` when withdrawn.
    pub given: bool,
    /// The day it was recorded.
    pub date: JalaliDate,
    /// Who recorded it.
    pub actor: ActorId,
}
