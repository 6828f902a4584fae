//! The registry as a front end shows it: offices, a household with its
//! members, a person found by national ID, an office's households and
//! businesses with the codes people read, and CSV imports; always as the
//! acting user sees them.
//!
//! Each method takes the [`Actor`] and what a user types (codes, a national
//! ID), so a front end neither opens the registry nor maps codes itself. A
//! record outside the actor's offices is "not found", named as the user
//! typed it, like one that does not exist.

use std::io;

use homebiz_core::id::{HouseholdId, OfficeId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{Actor, Business, Household, Office, Person, RegistryStore};
use serde::Serialize;

use super::CodeRef;
use super::named;
use super::personal::ShowsPeople;
use super::{Program, Result};
use crate::import::{ImportError, ImportKind, ImportOptions, ImportReport, import_csv};

/// One office of the office list: the office and its parent by code.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct OfficeRow {
    /// The office.
    pub office: Office,
    /// Its parent, by code with the ID beside: named also when it lies
    /// outside the actor's scope (office codes are not personal).
    pub parent: Option<CodeRef<OfficeId>>,
}

impl OfficeRow {
    /// The office as JSON, its parent named by code with the ID beside
    /// (`"parent": {"code": …, "id": …}`), as `office list --json` writes
    /// it.
    #[must_use]
    pub fn json(&self) -> Referenced<'_, Office> {
        match &self.parent {
            Some(parent) => Referenced::new(&self.office).with("parent", parent),
            None => Referenced::new(&self.office),
        }
    }
}

/// One household of an office's list: the household, its office by code
/// and how many people it has. Its JSON leaves the household's personal
/// fields out unless asked ([`ShowsPeople::with_personal`],
/// [`HOUSEHOLD_PERSONAL`](super::personal::HOUSEHOLD_PERSONAL)).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HouseholdRow {
    /// The household.
    pub household: Household,
    /// Its office, by code with the ID beside.
    pub office: CodeRef<OfficeId>,
    /// How many people it has.
    pub members: usize,
}

impl HouseholdRow {
    /// The household as JSON, its office named by code with the ID beside
    /// (`"office": {"code": …, "id": …}`), as `household list --json`
    /// writes it: with the household's personal fields only when
    /// `personal`.
    #[must_use]
    pub fn json(&self, personal: bool) -> super::personal::Disclosed<'_, Self> {
        self.with_personal(personal)
    }
}

impl ShowsPeople for HouseholdRow {
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let household = self.household.with_personal(personal);
        Referenced::new(&household)
            .with("office", &self.office)
            .serialize(serializer)
    }
}

impl Serialize for HouseholdRow {
    /// Without the household's personal fields; see
    /// [`ShowsPeople::with_personal`].
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.serialize_people(false, serializer)
    }
}

/// A record's JSON in which each record it references is named by code
/// with the ID beside ([`CodeRef`]) instead of by ID alone: the record's
/// own fields, each reference field replaced.
#[derive(Debug, Clone)]
pub struct Referenced<'a, T> {
    record: &'a T,
    refs: Vec<(&'static str, serde_json::Value)>,
}

impl<'a, T: Serialize> Referenced<'a, T> {
    /// `record`, with no field replaced yet.
    #[must_use]
    pub fn new(record: &'a T) -> Self {
        Self {
            record,
            refs: Vec::new(),
        }
    }

    /// The field `field` written as `reference`. A dotted `field`
    /// (`data.business`) names a field of a nested object, replaced only
    /// where that object is; a top-level field is written even when the
    /// record has none.
    #[must_use]
    pub fn with<I: Serialize>(mut self, field: &'static str, reference: &CodeRef<I>) -> Self {
        let value = serde_json::to_value(reference).unwrap_or(serde_json::Value::Null);
        self.refs.push((field, value));
        self
    }
}

impl<T: Serialize> Serialize for Referenced<'_, T> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(self.record).map_err(serde::ser::Error::custom)?;
        for (field, reference) in &self.refs {
            let mut path: Vec<&str> = field.split('.').collect();
            let last = path.pop().unwrap_or_default();
            let mut object = Some(&mut value);
            for step in path {
                object = object.and_then(|o| o.get_mut(step));
            }
            if let Some(fields) = object.and_then(serde_json::Value::as_object_mut) {
                fields.insert(last.to_owned(), reference.clone());
            }
        }
        value.serialize(serializer)
    }
}

impl super::Applied {
    /// The application as JSON, its business and exhibition named by code
    /// with the ID beside (`"data": {"business": {"code": …, "id": …},
    /// …}`), as `apply --json` writes it.
    #[must_use]
    pub fn json(&self) -> Referenced<'_, homebiz_market::application::Application> {
        let data = self.application.data();
        Referenced::new(&self.application)
            .with(
                "data.business",
                &CodeRef {
                    code: self.business.clone(),
                    id: data.business,
                },
            )
            .with(
                "data.exhibition",
                &CodeRef {
                    code: self.exhibition.clone(),
                    id: data.exhibition,
                },
            )
    }
}

impl super::CreatedExhibition {
    /// The exhibition as JSON, its channel named by code with the ID
    /// beside (`"channel": {"code": …, "id": …}`), as `exhibition create
    /// --json` writes it.
    #[must_use]
    pub fn json(&self) -> Referenced<'_, homebiz_market::exhibition::Exhibition> {
        Referenced::new(&self.exhibition).with(
            "channel",
            &CodeRef {
                code: self.channel.clone(),
                id: self.exhibition.data().channel,
            },
        )
    }
}

impl super::ledger::RecordedEntry {
    /// The entry as JSON, its business and channel named by code with the
    /// ID beside (`"business": {"code": …, "id": …}`), at the top and in
    /// the entry's body, as `sale record --json` writes it; the fields
    /// `business_code` and `channel_code` stay.
    #[must_use]
    pub fn json(&self) -> Referenced<'_, Self> {
        let business = CodeRef {
            code: self.business_code.clone(),
            id: self.recorded.business,
        };
        let mut json = Referenced::new(self)
            .with("business", &business)
            .with("entry.body.business", &business);
        if let (Some(code), Some(id)) = (&self.channel_code, self.recorded.channel) {
            let channel = CodeRef {
                code: code.clone(),
                id,
            };
            json = json
                .with("channel", &channel)
                .with("entry.body.channel", &channel);
        }
        json
    }
}

/// One household with its office's code and its people. Its JSON leaves
/// the people's national IDs and mobiles, and the household's personal
/// fields, out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HouseholdView {
    /// The code of the household's office.
    pub office: String,
    /// The household.
    pub household: Household,
    /// Its people.
    pub members: Vec<Person>,
}

/// One person with their household's code. Its JSON leaves the national
/// ID and mobile out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PersonView {
    /// The code of the person's household.
    pub household: String,
    /// The person.
    pub person: Person,
}

/// One person with their household, as `person show` gives them: the
/// person, and their household with its office's code and all its people
/// (the person among them). Its JSON leaves the people's national IDs and
/// mobiles out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PersonDetails {
    /// The person.
    pub person: Person,
    /// Their household, with its office's code and its people.
    pub household: HouseholdView,
}

impl HouseholdView {
    /// The household's office, by code with the ID beside.
    #[must_use]
    pub fn office_ref(&self) -> CodeRef<OfficeId> {
        CodeRef {
            code: self.office.clone(),
            id: self.household.office(),
        }
    }

    /// The household, by code with the ID beside.
    #[must_use]
    pub fn household_ref(&self) -> CodeRef<HouseholdId> {
        CodeRef {
            code: self.household.code().to_owned(),
            id: self.household.id(),
        }
    }
}

impl PersonView {
    /// The person's household, by code with the ID beside.
    #[must_use]
    pub fn household_ref(&self) -> CodeRef<HouseholdId> {
        CodeRef {
            code: self.household.clone(),
            id: self.person.household(),
        }
    }
}

/// Serialises a view as a map of `fields`, each a field's name and value.
pub(super) fn serialize_fields<S: serde::Serializer>(
    serializer: S,
    fields: &[(&'static str, &dyn Field)],
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut out = serializer.serialize_map(Some(fields.len()))?;
    for (key, value) in fields {
        out.serialize_entry(key, &erased::AsSerialize(*value))?;
    }
    out.end()
}

pub(super) use erased::Field;

mod erased {
    //! Values of differing types serialised as one list of fields, through
    //! JSON values.

    /// A field's value.
    pub(in super::super) trait Field {
        /// The value as JSON.
        fn to_json(&self) -> Result<serde_json::Value, serde_json::Error>;
    }

    impl<T: serde::Serialize> Field for T {
        fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
            serde_json::to_value(self)
        }
    }

    /// A field's value as `Serialize`.
    pub(super) struct AsSerialize<'a>(pub(super) &'a dyn Field);

    impl serde::Serialize for AsSerialize<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0
                .to_json()
                .map_err(serde::ser::Error::custom)?
                .serialize(serializer)
        }
    }
}

impl ShowsPeople for HouseholdView {
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let office = self.office_ref();
        let household = self.household_ref();
        let members: Vec<_> = self
            .members
            .iter()
            .map(|person| person.with_personal(personal))
            .collect();
        let members: Vec<_> = members
            .iter()
            .map(|person| Referenced::new(person).with("household", &household))
            .collect();
        let record = self.household.with_personal(personal);
        serialize_fields(
            serializer,
            &[
                ("office", &office),
                (
                    "household",
                    &Referenced::new(&record).with("office", &office),
                ),
                ("members", &members),
            ],
        )
    }
}

impl ShowsPeople for PersonView {
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let household = self.household_ref();
        let person = self.person.with_personal(personal);
        serialize_fields(
            serializer,
            &[
                ("household", &household),
                (
                    "person",
                    &Referenced::new(&person).with("household", &household),
                ),
            ],
        )
    }
}

impl ShowsPeople for PersonDetails {
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let household = self.household.household_ref();
        let person = self.person.with_personal(personal);
        serialize_fields(
            serializer,
            &[
                (
                    "person",
                    &Referenced::new(&person).with("household", &household),
                ),
                ("household", &self.household.with_personal(personal)),
            ],
        )
    }
}

macro_rules! serialize_without_personal {
    ($($view:ty),*) => {$(
        impl Serialize for $view {
            /// Without the people's national IDs and mobiles; see
            /// [`ShowsPeople::with_personal`].
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                self.serialize_people(false, serializer)
            }
        }
    )*};
}
serialize_without_personal!(HouseholdView, PersonView, PersonDetails);

/// One business with its office's and household's codes. Its JSON names
/// both by code with the ID beside, at the top and in the business.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BusinessView {
    /// The code of the business's office.
    pub office: String,
    /// The code of the business's household.
    pub household: String,
    /// The business.
    pub business: Business,
}

/// One business of an office's list, with its household's code.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct BusinessRow {
    /// The code of the business's household.
    pub household: String,
    /// Its office, by code with the ID beside.
    pub office: CodeRef<OfficeId>,
    /// The business.
    pub business: Business,
}

impl Serialize for BusinessView {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let office = CodeRef {
            code: self.office.clone(),
            id: self.business.office(),
        };
        let household = CodeRef {
            code: self.household.clone(),
            id: self.business.household(),
        };
        serialize_fields(
            serializer,
            &[
                ("office", &office),
                ("household", &household),
                (
                    "business",
                    &Referenced::new(&self.business)
                        .with("office", &office)
                        .with("household", &household),
                ),
            ],
        )
    }
}

impl BusinessRow {
    /// The business as JSON, its office and household named by code with
    /// the ID beside, as `business list --json` writes it.
    #[must_use]
    pub fn json(&self) -> Referenced<'_, Business> {
        let household: CodeRef<HouseholdId> = CodeRef {
            code: self.household.clone(),
            id: self.business.household(),
        };
        Referenced::new(&self.business)
            .with("office", &self.office)
            .with("household", &household)
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The offices `actor` sees, in the registry's order.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// assert!(program.offices(&admin)?.is_empty());
    /// # Ok::<(), homebiz::program::ProgramError>(())
    /// ```
    pub fn offices(&self, actor: &Actor) -> Result<Vec<Office>> {
        Ok(self.registry().read(actor, |r| r.offices())?)
    }

    /// The offices the actor can see, ordered by code, each with its
    /// parent by code: a scoped actor's own office names its parent too,
    /// though the parent lies outside its scope (office codes are not
    /// personal; nothing else of the parent's is shown).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::MemoryProgram;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// let staff = f.staff_of(f.office_a);
    /// let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// let rows = program.office_rows(&staff)?;
    /// let own = rows.iter().find(|r| r.office.id() == f.office_a).unwrap();
    /// // Office A's parent, the city URM-CITY, is outside its staff's scope.
    /// assert_eq!(own.parent.as_ref().map(|p| p.code.as_str()), Some("URM-CITY"));
    /// assert_eq!(own.parent.as_ref().map(|p| p.id), own.office.parent());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn office_rows(&self, actor: &Actor) -> Result<Vec<OfficeRow>> {
        Ok(self.registry().read(actor, |r| {
            r.offices()?
                .into_iter()
                .map(|office| {
                    let parent = r.parent(office.id())?.map(|p| CodeRef {
                        code: p.code().to_owned(),
                        id: p.id(),
                    });
                    Ok(OfficeRow { office, parent })
                })
                .collect::<homebiz_registry::Result<_>>()
        })?)
    }

    /// The households of the office with code `office` and the offices
    /// below it, each with how many people it has.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::{Program, ProgramError};
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.household_rows(&admin, "URM").unwrap_err();
    /// assert_eq!(err.to_string(), "office URM not found");
    /// # Ok::<(), ProgramError>(())
    /// ```
    pub fn household_rows(&self, actor: &Actor, office: &str) -> Result<Vec<HouseholdRow>> {
        let found = self.registry().read(actor, |r| {
            let office = r.office_by_code(office.trim())?;
            let codes = super::lists::office_codes(r)?;
            r.households(office.id())?
                .into_iter()
                .map(|household| {
                    Ok(HouseholdRow {
                        members: r.members(household.id())?.len(),
                        office: office_ref(&codes, household.office()),
                        household,
                    })
                })
                .collect()
        });
        named("office", office, found)
    }

    /// The household with code (or ID) `key`, with its office's code and
    /// its people.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::{Program, ProgramError};
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.household_view(&admin, "URM-DZS-00001").unwrap_err();
    /// assert_eq!(err.to_string(), "household URM-DZS-00001 not found");
    /// # Ok::<(), ProgramError>(())
    /// ```
    pub fn household_view(&self, actor: &Actor, key: &str) -> Result<HouseholdView> {
        let key = key.trim();
        let found = self.registry().read(actor, |r| {
            let household = match key.parse() {
                Ok(id) => r.household(id)?,
                Err(_) => r.household_by_code(key)?,
            };
            Ok(HouseholdView {
                office: r.office(household.office())?.code().to_owned(),
                members: r.members(household.id())?,
                household,
            })
        });
        named("household", key, found)
    }

    /// The person with national ID `national_id` (any digits), with their
    /// household's code. The national ID is never repeated in an error:
    /// one not found is "person with this national ID not found".
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::{Program, ProgramError};
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.person_view(&admin, "0499370899").unwrap_err();
    /// assert_eq!(err.to_string(), "person with this national ID not found");
    /// assert!(program.person_view(&admin, "0499370898").is_err()); // bad check digit
    /// # Ok::<(), ProgramError>(())
    /// ```
    pub fn person_view(&self, actor: &Actor, national_id: &str) -> Result<PersonView> {
        let national_id = NationalId::parse(national_id)?;
        // One lookup: the person with their household (on PostgreSQL one
        // statement, sent without a transaction for an unrestricted actor).
        let found = self.registry().read_one(actor, |r| {
            let (person, household) = r.person_and_household_by_national_id(&national_id)?;
            Ok(PersonView {
                household: household.code().to_owned(),
                person,
            })
        });
        // Not named by what was typed: a national ID is personal.
        super::by_national_id(found)
    }

    /// The person with `key` — a person ID, or a national ID (any digits)
    /// — with their household, its office's code and its people. Scoped:
    /// a person outside the actor's offices is not found, as one that
    /// does not exist. A national ID is never repeated in an error (one
    /// not found is "person with this national ID
    /// not found", as with
    /// [`person_view`](Self::person_view), which looks it up); a person
    /// ID is named as typed.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::program::MemoryProgram;
    /// # use homebiz::registry::testing::{Fixture, test_now};
    /// let f = Fixture::new(homebiz::registry::MemoryStore::new());
    /// let household = f.household(f.office_a, "A-1");
    /// let person = f.person(household.id(), 1).person;
    /// let national_id = person.national_id().as_str().to_owned();
    /// let (staff_a, staff_b) = (f.staff_of(f.office_a), f.staff_of(f.office_b));
    /// let program = MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now())))?;
    /// // By person ID, or by national ID: the person and their household.
    /// let by_id = program.person_details(&staff_a, &person.id().to_string())?;
    /// let by_national_id = program.person_details(&staff_a, &national_id)?;
    /// assert_eq!(by_id.person.id(), person.id());
    /// assert_eq!(by_national_id.person.id(), person.id());
    /// assert_eq!(by_id.household.household.code(), "A-1");
    /// assert!(by_id.household.members.iter().any(|m| m.id() == person.id()));
    /// // Another office's staff finds them by neither key.
    /// let err = program.person_details(&staff_b, &national_id).unwrap_err();
    /// assert_eq!(err.to_string(), "person with this national ID not found");
    /// assert!(program.person_details(&staff_b, &person.id().to_string()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn person_details(&self, actor: &Actor, key: &str) -> Result<PersonDetails> {
        let key = key.trim();
        let person = match key.parse::<PersonId>() {
            Ok(id) => named("person", key, self.registry().read(actor, |r| r.person(id)))?,
            Err(_) => self.person_view(actor, key)?.person,
        };
        let household = self.household_view(actor, &person.household().to_string())?;
        Ok(PersonDetails { person, household })
    }

    /// The business with code (or ID) `key`, with its office's and
    /// household's codes.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::{Program, ProgramError};
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.business_view(&admin, "URM-DZS-00001-B1").unwrap_err();
    /// assert_eq!(err.to_string(), "business URM-DZS-00001-B1 not found");
    /// # Ok::<(), ProgramError>(())
    /// ```
    pub fn business_view(&self, actor: &Actor, key: &str) -> Result<BusinessView> {
        let business = self.business_named(actor, key)?;
        Ok(self.registry().read(actor, |r| {
            Ok(BusinessView {
                office: r.office(business.office())?.code().to_owned(),
                household: r.household(business.household())?.code().to_owned(),
                business,
            })
        })?)
    }

    /// The businesses of the office with code `office` and the offices
    /// below it, each with its household's code.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::program::{Program, ProgramError};
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock)?;
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let err = program.business_rows(&admin, "NOPE").unwrap_err();
    /// assert_eq!(err.to_string(), "office NOPE not found");
    /// # Ok::<(), ProgramError>(())
    /// ```
    pub fn business_rows(&self, actor: &Actor, office: &str) -> Result<Vec<BusinessRow>> {
        let found = self.registry().read(actor, |r| {
            let office = r.office_by_code(office.trim())?;
            let codes = super::lists::office_codes(r)?;
            r.businesses(office.id())?
                .into_iter()
                .map(|business| {
                    Ok(BusinessRow {
                        household: r.household(business.household())?.code().to_owned(),
                        office: office_ref(&codes, business.office()),
                        business,
                    })
                })
                .collect()
        });
        named("office", office, found)
    }

    /// Imports a CSV file of `kind` into the registry as `actor`
    /// ([`import_csv`]): rows for offices outside the actor's scope are
    /// refused, naming the row; `rejects` receives the refused rows, and
    /// `progress` the count of rows read so far.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::{FixedClock, id::ActorId};
    /// # use homebiz::import::{ImportKind, ImportOptions, OnError};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    /// let program = Program::in_memory(clock).unwrap();
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let csv = "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n";
    /// let report = program.import(
    ///     &admin,
    ///     ImportKind::Offices,
    ///     "offices.csv",
    ///     csv.as_bytes(),
    ///     &ImportOptions::new(OnError::Abort, false),
    ///     None,
    ///     &mut |_| {},
    /// )?;
    /// assert_eq!(report.created, 1);
    /// # Ok::<(), homebiz::import::ImportError>(())
    /// ```
    #[allow(clippy::too_many_arguments)]
    pub fn import(
        &self,
        actor: &Actor,
        kind: ImportKind,
        file: &str,
        input: impl io::Read,
        options: &ImportOptions,
        rejects: Option<&mut dyn io::Write>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<ImportReport, ImportError> {
        // A business that has traded keeps its activity (see
        // `Program::edit_business`): the market and the ledger say which.
        let mut checked;
        let options = if kind == ImportKind::Businesses && options.update {
            checked = options.clone();
            let traded = self.traders()?;
            checked.traded = Some(std::sync::Arc::new(traded));
            &checked
        } else {
            options
        };
        import_csv(
            self.registry(),
            actor,
            kind,
            file,
            input,
            options,
            rejects,
            progress,
        )
    }
}

/// Office `id` by its code in `codes`, with the ID beside.
fn office_ref(
    codes: &std::collections::HashMap<OfficeId, String>,
    id: OfficeId,
) -> CodeRef<OfficeId> {
    CodeRef {
        code: codes.get(&id).cloned().unwrap_or_default(),
        id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A top-level field is replaced or added; a dotted one is replaced
    /// inside its nested object, and left alone where that object is not.
    #[test]
    fn referenced_replaces_top_level_and_nested_fields() {
        let record = serde_json::json!({
            "business": "b-id",
            "data": {"exhibition": "e-id", "weeks": 2},
        });
        let reference = |code: &str| CodeRef {
            code: code.to_owned(),
            id: format!("{code}-id"),
        };
        let json = serde_json::to_value(
            Referenced::new(&record)
                .with("business", &reference("B"))
                .with("channel", &reference("C"))
                .with("data.exhibition", &reference("E"))
                .with("missing.field", &reference("M")),
        )
        .unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "business": {"code": "B", "id": "B-id"},
                "channel": {"code": "C", "id": "C-id"},
                "data": {"exhibition": {"code": "E", "id": "E-id"}, "weeks": 2},
            })
        );
    }
}

/// A [`Plan`](homebiz_scoring::plan::Plan) as JSON, each household (of
/// the assignments and of the unassigned) named by code with its ID beside
/// ([`CodeRef`]); see [`Program::plan_view`].
#[derive(Debug, Clone)]
pub struct PlanView<'p, 'c> {
    plan: &'p homebiz_scoring::plan::Plan<'c>,
    households: std::collections::HashMap<String, HouseholdId>,
}

impl Serialize for PlanView<'_, '_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let mut value = serde_json::to_value(self.plan).map_err(serde::ser::Error::custom)?;
        for list in ["assignments", "unassigned"] {
            let Some(items) = value
                .get_mut(list)
                .and_then(serde_json::Value::as_array_mut)
            else {
                continue;
            };
            for item in items {
                let Some(fields) = item.as_object_mut() else {
                    continue;
                };
                let code = fields
                    .get("household")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                if let Some((code, &id)) =
                    code.and_then(|c| self.households.get(&c).map(|id| (c, id)))
                {
                    let reference = serde_json::to_value(CodeRef { code, id })
                        .map_err(serde::ser::Error::custom)?;
                    fields.insert("household".to_owned(), reference);
                }
            }
        }
        value.serialize(serializer)
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// `plan` (from [`Program::plan_office`]) for JSON: its households
    /// named by code with the ID beside, as the actor sees them.
    pub fn plan_view<'p, 'c>(
        &self,
        actor: &Actor,
        plan: &'p homebiz_scoring::plan::Plan<'c>,
    ) -> Result<PlanView<'p, 'c>> {
        let codes: Vec<&str> = plan
            .assignments
            .iter()
            .map(|a| a.household.as_str())
            .chain(plan.unassigned.iter().map(|u| u.household.as_str()))
            .collect();
        let households = self.registry().read(actor, |r| {
            codes
                .iter()
                .map(|&code| Ok((code.to_owned(), r.household_by_code(code)?.id())))
                .collect::<homebiz_registry::Result<_>>()
        })?;
        Ok(PlanView { plan, households })
    }
}
