//! The storage traits a registry backend implements.
//!
//! A backend is persistence only: it keeps records and answers lookups.
//! Every rule — validation, uniqueness, consent, scopes, lifecycles, the
//! audit trail — lives once in [`Registry`](crate::Registry), which drives
//! the backend through these traits inside one transaction per operation.
//! A backend must:
//!
//! - run [`RegistryStore::write`] as one all-or-nothing transaction (and
//!   serialise writers, so reads inside it see a stable state);
//! - roll a write back when its closure panics, and stay usable after a
//!   panic in any closure, on any thread (a lock poisoned by the panic
//!   guards state that the rollback left sound);
//! - return lists in the documented order, so every backend gives the same
//!   answers;
//! - hand records back exactly as they were put.
//!
//! [`MemoryStore`](crate::MemoryStore) is the reference implementation;
//! `homebiz-sqlite` provides SQLite. The conformance suite in
//! `testing` module (feature `testing`) checks any backend.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use homebiz_core::JalaliDate;
use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
use homebiz_core::iran::{Mobile, NationalId};
use homebiz_core::text::KeySearch;

use crate::audit::{AuditEvent, AuditRecord, EntityRef};
use crate::business::Business;
use crate::consent::{ConsentRecord, SensitiveField};
use crate::error::Result;
use crate::household::Household;
use crate::lifecycle::StateChange;
use crate::office::Office;
use crate::partner::Partner;
use crate::person::Person;
use crate::staff::{DuplicateResolution, User};

/// A person flagged as a likely duplicate of another: same full name's key
/// ([`Person::name_key`], the [`search_key`](homebiz_core::text::search_key)
/// a search uses) and birth date in the same office. Flags are for review; nothing is
/// merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateFlag {
    /// The person registered later.
    pub person: PersonId,
    /// The person registered earlier that it resembles.
    pub resembles: PersonId,
    /// The office both belong to.
    pub office: OfficeId,
    /// When the flag was raised.
    pub at: DateTime<Utc>,
}

/// What a search for households looks for
/// ([`RegistryRead::households_matching`]). Its `Debug` shows no part of
/// the query.
///
/// Exhaustive on purpose: every backend answers every kind of search, so a
/// new kind is a deliberate, breaking change (like a new trait method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdSearch {
    /// A member whose name's [`search_key`](Person::search_key) the search
    /// matches.
    MemberName(KeySearch),
    /// A member with this mobile number.
    MemberMobile(Mobile),
    /// An address whose [`search_key`](Household::address_key) the search
    /// matches.
    Address(KeySearch),
}

/// What the next writes of a transaction will look up or create, given
/// ahead to [`RegistryRead::look_ahead`] (an import gives it for each
/// batch of rows). Its `Debug` shows how many keys of each kind it holds,
/// never the keys.
///
/// ```
/// use homebiz_registry::LookAhead;
///
/// let mut ahead = LookAhead::default();
/// ahead.household_codes.push("DZ1-0001".into());
/// assert!(!ahead.is_empty());
/// assert_eq!(format!("{ahead:?}"), "LookAhead { household_codes: 1, national_ids: 0, identities: 0 }");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LookAhead {
    /// Codes of households to be created or linked to.
    pub household_codes: Vec<String>,
    /// National IDs of people to be registered.
    pub national_ids: Vec<NationalId>,
    /// Identities of people to be registered: their
    /// [`name_key`](crate::PersonData::name_key) and birth date, as
    /// [`RegistryRead::people_by_identity`] looks them up.
    pub identities: Vec<(String, JalaliDate)>,
}

impl LookAhead {
    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.household_codes.is_empty()
            && self.national_ids.is_empty()
            && self.identities.is_empty()
    }
}

impl std::fmt::Debug for LookAhead {
    // The keys are personal data (national IDs, names).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LookAhead")
            .field("household_codes", &self.household_codes.len())
            .field("national_ids", &self.national_ids.len())
            .field("identities", &self.identities.len())
            .finish()
    }
}

/// Lookups a backend answers. `None` means no such record.
pub trait RegistryRead {
    /// The office with `id`.
    fn office(&self, id: OfficeId) -> Result<Option<Office>>;
    /// The office with `code`.
    fn office_by_code(&self, code: &str) -> Result<Option<Office>>;
    /// All offices, ordered by code.
    fn offices(&self) -> Result<Vec<Office>>;

    /// The household with `id`.
    fn household(&self, id: HouseholdId) -> Result<Option<Household>>;
    /// The household with `code`.
    fn household_by_code(&self, code: &str) -> Result<Option<Household>>;
    /// The ID and office of the household with `code`: all that linking a
    /// record to it needs (an import's people rows), without reading and
    /// checking the whole record. A backend may answer it from its code
    /// index alone.
    fn household_key_by_code(&self, code: &str) -> Result<Option<(HouseholdId, OfficeId)>> {
        Ok(self
            .household_by_code(code)?
            .map(|household| (household.id(), household.office())))
    }
    /// The households of the given offices, ordered by code.
    fn households_in(&self, offices: &[OfficeId]) -> Result<Vec<Household>>;

    /// The person with `id`.
    fn person(&self, id: PersonId) -> Result<Option<Person>>;
    /// The person with national ID `national_id`.
    fn person_by_national_id(&self, national_id: &NationalId) -> Result<Option<Person>>;
    /// The people of `office` whose [`name_key`](Person::name_key) is
    /// `name_key` and who were born on `birth_date`, ordered by ID.
    fn people_by_identity(
        &self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>>;
    /// The person with `id` and their household: what
    /// [`person`](Self::person) and [`household`](Self::household) of
    /// the person's household answer, `None` when either is missing. The
    /// default makes those two lookups; a backend should answer it as one
    /// (PostgreSQL: one statement, a join), since looking a person up for
    /// a scoped reader needs both (the household's office is the scope).
    fn person_with_household(&self, id: PersonId) -> Result<Option<(Person, Household)>> {
        match self.person(id)? {
            Some(person) => Ok(self.household(person.household())?.map(|h| (person, h))),
            None => Ok(None),
        }
    }
    /// The person with national ID `national_id` and their household, as
    /// [`person_with_household`](Self::person_with_household).
    fn person_with_household_by_national_id(
        &self,
        national_id: &NationalId,
    ) -> Result<Option<(Person, Household)>> {
        match self.person_by_national_id(national_id)? {
            Some(person) => Ok(self.household(person.household())?.map(|h| (person, h))),
            None => Ok(None),
        }
    }
    /// The members of `household`, ordered by ID.
    fn members(&self, household: HouseholdId) -> Result<Vec<Person>>;
    /// The people of the households of `offices` whose name's
    /// [`search_key`](Person::search_key) `search` matches, each with their
    /// household; ordered by household code, then person ID.
    ///
    /// The default reads every household of `offices` and its members and
    /// computes their keys: right, but a scan. A backend should keep the
    /// keys as records are put and answer from them (the in-memory and
    /// SQLite stores do).
    fn people_matching(
        &self,
        offices: &[OfficeId],
        search: &KeySearch,
    ) -> Result<Vec<(Household, Person)>> {
        let mut found = Vec::new();
        for household in self.households_in(offices)? {
            for person in self.members(household.id())? {
                if search.matches(&person.search_key()) {
                    found.push((household.clone(), person));
                }
            }
        }
        Ok(found)
    }

    /// The households of `offices` that `search` finds, ordered by code.
    ///
    /// The default is a scan, as for
    /// [`people_matching`](Self::people_matching).
    fn households_matching(
        &self,
        offices: &[OfficeId],
        search: &HouseholdSearch,
    ) -> Result<Vec<Household>> {
        let mut found = Vec::new();
        for household in self.households_in(offices)? {
            let hit = match search {
                HouseholdSearch::Address(address) => address.matches(&household.address_key()),
                HouseholdSearch::MemberName(name) => self
                    .members(household.id())?
                    .iter()
                    .any(|p| name.matches(&p.search_key())),
                HouseholdSearch::MemberMobile(mobile) => self
                    .members(household.id())?
                    .iter()
                    .any(|p| p.data().mobile.as_ref() == Some(mobile)),
            };
            if hit {
                found.push(household);
            }
        }
        Ok(found)
    }

    /// The business with `id`.
    fn business(&self, id: BusinessId) -> Result<Option<Business>>;
    /// The business with `code`.
    fn business_by_code(&self, code: &str) -> Result<Option<Business>>;
    /// The businesses of the given offices, ordered by code.
    fn businesses_in(&self, offices: &[OfficeId]) -> Result<Vec<Business>>;

    /// The partner with `id`.
    fn partner(&self, id: PartnerId) -> Result<Option<Partner>>;
    /// The partner with `code`.
    fn partner_by_code(&self, code: &str) -> Result<Option<Partner>>;
    /// All partners, ordered by code.
    fn partners(&self) -> Result<Vec<Partner>>;

    /// The consent records of `household` for `field`, oldest first.
    fn consents(&self, household: HouseholdId, field: SensitiveField)
    -> Result<Vec<ConsentRecord>>;
    /// The lifecycle transitions of `entity`, oldest first.
    fn state_changes(&self, entity: EntityRef) -> Result<Vec<StateChange>>;
    /// Audit events with `seq > after`, in order, at most `limit`.
    fn audit_events(&self, after: u64, limit: usize) -> Result<Vec<AuditEvent>>;
    /// Audit events about `entity`, in order.
    fn audit_events_for(&self, entity: EntityRef) -> Result<Vec<AuditEvent>>;
    /// All duplicate flags, oldest first.
    fn duplicate_flags(&self) -> Result<Vec<DuplicateFlag>>;
    /// All resolutions of duplicate flags, oldest first.
    fn duplicate_resolutions(&self) -> Result<Vec<DuplicateResolution>>;

    /// The user with login `code`.
    fn user_by_code(&self, code: &str) -> Result<Option<User>>;
    /// All users, ordered by code.
    fn users(&self) -> Result<Vec<User>>;

    /// A hint: the next writes of this transaction will look up or create
    /// the records `ahead` names. A backend for which a round trip per
    /// record is costly may read them all at once here and answer the
    /// later lookups, and check the later inserts' keys, from what it
    /// read (PostgreSQL does, and then writes those inserts in bulk). It
    /// changes no answer of any later call, but for the audit numbers a
    /// backend may then skip ([`RegistryTx::append_audit`]): a backend may
    /// ignore it, as the default does.
    fn look_ahead(&self, ahead: &LookAhead) -> Result<()> {
        let _ = ahead;
        Ok(())
    }

    /// Whether [`look_ahead`](Self::look_ahead) does anything: a caller
    /// may spare itself working out the keys for a backend that ignores
    /// them (the default, and SQLite's: an import's keys were 8% of its
    /// instructions on SQLite, measured with callgrind on the people file).
    fn looks_ahead(&self) -> Result<bool> {
        Ok(false)
    }
}

/// How a `put_*` writes a record; a backend refuses an
/// [`Insert`](Put::Insert) of an existing ID with
/// [`RegistryError::AlreadyExists`](crate::RegistryError::AlreadyExists).
pub use homebiz_core::store::Put;

/// Writes a backend performs inside a transaction.
pub trait RegistryTx: RegistryRead {
    /// Inserts or replaces an office.
    fn put_office(&mut self, office: &Office, put: Put) -> Result<()>;
    /// Inserts or replaces a household.
    fn put_household(&mut self, household: &Household, put: Put) -> Result<()>;
    /// Inserts or replaces a person. A national ID that another person
    /// holds is refused with
    /// [`RegistryError::DuplicateNationalId`](crate::RegistryError::DuplicateNationalId)
    /// and nothing is written: the store keeps national IDs unique itself
    /// (a unique index), and the registry relies on it.
    fn put_person(&mut self, person: &Person, put: Put) -> Result<()>;
    /// The likely duplicates of a person about to be inserted in `office`
    /// with `name_key` and `birth_date`: what
    /// [`people_by_identity`](RegistryRead::people_by_identity) answers,
    /// asked by a registration right before its
    /// [`put_person`](Self::put_person).
    ///
    /// The default reads the people. A backend whose reads lock what
    /// concurrent writers insert may answer otherwise, as long as the
    /// answer is the same: PostgreSQL first claims the identity in a table
    /// of the identities people have held (an insert, which locks nothing
    /// that writers on other offices insert) and reads the people only
    /// when the identity was held before, so that writers registering
    /// people on different offices do not abort each other.
    fn people_by_identity_for_insert(
        &mut self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>> {
        self.people_by_identity(office, name_key, birth_date)
    }
    /// Inserts or replaces a business.
    fn put_business(&mut self, business: &Business, put: Put) -> Result<()>;
    /// Inserts or replaces a partner.
    fn put_partner(&mut self, partner: &Partner, put: Put) -> Result<()>;
    /// Appends a consent record.
    fn append_consent(&mut self, consent: &ConsentRecord) -> Result<()>;
    /// Appends a lifecycle transition.
    fn append_state_change(&mut self, change: &StateChange) -> Result<()>;
    /// Appends an audit event, numbering it one past the last. Numbers only
    /// increase; a backend that takes them from a database sequence
    /// (PostgreSQL, so that concurrent writers need not wait for each
    /// other) may skip the numbers a rolled-back write had taken, and
    /// those a write that [looked ahead](RegistryRead::look_ahead) took in
    /// a block and did not use.
    fn append_audit(&mut self, record: &AuditRecord) -> Result<u64>;
    /// Appends a duplicate flag.
    fn append_duplicate_flag(&mut self, flag: &DuplicateFlag) -> Result<()>;
    /// Appends the resolution of a duplicate flag.
    fn append_duplicate_resolution(&mut self, resolution: &DuplicateResolution) -> Result<()>;
    /// Inserts a user; a code or ID another user holds is refused with
    /// [`RegistryError::DuplicateUser`](crate::RegistryError::DuplicateUser)
    /// and nothing is written.
    fn insert_user(&mut self, user: &User) -> Result<()>;
}

/// A registry backend: runs reads and all-or-nothing write transactions.
///
/// Synchronous by design; an async service wraps it (see ARCHITECTURE.md).
pub trait RegistryStore {
    /// Runs `f` against a consistent view of the store.
    fn read<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R>;

    /// Runs `f`, which is expected to make one lookup (one call of a
    /// [`RegistryRead`] method), against a consistent view of the store,
    /// as [`read`](Self::read) does. A backend that answers a lookup with
    /// one statement, which is its own consistent snapshot, may spare the
    /// transaction around it (PostgreSQL sends no `BEGIN` and no
    /// `ROLLBACK`); whatever `f` does, its view must stay consistent (a
    /// second lookup may begin the transaction then, or fail). The
    /// default is [`read`](Self::read).
    fn read_one<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
        self.read(f)
    }

    /// Runs `f` in one transaction: if `f` returns `Ok`, everything it
    /// wrote is committed; if it returns `Err` or panics, nothing is.
    fn write<R>(&self, f: impl FnOnce(&mut dyn RegistryTx) -> Result<R>) -> Result<R>;
}

/// The body of the crate's forwarding macro (exported as
/// `homebiz_registry::testing::forward_reads!`, feature `testing`, where
/// its use is documented); the in-memory store uses it too.
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_reads {
    (self.$to:tt) => {
        $crate::__forward_reads!(self.$to, except searches);
        $crate::__forward_reads!(@methods $to;
            people_matching(
                offices: &[$crate::__private::OfficeId],
                search: &$crate::__private::KeySearch
            ) -> Vec<($crate::Household, $crate::Person)>;
            households_matching(
                offices: &[$crate::__private::OfficeId],
                search: &$crate::HouseholdSearch
            ) -> Vec<$crate::Household>;
        );
    };
    (self.$to:tt, except searches) => {
        $crate::__forward_reads!(@methods $to;
            office(id: $crate::__private::OfficeId) -> Option<$crate::Office>;
            office_by_code(code: &str) -> Option<$crate::Office>;
            offices() -> Vec<$crate::Office>;
            household(id: $crate::__private::HouseholdId) -> Option<$crate::Household>;
            household_by_code(code: &str) -> Option<$crate::Household>;
            households_in(offices: &[$crate::__private::OfficeId]) -> Vec<$crate::Household>;
            person(id: $crate::__private::PersonId) -> Option<$crate::Person>;
            person_by_national_id(
                national_id: &$crate::__private::NationalId
            ) -> Option<$crate::Person>;
            people_by_identity(
                office: $crate::__private::OfficeId,
                name_key: &str,
                birth_date: $crate::__private::JalaliDate
            ) -> Vec<$crate::__private::PersonId>;
            person_with_household(
                id: $crate::__private::PersonId
            ) -> Option<($crate::Person, $crate::Household)>;
            person_with_household_by_national_id(
                national_id: &$crate::__private::NationalId
            ) -> Option<($crate::Person, $crate::Household)>;
            members(household: $crate::__private::HouseholdId) -> Vec<$crate::Person>;
            business(id: $crate::__private::BusinessId) -> Option<$crate::Business>;
            business_by_code(code: &str) -> Option<$crate::Business>;
            businesses_in(offices: &[$crate::__private::OfficeId]) -> Vec<$crate::Business>;
            partner(id: $crate::__private::PartnerId) -> Option<$crate::Partner>;
            partner_by_code(code: &str) -> Option<$crate::Partner>;
            partners() -> Vec<$crate::Partner>;
            consents(
                household: $crate::__private::HouseholdId,
                field: $crate::SensitiveField
            ) -> Vec<$crate::ConsentRecord>;
            state_changes(entity: $crate::EntityRef) -> Vec<$crate::StateChange>;
            audit_events(after: u64, limit: usize) -> Vec<$crate::AuditEvent>;
            audit_events_for(entity: $crate::EntityRef) -> Vec<$crate::AuditEvent>;
            duplicate_flags() -> Vec<$crate::DuplicateFlag>;
            duplicate_resolutions() -> Vec<$crate::DuplicateResolution>;
            user_by_code(code: &str) -> Option<$crate::User>;
            users() -> Vec<$crate::User>;
            look_ahead(ahead: &$crate::LookAhead) -> ();
            looks_ahead() -> bool;
        );
    };
    (@methods $to:tt; $($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {$(
        fn $name(&self, $($arg: $ty),*) -> $crate::Result<$ret> {
            self.$to.$name($($arg),*)
        }
    )*};
}

macro_rules! forward_store {
    ($($ptr:ty),*) => {$(
        impl<S: RegistryStore + ?Sized> RegistryStore for $ptr {
            fn read<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
                (**self).read(f)
            }
            fn read_one<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
                (**self).read_one(f)
            }
            fn write<R>(&self, f: impl FnOnce(&mut dyn RegistryTx) -> Result<R>) -> Result<R> {
                (**self).write(f)
            }
        }
    )*};
}

forward_store!(&S, Box<S>, Arc<S>);
