//! Staff accounts and the review of likely duplicates.
//!
//! A [`User`] is a configured member of staff: a login code, an optional
//! display name, a [`Scope`], a [`Role`] and, for users who sign in with a
//! password (the office web app), a [`PasswordHash`]; a front end signs a
//! user in with
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
    /// What the user may do in their scope (users added before roles
    /// existed are office staff).
    #[serde(default)]
    pub role: Role,
    /// The argon2id hash of the user's password, if they have one; never
    /// serialised, and shown redacted by `Debug`.
    #[serde(skip)]
    pub password: Option<PasswordHash>,
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

/// What a staff user may do within their scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Manages users and does everything office staff do.
    Administrator,
    /// Registers, edits and records in their scope: the daily work.
    #[default]
    OfficeStaff,
    /// Reads only.
    Viewer,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 3] = [Self::Administrator, Self::OfficeStaff, Self::Viewer];

    /// The snake-case code, as stored.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Administrator => "administrator",
            Self::OfficeStaff => "office_staff",
            Self::Viewer => "viewer",
        }
    }

    /// The role for people in `lang` (the code is [`as_str`](Self::as_str)).
    ///
    /// ```
    /// use homebiz_core::text::Lang;
    /// use homebiz_registry::staff::Role;
    /// assert_eq!(Role::OfficeStaff.name(Lang::En), "office staff");
    /// assert_eq!(Role::Administrator.name(Lang::Fa), "مدیر سامانه");
    /// ```
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Administrator, Lang::En) => "administrator",
            (Self::Administrator, Lang::Fa) => "مدیر سامانه",
            (Self::OfficeStaff, Lang::En) => "office staff",
            (Self::OfficeStaff, Lang::Fa) => "کارشناس دفتر",
            (Self::Viewer, Lang::En) => "viewer",
            (Self::Viewer, Lang::Fa) => "بیننده",
        }
    }

    /// Whether the role may change records (every role but viewer).
    pub const fn writes(self) -> bool {
        !matches!(self, Self::Viewer)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = RegistryError;

    /// The code ([`Role::as_str`]); `-` may stand for `_`.
    fn from_str(s: &str) -> Result<Self> {
        let code = s.trim().replace('-', "_");
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == code)
            .ok_or_else(|| {
                RegistryError::invalid("role", "expected administrator, office_staff or viewer")
            })
    }
}

/// A password hash in the PHC string format of argon2id
/// (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), as a front end made it. The
/// registry stores and returns it; it never hashes or verifies (the facade
/// does, with the `argon2` crate). `Debug` shows no part of it and it has
/// no `Display` or serde form.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Takes a PHC string; anything but an argon2id hash is refused.
    ///
    /// ```
    /// use homebiz_registry::staff::PasswordHash;
    /// let phc = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
    /// let hash = PasswordHash::new(phc)?;
    /// assert_eq!(hash.as_phc(), phc);
    /// assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
    /// assert!(PasswordHash::new("secret").is_err());
    /// # Ok::<(), homebiz_registry::RegistryError>(())
    /// ```
    pub fn new(phc: impl Into<String>) -> Result<Self> {
        let phc = phc.into();
        let fields: Vec<&str> = phc.split('$').collect();
        let ok = fields.len() == 6
            && fields[0].is_empty()
            && fields[1] == "argon2id"
            && fields[2..].iter().all(|f| {
                !f.is_empty()
                    && f.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | ','))
            });
        if !ok {
            return Err(RegistryError::invalid(
                "password hash",
                "must be an argon2id hash in PHC string format",
            ));
        }
        Ok(Self(phc))
    }

    /// The PHC string, to verify a password against.
    pub fn as_phc(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
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
