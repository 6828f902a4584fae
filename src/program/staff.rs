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
use homebiz_core::id::ActorId;
use homebiz_core::iran::NationalId;
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{Actor, RegistryError, RegistryStore, Scope, User, Verdict};

use super::find::PersonMatch;
use super::lists::office_codes;
use super::personal::shows_people;
use super::{Program, Result};

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
    /// The ID the audit trail records for this user.
    pub id: ActorId,
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

    /// Adds a configured user with login `code`, display `name`, limited
    /// to the office with code `office` (and the offices below it), or
    /// to the whole programme when `office` is `None`. Only an unrestricted
    /// actor may add users.
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
            })
        })?;
        Ok(UserView {
            code: user.code,
            name: user.name,
            office_code: office.map(str::to_owned),
            id: user.id,
        })
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
                    code: u.code,
                    name: u.name,
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
        let resolution = self.registry().write(actor, |w| {
            let person = w.reader().person_by_national_id(&national_id)?;
            w.resolve_duplicate(person.id(), verdict, note)
        })?;
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
