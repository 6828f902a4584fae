//! Staff users and the review of likely duplicates, as use cases.
//!
//! A front end signs a configured user in with [`Program::sign_in`] and
//! acts as the [`Actor`] it returns: their ID in the audit trail, limited to
//! their office (or the whole programme). Only an unrestricted actor adds
//! users ([`Program::add_user`]).
//!
//! Likely duplicates (people of one office with the same normalised name
//! and birth date, flagged at registration) are listed with
//! [`Program::duplicates`] and resolved with
//! [`Program::resolve_duplicate`]. Nothing is ever merged: "same person"
//! keeps both records, closes the flag and lists the pair as a confirmed
//! duplicate for staff to fix by hand; "different people" closes the flag
//! and the pair is not listed for review again. Each resolution is recorded
//! with who, when and the note, and audited on the flagged person.

use std::collections::HashMap;

use serde::Serialize;

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{ActorId, OfficeId};
use homebiz_core::iran::NationalId;
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{
    Actor, PasswordHash, RegistryError, RegistryStore, Role, Scope, User, Verdict,
};

use super::find::PersonMatch;
use super::lists::office_codes;
use super::personal::shows_people;
use super::{Program, ProgramError, Result};

/// A configured user, with their office's code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserView {
    /// The login code.
    pub code: String,
    /// The display name, if any.
    pub name: Option<String>,
    /// The office the user is limited to (with the offices below it);
    /// `None`: the whole programme.
    pub office_code: Option<String>,
    /// The ID of that office; `None`: the whole programme.
    pub office_id: Option<OfficeId>,
    /// What the user may do.
    pub role: Role,
    /// The ID the audit trail records for this user.
    pub id: ActorId,
}

/// A staff user to add ([`Program::add_staff_user`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct NewUser<'a> {
    /// The login code (letters, digits, `-`, `_`, `.`).
    pub code: &'a str,
    /// A display name.
    pub name: Option<&'a str>,
    /// The office the user is limited to (with the offices below it), by
    /// code; `None`: the whole programme.
    pub office: Option<&'a str>,
    /// What the user may do.
    pub role: Role,
    /// The password to sign in to the web app with (8 to 1024
    /// characters), kept only as its argon2id hash; `None`: no web sign-in.
    pub password: Option<&'a str>,
}

impl std::fmt::Debug for NewUser<'_> {
    // Never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("code", &self.code)
            .field("office", &self.office)
            .field("role", &self.role)
            .field("password", &self.password.map(|_| ".."))
            .finish_non_exhaustive()
    }
}

/// A user signed in with a password ([`Program::sign_in_with_password`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// The actor to act as: the user's ID, limited to their scope.
    pub actor: Actor,
    /// The login code.
    pub code: String,
    /// The display name, if any.
    pub name: Option<String>,
    /// What the user may do.
    pub role: Role,
}

/// The argon2id hash (default parameters, a fresh random salt) of
/// `password`, which must be 8 to 1024 characters.
pub(crate) fn hash_password(password: &str) -> Result<PasswordHash> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    use rand::TryRngCore;
    let length = password.chars().count();
    if !(8..=1024).contains(&length) {
        return Err(RegistryError::invalid("password", "must be 8 to 1024 characters").into());
    }
    // 16 random bytes from the operating system (argon2's recommended
    // salt length).
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| ProgramError::PasswordHash(e.to_string()))?;
    let salt =
        SaltString::encode_b64(&bytes).map_err(|e| ProgramError::PasswordHash(e.to_string()))?;
    let phc = argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| ProgramError::PasswordHash(e.to_string()))?
        .to_string();
    Ok(PasswordHash::new(phc)?)
}

/// Whether `password` is the one `hash` was made from.
fn verify_password(hash: &PasswordHash, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash as Phc, PasswordVerifier};
    Phc::new(hash.as_phc()).is_ok_and(|phc| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &phc)
            .is_ok()
    })
}

/// A hash to verify against when the user is unknown or has no password,
/// so that a refusal takes as long either way (made once, of a random
/// password nobody knows).
fn decoy_hash() -> Option<&'static PasswordHash> {
    static DECOY: std::sync::OnceLock<Option<PasswordHash>> = std::sync::OnceLock::new();
    DECOY
        .get_or_init(|| hash_password(&ActorId::new().to_string()).ok())
        .as_ref()
}

/// Which likely-duplicate flags to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum DuplicateFilter {
    /// Flags not resolved yet (the review queue).
    #[default]
    Open,
    /// Flags resolved as the same person: records for staff to fix by hand.
    Confirmed,
    /// Every flag, resolved or not.
    All,
}

/// How a flag was resolved: what, why, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolutionView {
    /// The verdict.
    pub verdict: Verdict,
    /// The note given with it.
    pub note: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (the audit trail's ID).
    pub by: ActorId,
    /// Who, by login code, when the actor is a configured user.
    pub by_user: Option<String>,
}

/// One likely-duplicate flag: the person flagged, the person they
/// resemble, and its resolution if any. Its JSON leaves the national IDs
/// and mobiles out unless asked
/// ([`ShowsPeople::with_personal`](super::personal::ShowsPeople::with_personal)).
#[derive(Debug, Clone)]
pub struct DuplicateView {
    /// The office both belong to.
    pub office_code: String,
    /// That office's ID.
    pub office_id: OfficeId,
    /// The person flagged (registered later): resolve the flag by their
    /// national ID.
    pub person: PersonMatch,
    /// The person registered earlier that they resemble.
    pub resembles: PersonMatch,
    /// When the flag was raised.
    pub flagged_at: DateTime<Utc>,
    /// How it was resolved; `None` while open.
    pub resolution: Option<ResolutionView>,
}

shows_people!(DuplicateView, "DuplicateView" {
    office_code: plain,
    office_id: plain,
    person: people,
    resembles: people,
    flagged_at: plain,
    resolution: plain,
});

/// A "… not found" error naming the code the user typed.
fn unknown(kind: &'static str, code: &str) -> RegistryError {
    RegistryError::invalid(kind, format!("{code} not found"))
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// Signs in the configured user with login `code`: the [`Actor`] to
    /// act as, limited to the user's scope. An unknown code is an error
    /// naming it.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::MemoryProgram;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let admin = f.admin;
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// program.add_user(&admin, "sara", Some("Sara"), Some("URM-A"))?;
    /// let sara = program.sign_in("sara")?;
    /// assert_ne!(sara, admin);
    /// assert_eq!(program.sign_in("nobody").unwrap_err().to_string(), "unknown user nobody");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sign_in(&self, code: &str) -> Result<Actor> {
        Ok(self.registry().user(code)?.actor())
    }

    /// Signs in the user with login `code` by their password: the actor
    /// to act as, with the user's role. An unknown code, a user without a
    /// password and a wrong password are refused alike
    /// ([`ProgramError::SignInRefused`]), after the same argon2id work.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, NewUser};
    /// # use homebiz::registry::Role;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let admin = f.admin;
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// program.add_staff_user(&admin, &NewUser {
    ///     code: "sara", name: None, office: Some("URM-A"),
    ///     role: Role::Viewer, password: Some("correct horse"),
    /// })?;
    /// let sara = program.sign_in_with_password("sara", "correct horse")?;
    /// assert_eq!(sara.role, Role::Viewer);
    /// assert!(program.sign_in_with_password("sara", "wrong horse").is_err());
    /// assert!(program.sign_in_with_password("nobody", "correct horse").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sign_in_with_password(&self, code: &str, password: &str) -> Result<SignedIn> {
        let user = match self.registry().user(code.trim()) {
            Ok(user) => Some(user),
            Err(RegistryError::UnknownUser { .. }) => None,
            Err(other) => return Err(other.into()),
        };
        match user {
            Some(user)
                if user
                    .password
                    .as_ref()
                    .is_some_and(|h| verify_password(h, password)) =>
            {
                Ok(SignedIn {
                    actor: user.actor(),
                    code: user.code,
                    name: user.name,
                    role: user.role,
                })
            }
            _ => {
                if user.is_none_or(|u| u.password.is_none()) {
                    // As much work as a real check.
                    let _ = decoy_hash().map(|h| verify_password(h, password));
                }
                Err(ProgramError::SignInRefused)
            }
        }
    }

    /// Adds a staff user: login code, display name, office scope, role and
    /// password (kept as its argon2id hash). Only an unrestricted actor may
    /// add users.
    pub fn add_staff_user(&self, actor: &Actor, new: &NewUser<'_>) -> Result<UserView> {
        let password = new.password.map(hash_password).transpose()?;
        let (code, name, office) = (new.code, new.name, new.office);
        let user = self.registry().write(actor, |w| {
            w.may_add_users()?;
            let scope = match office {
                Some(office) => Scope::Office(
                    w.reader()
                        .office_by_code(office)
                        .map_err(|_| unknown("office", office))?
                        .id(),
                ),
                None => Scope::All,
            };
            w.add_user(User {
                id: ActorId::new(),
                code: code.trim().to_owned(),
                name: name
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                scope,
                role: new.role,
                password,
            })
        })?;
        Ok(UserView {
            code: user.code,
            name: user.name,
            office_code: office.map(str::to_owned),
            office_id: match user.scope {
                Scope::Office(o) => Some(o),
                _ => None,
            },
            role: user.role,
            id: user.id,
        })
    }

    /// Adds a configured user with login `code`, display `name`, limited
    /// to the office with code `office` (and the offices below it), or
    /// to the whole programme when `office` is `None`, as office staff
    /// without a password ([`add_staff_user`](Self::add_staff_user) sets
    /// both). Only an unrestricted actor may add users.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::MemoryProgram;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let (admin, staff) = (f.admin, f.staff_of(f.office_a));
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let user = program.add_user(&admin, "sara", None, Some("URM-A"))?;
    /// assert_eq!(user.office_code.as_deref(), Some("URM-A"));
    /// assert!(program.add_user(&staff, "reza", None, Some("URM-A")).is_err()); // scoped: refused
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_user(
        &self,
        actor: &Actor,
        code: &str,
        name: Option<&str>,
        office: Option<&str>,
    ) -> Result<UserView> {
        self.add_staff_user(
            actor,
            &NewUser {
                code,
                name,
                office,
                role: Role::OfficeStaff,
                password: None,
            },
        )
    }

    /// The configured users the actor may see (all of them for an
    /// unrestricted actor, else those of its offices), ordered by code.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::MemoryProgram;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let (admin, staff_b) = (f.admin, f.staff_of(f.office_b));
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// program.add_user(&admin, "sara", None, Some("URM-A"))?;
    /// assert_eq!(program.users(&admin)?.len(), 1);
    /// assert!(program.users(&staff_b)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        Ok(self.registry().read(actor, |r| {
            // A scoped actor sees only users of its own offices.
            let offices = office_codes(r)?;
            Ok(r.users()?
                .into_iter()
                .map(|u| UserView {
                    office_code: match u.scope {
                        Scope::Office(o) => offices.get(&o).cloned(),
                        _ => None,
                    },
                    office_id: match u.scope {
                        Scope::Office(o) => Some(o),
                        _ => None,
                    },
                    code: u.code,
                    name: u.name,
                    role: u.role,
                    id: u.id,
                })
                .collect())
        })?)
    }

    /// The login codes of configured users by their IDs, to show who acted.
    pub(crate) fn user_codes(&self) -> Result<HashMap<ActorId, String>> {
        Ok(self
            .registry()
            .all_users()?
            .into_iter()
            .map(|u| (u.id, u.code))
            .collect())
    }

    /// The login code of the configured user `by`, if it is one: what
    /// output shows beside the ID of who recorded something. `None` for
    /// no actor or one that is not a configured user (output shows the ID).
    pub(crate) fn user_code(&self, by: Option<ActorId>) -> Result<Option<String>> {
        Ok(match by {
            Some(id) => self.user_codes()?.remove(&id),
            None => None,
        })
    }

    /// The likely-duplicate flags of the actor's offices that `filter`
    /// selects, oldest first, each with both people (their office and
    /// household codes) and its resolution. Listing changes nothing.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, DuplicateFilter};
    /// # use homebiz::registry::testing::{Fixture, test_now, person_data};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let (h1, h2) = (f.household(f.office_a, "A-1"), f.household(f.office_a, "A-2"));
    /// # let first = f.person(h1.id(), 1).person;
    /// # let mut twin = person_data(h2.id(), 2);
    /// # (twin.given_name, twin.family_name, twin.birth_date) =
    /// #     (first.data().given_name.clone(), first.data().family_name.clone(), first.data().birth_date);
    /// # f.registry.write(&f.admin, |w| w.add_person(twin))?;
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let open = program.duplicates(&staff, DuplicateFilter::Open)?;
    /// assert_eq!(open.len(), 1);
    /// assert_eq!(open[0].person.household_code, "A-2");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn duplicates(&self, actor: &Actor, filter: DuplicateFilter) -> Result<Vec<DuplicateView>> {
        let users = self.user_codes()?;
        Ok(self.registry().read(actor, |r| {
            let offices = office_codes(r)?;
            let resolutions: HashMap<_, _> = r
                .duplicate_resolutions()?
                .into_iter()
                .map(|res| (res.person, res))
                .collect();
            let matched = |id| -> homebiz_registry::Result<PersonMatch> {
                let person = r.person(id)?;
                let household = r.household(person.household())?;
                Ok(PersonMatch {
                    office_code: offices
                        .get(&household.office())
                        .cloned()
                        .unwrap_or_default(),
                    office_id: household.office(),
                    household_code: household.code().to_owned(),
                    person,
                })
            };
            let mut out = Vec::new();
            for flag in r.duplicate_flags()? {
                let resolution = resolutions.get(&flag.person).map(|res| ResolutionView {
                    verdict: res.verdict,
                    note: res.note.clone(),
                    at: res.at,
                    by: res.actor,
                    by_user: users.get(&res.actor).cloned(),
                });
                let keep = match filter {
                    DuplicateFilter::Open => resolution.is_none(),
                    DuplicateFilter::Confirmed => resolution
                        .as_ref()
                        .is_some_and(|r| r.verdict == Verdict::SamePerson),
                    DuplicateFilter::All => true,
                };
                if keep {
                    out.push(DuplicateView {
                        office_code: offices.get(&flag.office).cloned().unwrap_or_default(),
                        office_id: flag.office,
                        person: matched(flag.person)?,
                        resembles: matched(flag.resembles)?,
                        flagged_at: flag.at,
                        resolution,
                    });
                }
            }
            Ok(out)
        })?)
    }

    /// Resolves the likely-duplicate flag of the person with
    /// `national_id` (the one flagged, registered later) as `verdict`, with
    /// `note`; recorded with who and when, and in the person's audit trail.
    /// Nothing is merged or changed in either record: "same person" lists
    /// the pair under [`DuplicateFilter::Confirmed`] for staff to fix by
    /// hand, "different people" closes the flag for good. A person outside the actor's scope is not found; one
    /// not flagged, or resolved already, is refused.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::{MemoryProgram, DuplicateFilter};
    /// # use homebiz::registry::Verdict;
    /// # use homebiz::registry::testing::{Fixture, test_now, person_data, synthetic_national_id};
    /// # let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// # let (h1, h2) = (f.household(f.office_a, "A-1"), f.household(f.office_a, "A-2"));
    /// # let first = f.person(h1.id(), 1).person;
    /// # let mut twin = person_data(h2.id(), 2);
    /// # (twin.given_name, twin.family_name, twin.birth_date) =
    /// #     (first.data().given_name.clone(), first.data().family_name.clone(), first.data().birth_date);
    /// # f.registry.write(&f.admin, |w| w.add_person(twin))?;
    /// # let staff = f.staff_of(f.office_a);
    /// # let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let later = synthetic_national_id(2).as_str().to_owned();
    /// let resolved = program.resolve_duplicate(&staff, &later, Verdict::DifferentPeople, "sisters-in-law")?;
    /// assert_eq!(resolved.resolution.unwrap().note, "sisters-in-law");
    /// assert!(program.duplicates(&staff, DuplicateFilter::Open)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resolve_duplicate(
        &self,
        actor: &Actor,
        national_id: &str,
        verdict: Verdict,
        note: &str,
    ) -> Result<DuplicateView> {
        let national_id = NationalId::parse(national_id)?;
        let person = super::by_national_id(
            self.registry()
                .read(actor, |r| r.person_by_national_id(&national_id)),
        )?;
        let resolution = self
            .registry()
            .write(actor, |w| w.resolve_duplicate(person.id(), verdict, note))?;
        self.duplicates(actor, DuplicateFilter::All)?
            .into_iter()
            .find(|d| d.person.person.id() == resolution.person)
            .ok_or_else(|| {
                RegistryError::NotFound {
                    kind: homebiz_registry::EntityKind::Person,
                }
                .into()
            })
    }
}

/// The columns of a duplicates file (`duplicates import`), as
/// [`ExportKind::Duplicates`](super::export::ExportKind::Duplicates)
/// writes them: the flagged person's national ID, the national ID of the
/// person they resemble, the verdict (`same_person`, `different_people`,
/// or empty for a flag still open) and its note (optional).
pub const DUPLICATE_IMPORT_COLUMNS: [&str; 4] =
    ["national_id", "resembles_national_id", "verdict", "note"];

const DUPLICATE_FILE: crate::import::FileColumns = crate::import::FileColumns {
    required: &["national_id", "resembles_national_id", "verdict"],
    optional: &["note"],
    aliases: &[],
    key_only: false,
};

/// What a duplicates import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DuplicatesImport {
    /// The rows read.
    pub rows: u64,
    /// The flags it resolved.
    pub resolved: u64,
    /// The rows that changed nothing: a flag still open, or resolved
    /// already with the same verdict and note.
    pub unchanged: u64,
}

/// One row of a duplicates file, checked against the registry.
struct DuplicateRow {
    line: u64,
    national_id: NationalId,
    resembles: NationalId,
    verdict: Option<Verdict>,
    note: String,
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// Gives likely-duplicate flags back their verdicts from a duplicates
    /// file ([`DUPLICATE_IMPORT_COLUMNS`], what `export duplicates`
    /// writes), after the people import raised the flags again: export
    /// then import gives the same flags with the same verdicts. Each row
    /// names a flag by its flagged person's national ID; the flag must be
    /// on the same pair (the person it resembles has the row's
    /// `resembles_national_id`), else the row is refused. A flag resolved
    /// already with the row's verdict and note is left; with another, the
    /// row is refused. The file is checked whole before anything is
    /// written, and written in one transaction: a bad row writes nothing.
    /// The resolutions are recorded as the actor's, now (the file does not
    /// carry who resolved them, nor when).
    ///
    /// # Errors
    ///
    /// [`ProgramError::Import`] naming the
    /// file, row and column of a bad row (never a national ID), or the
    /// registry's error.
    pub fn import_duplicates(
        &self,
        actor: &Actor,
        file: &str,
        input: impl std::io::Read,
    ) -> Result<DuplicatesImport> {
        use crate::import::{ImportError, RowError, for_each_row};
        let mut rows = Vec::new();
        for_each_row(file, input, &DUPLICATE_FILE, |line, row, _, _| {
            let parsed = row.and_then(|row| {
                let id = |column: &'static str| {
                    NationalId::parse(row.cell(column))
                        .map_err(|_| RowError::at(column, "is not a valid national ID"))
                };
                let verdict = match row.cell("verdict").trim() {
                    "" => None,
                    v => Some(crate::import::parse_name::<Verdict>(v).ok_or_else(|| {
                        RowError::at("verdict", "expected same_person, different_people or empty")
                    })?),
                };
                Ok(DuplicateRow {
                    line,
                    national_id: id("national_id")?,
                    resembles: id("resembles_national_id")?,
                    verdict,
                    note: row.optional("note").unwrap_or_default().trim().to_owned(),
                })
            });
            rows.push(parsed.map_err(|e| e.in_file(file, line))?);
            Ok(())
        })?;
        // Check every row first: the flag on the same pair, no other
        // verdict. `Some(person)`: a flag to resolve.
        let checked = self.registry().read(actor, |r| {
            let flags = r.duplicate_flags()?;
            let resolutions = r.duplicate_resolutions()?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let fail = |column: &'static str, reason: &str| {
                    Ok(Err(RowError::at(column, reason).in_file(file, row.line)))
                };
                let person = match r.person_by_national_id(&row.national_id) {
                    Ok(person) => person,
                    Err(RegistryError::NotFound { .. }) => {
                        return fail("national_id", "no person in scope has this national ID");
                    }
                    Err(other) => return Err(other),
                };
                let Some(flag) = flags.iter().find(|f| f.person == person.id()) else {
                    return fail(
                        "national_id",
                        "this person is not flagged as a likely duplicate: import the people first",
                    );
                };
                if r.person(flag.resembles)?.national_id() != &row.resembles {
                    return fail(
                        "resembles_national_id",
                        "the person's flag is raised against another person",
                    );
                }
                let done = resolutions.iter().find(|res| res.person == person.id());
                match (row.verdict, done) {
                    (None, _) => out.push(None),
                    (Some(verdict), Some(done)) => {
                        if done.verdict != verdict || done.note != row.note {
                            return fail(
                                "verdict",
                                "the flag is resolved already with another verdict or note",
                            );
                        }
                        out.push(None);
                    }
                    (Some(verdict), None) => {
                        out.push(Some((person.id(), verdict, row.note.clone())));
                    }
                }
            }
            Ok(Ok(out))
        })?;
        let checked: Vec<_> = checked.map_err(|e: ImportError| super::ProgramError::from(e))?;
        let mut report = DuplicatesImport {
            rows: rows.len() as u64,
            ..DuplicatesImport::default()
        };
        let resolve: Vec<_> = checked.into_iter().flatten().collect();
        report.unchanged = report.rows - resolve.len() as u64;
        if !resolve.is_empty() {
            self.registry().write(actor, |w| {
                for (person, verdict, note) in &resolve {
                    w.resolve_duplicate(*person, *verdict, note)?;
                }
                Ok(())
            })?;
        }
        report.resolved = resolve.len() as u64;
        Ok(report)
    }
}
