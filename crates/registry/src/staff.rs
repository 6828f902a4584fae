//! Staff accounts and the review of likely duplicates.
//!
//! A [`User`] is a configured member of staff: a login code, an optional
//! display name and a [`Scope`]; a front end signs a user in with
//! [`Registry::user`](crate::Registry::user) and acts as
//! [`User::actor`]. Only an unrestricted actor adds users
//! ([`Writer::add_user`](crate::Writer::add_user)).
//!
//! A [`DuplicateResolution`] closes a likely-duplicate flag with a
//! [`Verdict`] and a note; nothing is merged (see
//! [`Writer::resolve_duplicate`](crate::Writer::resolve_duplicate)).

use serde::{Deserialize, Serialize};

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{ActorId, OfficeId, PersonId};
use homebiz_core::text::Lang;

use crate::error::{RegistryError, Result};
use crate::scope::{Actor, Scope};

/// A configured member of staff: who acts, and what they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// The ID recorded in the audit trail when this user acts.
    pub id: ActorId,
    /// The login code (letters, digits, `-`, `_`, `.`), unique.
    pub code: String,
    /// A display name, if given.
    pub name: Option<String>,
    /// What the user may see and change.
    pub scope: Scope,
}

impl User {
    /// The actor this user acts as: their ID, limited to their scope.
    pub fn actor(&self) -> Actor {
        Actor {
            id: self.id,
            scope: self.scope,
        }
    }

    /// Checks the code and the name.
    pub(crate) fn validate(&self) -> Result<()> {
        let code_ok = !self.code.is_empty()
            && self.code.len() <= 64
            && self
                .code
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !code_ok {
            return Err(RegistryError::invalid(
                "user code",
                "must be 1 to 64 letters, digits, '-', '_' or '.'",
            ));
        }
        if let Some(name) = &self.name {
            crate::validate::plain("user name", name)?;
        }
        Ok(())
    }
}

/// What staff concluded about a likely-duplicate flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Verdict {
    /// The two records are one person registered twice. Both records stay
    /// as they are (nothing is merged); the flag is listed as a confirmed
    /// duplicate for staff to fix by hand.
    SamePerson,
    /// Two people who share a name and birth date: the flag is closed and
    /// the pair is not listed for review again.
    DifferentPeople,
}

impl Verdict {
    /// The snake-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SamePerson => "same_person",
            Self::DifferentPeople => "different_people",
        }
    }

    /// The verdict for people in `lang` (the code is
    /// [`as_str`](Self::as_str)).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::staff::Verdict;
    /// assert_eq!(Verdict::SamePerson.name(Lang::En), "same person");
    /// assert_eq!(Verdict::DifferentPeople.name(Lang::Fa), "دو فرد متفاوت");
    /// ```
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::SamePerson, Lang::En) => "same person",
            (Self::SamePerson, Lang::Fa) => "یک فرد",
            (Self::DifferentPeople, Lang::En) => "different people",
            (Self::DifferentPeople, Lang::Fa) => "دو فرد متفاوت",
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "same_person" => Ok(Self::SamePerson),
            "different_people" => Ok(Self::DifferentPeople),
            _ => Err(RegistryError::invalid(
                "verdict",
                "expected same_person or different_people",
            )),
        }
    }
}

/// A likely-duplicate flag resolved by staff: who, when, what and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateResolution {
    /// The flagged person (the one registered later).
    pub person: PersonId,
    /// The person they were flagged against.
    pub resembles: PersonId,
    /// The office both belong to.
    pub office: OfficeId,
    /// What staff concluded.
    pub verdict: Verdict,
    /// Why, or what to do next (may be empty).
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: ActorId,
}
