//! Finding people and households: by name (Persian spellings matched
//! loosely, partial names allowed), by a member's mobile, or by an address
//! fragment; always within the acting user's offices.
//!
//! Matching compares search keys ([`search_key`]): the normalised text
//! (Arabic yeh and kaf as Persian, no diacritics or tatweel, ASCII digits)
//! with every space and ZWNJ removed and letters lower-cased. A name matches when the
//! whole query is part of the full name (given then family), or when each
//! word of the query is part of it, in any order: `رضایی علی` finds
//! `علي رضايي`, `علی‌رضایی` and `عَلی  رضایی`, and `رضا` finds all three.
//!
//! The store keeps every name's and address's search key, and answers
//! from them ([`Reader::people_matching`], [`Reader::households_matching`]):
//! only the records found are read.

use std::collections::HashSet;

use homebiz_core::id::OfficeId;
use homebiz_core::iran::Mobile;
use homebiz_core::text::KeySearch;
use homebiz_income::store::IncomeStore;
use homebiz_market::store::MarketStore;
use homebiz_registry::{
    Actor, Household, HouseholdSearch, Office, Person, Reader, RegistryError, RegistryStore,
};

use super::lists::office_codes;
use super::personal::{ShowsPeople, shows_people};
use super::views::serialize_fields;
use super::{CodeRef, Referenced};
use super::{Program, Result};
use serde::Serialize;

/// How to look for households.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HouseholdQuery {
    /// A member's name, or part of it.
    Name(String),
    /// A member's mobile number, in any form [`Mobile::parse`] accepts.
    Mobile(String),
    /// Part of the household's address.
    Address(String),
}

impl std::fmt::Debug for HouseholdQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Names, mobiles and addresses are personal: only the kind shows.
        f.write_str(match self {
            Self::Name(_) => "Name(..)",
            Self::Mobile(_) => "Mobile(..)",
            Self::Address(_) => "Address(..)",
        })
    }
}

/// A person found, with the codes of their household and office. Its JSON
/// leaves the national ID and mobile out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
pub struct PersonMatch {
    /// The office's code.
    pub office_code: String,
    /// The office's ID.
    pub office_id: OfficeId,
    /// The household's code.
    pub household_code: String,
    /// The person (its `Debug` shows no personal value).
    pub person: Person,
}

/// A household found, with its office's code and its members. Its JSON
/// leaves the members' national IDs and mobiles, and the household's
/// personal fields, out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
pub struct HouseholdMatch {
    /// The office's code.
    pub office_code: String,
    /// The household (its `Debug` shows no personal value).
    pub household: Household,
    /// Its members, ordered by ID.
    pub members: Vec<Person>,
}

/// A group of likely duplicates for review: people of one office with the
/// same name key and birth date, the first registered first. Its JSON
/// leaves the national IDs and mobiles out unless asked
/// ([`ShowsPeople::with_personal`]).
#[derive(Debug, Clone)]
pub struct DuplicateGroupMatch {
    /// The office's code.
    pub office_code: String,
    /// The office's ID.
    pub office_id: OfficeId,
    /// The people, each with its household's code.
    pub people: Vec<PersonMatch>,
}

impl ShowsPeople for PersonMatch {
    /// The person's `household` is named by code with the ID beside.
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let household = CodeRef {
            code: self.household_code.clone(),
            id: self.person.household(),
        };
        let person = self.person.with_personal(personal);
        serialize_fields(
            serializer,
            &[
                ("office_code", &self.office_code),
                ("office_id", &self.office_id),
                ("household_code", &self.household_code),
                ("household_id", &household.id),
                (
                    "person",
                    &Referenced::new(&person).with("household", &household),
                ),
            ],
        )
    }
}

impl ShowsPeople for HouseholdMatch {
    /// The household's `office` and the members' `household` are named by
    /// code with the ID beside.
    fn serialize_people<S: serde::Serializer>(
        &self,
        personal: bool,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let office = CodeRef {
            code: self.office_code.clone(),
            id: self.household.office(),
        };
        let household = CodeRef {
            code: self.household.code().to_owned(),
            id: self.household.id(),
        };
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
                ("office_code", &self.office_code),
                ("office_id", &office.id),
                (
                    "household",
                    &Referenced::new(&record).with("office", &office),
                ),
                ("members", &members),
            ],
        )
    }
}

impl Serialize for PersonMatch {
    /// Without the national ID and mobile; see [`ShowsPeople::with_personal`].
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.serialize_people(false, serializer)
    }
}

impl Serialize for HouseholdMatch {
    /// Without the members' national IDs and mobiles; see
    /// [`ShowsPeople::with_personal`].
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        self.serialize_people(false, serializer)
    }
}
shows_people!(DuplicateGroupMatch, "DuplicateGroupMatch" {
    office_code: plain,
    office_id: plain,
    people: people,
});

pub use homebiz_core::text::search_key;

/// The search for a name, word by word.
fn name_search(query: &str) -> Result<KeySearch> {
    KeySearch::words(query).ok_or_else(|| empty("name"))
}

/// The error for a search with nothing to look for.
fn empty(field: &'static str) -> super::ProgramError {
    RegistryError::invalid(field, "the search is empty").into()
}

/// The offices to search: `office` (by code) and those below it, or every
/// visible office; each returned office is the root of a subtree none of
/// the others lies in.
fn roots(r: &Reader<'_>, office: Option<&str>) -> homebiz_registry::Result<Vec<Office>> {
    if let Some(code) = office {
        return Ok(vec![r.office_by_code(code)?]);
    }
    let offices = r.offices()?;
    let visible: HashSet<_> = offices.iter().map(Office::id).collect();
    Ok(offices
        .into_iter()
        .filter(|o| o.parent().is_none_or(|p| !visible.contains(&p)))
        .collect())
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The people whose name matches `name` (see the [module](self) for
    /// the matching), in the actor's offices, or in office `office` (a code)
    /// and those below it; ordered by office, household code and person.
    /// An office outside the actor's scope is not found.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::import::{ImportKind, ImportOptions, import_csv};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let clock = Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?));
    /// # let program = Program::in_memory(clock)?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # for (kind, text) in [
    /// #     (ImportKind::Offices, "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n\
    /// #         URM,Urmia,county,WAZ\nURM-CITY,Urmia,city,URM\nDZS,Dizaj,office,URM-CITY\n"),
    /// #     (ImportKind::Households, "code,office_code,address\nH1,DZS,دیزج سیاوش، کوچه 20\n"),
    /// #     (ImportKind::People, "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
    /// #         0010000011,علي,رضايي,1379/08/21,female,09141000001,H1\n"),
    /// # ] {
    /// #     import_csv(program.registry(), &admin, kind, "f.csv", text.as_bytes(),
    /// #         &ImportOptions::default(), None, &mut |_| {})?;
    /// # }
    /// // Arabic yeh, family name first, part of it: still found.
    /// let found = program.find_people(&admin, None, "رضا علی")?;
    /// assert_eq!(found.len(), 1);
    /// assert_eq!(found[0].household_code, "H1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_people(
        &self,
        actor: &Actor,
        office: Option<&str>,
        name: &str,
    ) -> Result<Vec<PersonMatch>> {
        let search = name_search(name)?;
        super::named_opt(
            "office",
            office,
            self.registry().read(actor, |r| {
                let offices = office_codes(r)?;
                let mut found = Vec::new();
                for root in roots(r, office)? {
                    for (household, person) in r.people_matching(root.id(), &search)? {
                        found.push(PersonMatch {
                            office_code: code_of(&offices, &household),
                            office_id: household.office(),
                            household_code: household.code().to_owned(),
                            person,
                        });
                    }
                }
                Ok(found)
            }),
        )
    }

    /// The households that `query` finds: a member's name (matched as in
    /// [`find_people`](Self::find_people)), a member's mobile (the registry
    /// names no head of household, so any member's), or part of the
    /// address (matched by search key); in the actor's offices, or in
    /// office `office` (a code) and those below it; ordered by office and
    /// code, each with its members.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::import::{ImportKind, ImportOptions, import_csv};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let clock = Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?));
    /// # let program = Program::in_memory(clock)?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # for (kind, text) in [
    /// #     (ImportKind::Offices, "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n\
    /// #         URM,Urmia,county,WAZ\nURM-CITY,Urmia,city,URM\nDZS,Dizaj,office,URM-CITY\n"),
    /// #     (ImportKind::Households, "code,office_code,address\nH1,DZS,دیزج سیاوش، کوچه 20\n"),
    /// #     (ImportKind::People, "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
    /// #         0010000011,علي,رضايي,1379/08/21,female,09141000001,H1\n"),
    /// # ] {
    /// #     import_csv(program.registry(), &admin, kind, "f.csv", text.as_bytes(),
    /// #         &ImportOptions::default(), None, &mut |_| {})?;
    /// # }
    /// use homebiz::program::find::HouseholdQuery;
    ///
    /// let by_mobile = HouseholdQuery::Mobile("+98 914 100 0001".into());
    /// assert_eq!(program.find_households(&admin, Some("WAZ"), &by_mobile)?.len(), 1);
    /// let by_address = HouseholdQuery::Address("كوچه  20".into());
    /// assert_eq!(program.find_households(&admin, None, &by_address)?[0].household.code(), "H1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn find_households(
        &self,
        actor: &Actor,
        office: Option<&str>,
        query: &HouseholdQuery,
    ) -> Result<Vec<HouseholdMatch>> {
        let search = match query {
            HouseholdQuery::Name(name) => HouseholdSearch::MemberName(name_search(name)?),
            HouseholdQuery::Mobile(mobile) => HouseholdSearch::MemberMobile(
                Mobile::parse(mobile)
                    .map_err(|_| RegistryError::invalid("mobile", "not a mobile number"))?,
            ),
            HouseholdQuery::Address(address) => HouseholdSearch::Address(
                KeySearch::fragment(address).ok_or_else(|| empty("address"))?,
            ),
        };
        super::named_opt(
            "office",
            office,
            self.registry().read(actor, |r| {
                let offices = office_codes(r)?;
                let mut found = Vec::new();
                for root in roots(r, office)? {
                    for household in r.households_matching(root.id(), &search)? {
                        found.push(HouseholdMatch {
                            office_code: code_of(&offices, &household),
                            members: r.members(household.id())?,
                            household,
                        });
                    }
                }
                Ok(found)
            }),
        )
    }
}

impl<R: RegistryStore, M: MarketStore, I: IncomeStore> Program<R, M, I> {
    /// The households of every office the actor sees that one search box
    /// finds by `text`: the household whose code it is, else those with a
    /// member whose mobile it is (when it reads as a mobile number), else
    /// those with a member whose name contains it
    /// ([`find_households`](Self::find_households) by name).
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::import::{ImportKind, ImportOptions, import_csv};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # for (kind, text) in [
    /// #     (ImportKind::Offices, "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n\
    /// #         URM,Urmia,county,WAZ\nURM-CITY,Urmia,city,URM\nDZS,Dizaj,office,URM-CITY\n"),
    /// #     (ImportKind::Households, "code,office_code\nH1,DZS\nH2,DZS\n"),
    /// #     (ImportKind::People, "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
    /// #         0010000011,علی,رضایی,1379/08/21,female,09141000001,H1\n0010000021,مریم,احمدی,1380/01/01,female,,H2\n"),
    /// # ] {
    /// #     import_csv(program.registry(), &admin, kind, "f.csv", text.as_bytes(),
    /// #         &ImportOptions::default(), None, &mut |_| {})?;
    /// # }
    /// let code = |found: Vec<homebiz::program::find::HouseholdMatch>| found[0].household.code().to_owned();
    /// assert_eq!(code(program.search_households(&admin, "H2")?), "H2");
    /// assert_eq!(code(program.search_households(&admin, "0914 100 0001")?), "H1");
    /// assert_eq!(code(program.search_households(&admin, "احمدی")?), "H2");
    /// assert!(program.search_households(&admin, "  ").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn search_households(&self, actor: &Actor, text: &str) -> Result<Vec<HouseholdMatch>> {
        let text = text.trim();
        if text.is_empty() {
            return Err(empty("search"));
        }
        let by_code = self.registry().read(actor, |r| {
            let household = match r.household_by_code(text) {
                Ok(household) => household,
                Err(RegistryError::NotFound { .. }) => return Ok(None),
                Err(other) => return Err(other),
            };
            let offices = office_codes(r)?;
            Ok(Some(HouseholdMatch {
                office_code: code_of(&offices, &household),
                members: r.members(household.id())?,
                household,
            }))
        })?;
        if let Some(found) = by_code {
            return Ok(vec![found]);
        }
        let query = match Mobile::parse(text) {
            Ok(_) => HouseholdQuery::Mobile(text.to_owned()),
            Err(_) => HouseholdQuery::Name(text.to_owned()),
        };
        self.find_households(actor, None, &query)
    }

    /// The registry's likely-duplicate flags in the actor's offices, as
    /// groups for review (see
    /// [`Reader::duplicate_groups`](homebiz_registry::Reader::duplicate_groups)),
    /// with office and household codes. Listing changes nothing: no record
    /// is merged.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use homebiz::core::FixedClock;
    /// # use homebiz::core::id::ActorId;
    /// # use homebiz::import::{ImportKind, ImportOptions, import_csv};
    /// # use homebiz::program::Program;
    /// # use homebiz::registry::Actor;
    /// # let program = Program::in_memory(Arc::new(FixedClock::new("2025-04-01T08:00:00Z".parse()?)))?;
    /// # let admin = Actor::unrestricted(ActorId::new());
    /// # for (kind, text) in [
    /// #     (ImportKind::Offices, "code,name,level,parent_code\nWAZ,West Azerbaijan,province,\n\
    /// #         URM,Urmia,county,WAZ\nURM-CITY,Urmia,city,URM\nDZS,Dizaj,office,URM-CITY\n"),
    /// #     (ImportKind::Households, "code,office_code\nH1,DZS\nH2,DZS\n"),
    /// #     (ImportKind::People, "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n\
    /// #         0010000011,علی,رضایی,1379/08/21,male,,H1\n0010000021,علي,رضايي,1379/08/21,male,,H2\n"),
    /// # ] {
    /// #     import_csv(program.registry(), &admin, kind, "f.csv", text.as_bytes(),
    /// #         &ImportOptions::default(), None, &mut |_| {})?;
    /// # }
    /// let groups = program.duplicate_groups(&admin)?;
    /// assert_eq!(groups.len(), 1);
    /// let households: Vec<_> = groups[0].people.iter().map(|p| p.household_code.as_str()).collect();
    /// assert_eq!(households, ["H1", "H2"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn duplicate_groups(&self, actor: &Actor) -> Result<Vec<DuplicateGroupMatch>> {
        Ok(self.registry().read(actor, |r| {
            let offices = office_codes(r)?;
            let mut out = Vec::new();
            for group in r.duplicate_groups()? {
                let office_code = offices.get(&group.office).cloned().unwrap_or_default();
                let mut people = Vec::new();
                for &id in &group.people {
                    let person = r.person(id)?;
                    let household = r.household(person.household())?;
                    people.push(PersonMatch {
                        office_code: office_code.clone(),
                        office_id: group.office,
                        household_code: household.code().to_owned(),
                        person,
                    });
                }
                out.push(DuplicateGroupMatch {
                    office_code,
                    office_id: group.office,
                    people,
                });
            }
            Ok(out)
        })?)
    }
}

fn code_of(
    offices: &std::collections::HashMap<homebiz_core::id::OfficeId, String>,
    household: &Household,
) -> String {
    offices
        .get(&household.office())
        .cloned()
        .unwrap_or_default()
}
