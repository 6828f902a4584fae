//! The in-memory backend: the reference implementation of the store traits.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use homebiz_core::JalaliDate;
use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PartnerId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_core::text::KeySearch;

use crate::audit::{AuditEvent, AuditRecord, EntityRef};
use crate::business::Business;
use crate::consent::{ConsentRecord, SensitiveField};
use crate::error::{EntityKind, RegistryError, Result};
use crate::household::Household;
use crate::lifecycle::StateChange;
use crate::office::Office;
use crate::partner::Partner;
use crate::person::Person;
use crate::staff::{DuplicateResolution, User};
use crate::store::{DuplicateFlag, HouseholdSearch, Put, RegistryRead, RegistryStore, RegistryTx};

/// A registry held in memory, behind a mutex. Writes are transactions with
/// an undo log: a failed write leaves nothing behind, and neither does a
/// write whose closure panics (the log is undone as the panic unwinds), so
/// the store stays usable after a panic in any thread.
///
/// ```
/// use homebiz_registry::{Actor, MemoryStore, Registry, OfficeData, OfficeLevel};
/// use homebiz_core::{FixedClock, id::{ActorId, OfficeId}};
///
/// let registry = Registry::new(MemoryStore::new(), FixedClock::new(Default::default()));
/// let admin = Actor::unrestricted(ActorId::new());
/// let province = registry.write(&admin, |w| w.add_office(OfficeData {
///     id: OfficeId::new(),
///     code: "WAZ".into(),
///     name: "آذربایجان غربی".into(),
///     level: OfficeLevel::Province,
///     parent: None,
/// }))?;
/// assert_eq!(registry.read(&admin, |r| r.offices())?.len(), 1);
/// # Ok::<(), homebiz_registry::RegistryError>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The state. A panic poisons the mutex, but never leaves a write half
    /// done (a transaction undoes itself as it unwinds, and a read changes
    /// nothing), so the state behind a poisoned lock is sound.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[derive(Debug, Default)]
struct State {
    offices: BTreeMap<OfficeId, Office>,
    households: BTreeMap<HouseholdId, Household>,
    people: BTreeMap<PersonId, Person>,
    businesses: BTreeMap<BusinessId, Business>,
    partners: BTreeMap<PartnerId, Partner>,
    consents: Vec<ConsentRecord>,
    state_changes: Vec<StateChange>,
    audit: Vec<AuditEvent>,
    duplicate_flags: Vec<DuplicateFlag>,
    duplicate_resolutions: Vec<DuplicateResolution>,
    users: BTreeMap<String, User>,
    // Indexes, kept in step by `index` and `unindex`.
    national_ids: HashMap<NationalId, PersonId>,
    identities: HashMap<(String, JalaliDate), Vec<PersonId>>,
    household_codes: HashMap<String, HouseholdId>,
    business_codes: HashMap<String, BusinessId>,
    /// Each person's [`Person::search_key`].
    name_keys: HashMap<PersonId, String>,
    /// Each household's [`Household::address_key`].
    address_keys: HashMap<HouseholdId, String>,
}

/// A record the in-memory store keeps secondary indexes for.
trait Indexed {
    fn index(&self, state: &mut State);
    fn unindex(&self, state: &mut State);
}

impl Indexed for Office {
    fn index(&self, _: &mut State) {}
    fn unindex(&self, _: &mut State) {}
}

impl Indexed for Partner {
    fn index(&self, _: &mut State) {}
    fn unindex(&self, _: &mut State) {}
}

impl Indexed for Household {
    fn index(&self, state: &mut State) {
        state
            .household_codes
            .insert(self.code().to_owned(), self.id());
        state.address_keys.insert(self.id(), self.address_key());
    }
    fn unindex(&self, state: &mut State) {
        state.household_codes.remove(self.code());
        state.address_keys.remove(&self.id());
    }
}

impl Indexed for Business {
    fn index(&self, state: &mut State) {
        state
            .business_codes
            .insert(self.code().to_owned(), self.id());
    }
    fn unindex(&self, state: &mut State) {
        state.business_codes.remove(self.code());
    }
}

impl Indexed for Person {
    fn index(&self, state: &mut State) {
        state
            .national_ids
            .insert(self.national_id().clone(), self.id());
        let ids = state
            .identities
            .entry((self.name_key(), self.data().birth_date))
            .or_default();
        ids.push(self.id());
        ids.sort();
        state.name_keys.insert(self.id(), self.search_key());
    }
    fn unindex(&self, state: &mut State) {
        state.national_ids.remove(self.national_id());
        state.name_keys.remove(&self.id());
        let key = (self.name_key(), self.data().birth_date);
        if let Some(ids) = state.identities.get_mut(&key) {
            ids.retain(|id| *id != self.id());
            if ids.is_empty() {
                state.identities.remove(&key);
            }
        }
    }
}

/// Replaces the record under `key` in `map` (chosen by `select`), keeping
/// the indexes in step; returns the record it replaced.
fn replace<K: Ord + Copy, V: Indexed + Clone>(
    state: &mut State,
    select: fn(&mut State) -> &mut BTreeMap<K, V>,
    key: K,
    new: Option<V>,
) -> Option<V> {
    let old = match new.clone() {
        Some(v) => select(state).insert(key, v),
        None => select(state).remove(&key),
    };
    if let Some(old) = &old {
        old.unindex(state);
    }
    if let Some(new) = &new {
        new.index(state);
    }
    old
}

/// What a write transaction did, so it can be undone.
enum Undo {
    Office(OfficeId, Option<Office>),
    Household(HouseholdId, Option<Household>),
    Person(PersonId, Option<Person>),
    Business(BusinessId, Option<Business>),
    Partner(PartnerId, Option<Partner>),
    Consent,
    StateChange,
    Audit,
    DuplicateFlag,
    DuplicateResolution,
    User(String),
}

impl State {
    fn undo(&mut self, step: Undo) {
        match step {
            Undo::Office(id, old) => drop(replace(self, |s| &mut s.offices, id, old)),
            Undo::Household(id, old) => drop(replace(self, |s| &mut s.households, id, old)),
            Undo::Person(id, old) => drop(replace(self, |s| &mut s.people, id, old)),
            Undo::Business(id, old) => drop(replace(self, |s| &mut s.businesses, id, old)),
            Undo::Partner(id, old) => drop(replace(self, |s| &mut s.partners, id, old)),
            Undo::Consent => drop(self.consents.pop()),
            Undo::StateChange => drop(self.state_changes.pop()),
            Undo::Audit => drop(self.audit.pop()),
            Undo::DuplicateFlag => drop(self.duplicate_flags.pop()),
            Undo::DuplicateResolution => drop(self.duplicate_resolutions.pop()),
            Undo::User(code) => drop(self.users.remove(&code)),
        }
    }
}

impl State {
    /// Whether `search` matches `person`'s kept name key.
    fn name_matches(&self, person: &Person, search: &KeySearch) -> bool {
        self.name_keys
            .get(&person.id())
            .is_some_and(|key| search.matches(key))
    }
}

fn sorted_by_code<T: Clone>(items: impl Iterator<Item = T>, code: impl Fn(&T) -> &str) -> Vec<T> {
    let mut out: Vec<T> = items.collect();
    out.sort_by(|a, b| code(a).cmp(code(b)));
    out
}

impl RegistryRead for State {
    fn office(&self, id: OfficeId) -> Result<Option<Office>> {
        Ok(self.offices.get(&id).cloned())
    }

    fn office_by_code(&self, code: &str) -> Result<Option<Office>> {
        Ok(self.offices.values().find(|o| o.code() == code).cloned())
    }

    fn offices(&self) -> Result<Vec<Office>> {
        Ok(sorted_by_code(self.offices.values().cloned(), |o| o.code()))
    }

    fn household(&self, id: HouseholdId) -> Result<Option<Household>> {
        Ok(self.households.get(&id).cloned())
    }

    fn household_by_code(&self, code: &str) -> Result<Option<Household>> {
        Ok(self
            .household_codes
            .get(code)
            .and_then(|id| self.households.get(id))
            .cloned())
    }

    fn households_in(&self, offices: &[OfficeId]) -> Result<Vec<Household>> {
        let wanted = |h: &&Household| offices.contains(&h.office());
        Ok(sorted_by_code(
            self.households.values().filter(wanted).cloned(),
            |h| h.code(),
        ))
    }

    fn person(&self, id: PersonId) -> Result<Option<Person>> {
        Ok(self.people.get(&id).cloned())
    }

    fn person_by_national_id(&self, national_id: &NationalId) -> Result<Option<Person>> {
        Ok(self
            .national_ids
            .get(national_id)
            .and_then(|id| self.people.get(id))
            .cloned())
    }

    fn people_by_identity(
        &self,
        office: OfficeId,
        name_key: &str,
        birth_date: JalaliDate,
    ) -> Result<Vec<PersonId>> {
        let Some(ids) = self.identities.get(&(name_key.to_owned(), birth_date)) else {
            return Ok(Vec::new());
        };
        Ok(ids
            .iter()
            .filter(|id| {
                self.people
                    .get(id)
                    .and_then(|p| self.households.get(&p.household()))
                    .is_some_and(|h| h.office() == office)
            })
            .copied()
            .collect())
    }

    fn members(&self, household: HouseholdId) -> Result<Vec<Person>> {
        Ok(self
            .people
            .values()
            .filter(|p| p.household() == household)
            .cloned()
            .collect())
    }

    fn people_matching(
        &self,
        offices: &[OfficeId],
        search: &KeySearch,
    ) -> Result<Vec<(Household, Person)>> {
        let mut found: Vec<(Household, Person)> = self
            .people
            .values()
            .filter(|p| self.name_matches(p, search))
            .filter_map(|p| {
                let household = self.households.get(&p.household())?;
                offices
                    .contains(&household.office())
                    .then(|| (household.clone(), p.clone()))
            })
            .collect();
        // Stable: people of one household stay ordered by ID.
        found.sort_by(|a, b| a.0.code().cmp(b.0.code()));
        Ok(found)
    }

    fn households_matching(
        &self,
        offices: &[OfficeId],
        search: &HouseholdSearch,
    ) -> Result<Vec<Household>> {
        let members: HashSet<HouseholdId> = match search {
            HouseholdSearch::MemberName(name) => self
                .people
                .values()
                .filter(|p| self.name_matches(p, name))
                .map(Person::household)
                .collect(),
            HouseholdSearch::MemberMobile(mobile) => self
                .people
                .values()
                .filter(|p| p.data().mobile.as_ref() == Some(mobile))
                .map(Person::household)
                .collect(),
            HouseholdSearch::Address(_) => HashSet::new(),
        };
        let hit = |h: &&Household| {
            offices.contains(&h.office())
                && match search {
                    HouseholdSearch::Address(address) => self
                        .address_keys
                        .get(&h.id())
                        .is_some_and(|key| address.matches(key)),
                    _ => members.contains(&h.id()),
                }
        };
        Ok(sorted_by_code(
            self.households.values().filter(hit).cloned(),
            |h| h.code(),
        ))
    }

    fn business(&self, id: BusinessId) -> Result<Option<Business>> {
        Ok(self.businesses.get(&id).cloned())
    }

    fn business_by_code(&self, code: &str) -> Result<Option<Business>> {
        Ok(self
            .business_codes
            .get(code)
            .and_then(|id| self.businesses.get(id))
            .cloned())
    }

    fn businesses_in(&self, offices: &[OfficeId]) -> Result<Vec<Business>> {
        let wanted = |b: &&Business| offices.contains(&b.office());
        Ok(sorted_by_code(
            self.businesses.values().filter(wanted).cloned(),
            |b| b.code(),
        ))
    }

    fn partner(&self, id: PartnerId) -> Result<Option<Partner>> {
        Ok(self.partners.get(&id).cloned())
    }

    fn partner_by_code(&self, code: &str) -> Result<Option<Partner>> {
        Ok(self.partners.values().find(|p| p.code() == code).cloned())
    }

    fn partners(&self) -> Result<Vec<Partner>> {
        Ok(sorted_by_code(self.partners.values().cloned(), |p| {
            p.code()
        }))
    }

    fn consents(
        &self,
        household: HouseholdId,
        field: SensitiveField,
    ) -> Result<Vec<ConsentRecord>> {
        Ok(self
            .consents
            .iter()
            .filter(|c| c.household == household && c.field == field)
            .cloned()
            .collect())
    }

    fn state_changes(&self, entity: EntityRef) -> Result<Vec<StateChange>> {
        Ok(self
            .state_changes
            .iter()
            .filter(|c| c.entity == entity)
            .cloned()
            .collect())
    }

    fn audit_events(&self, after: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        Ok(self
            .audit
            .iter()
            .filter(|e| e.seq > after)
            .take(limit)
            .cloned()
            .collect())
    }

    fn audit_events_for(&self, entity: EntityRef) -> Result<Vec<AuditEvent>> {
        Ok(self
            .audit
            .iter()
            .filter(|e| e.record.entity == entity)
            .cloned()
            .collect())
    }

    fn duplicate_flags(&self) -> Result<Vec<DuplicateFlag>> {
        Ok(self.duplicate_flags.clone())
    }

    fn duplicate_resolutions(&self) -> Result<Vec<DuplicateResolution>> {
        Ok(self.duplicate_resolutions.clone())
    }

    fn user_by_code(&self, code: &str) -> Result<Option<User>> {
        Ok(self.users.get(code).cloned())
    }

    fn users(&self) -> Result<Vec<User>> {
        Ok(self.users.values().cloned().collect())
    }
}

/// Refuses an insert whose ID is taken.
fn refuse_existing(put: Put, exists: bool, kind: EntityKind) -> Result<()> {
    if put == Put::Insert && exists {
        Err(RegistryError::AlreadyExists { kind })
    } else {
        Ok(())
    }
}

/// A write transaction over the locked state. Dropped with steps in its
/// undo log (the closure failed or panicked), it undoes them, newest first.
struct Tx<'a> {
    state: &'a mut State,
    undo: Vec<Undo>,
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        while let Some(step) = self.undo.pop() {
            self.state.undo(step);
        }
    }
}

impl RegistryRead for Tx<'_> {
    crate::__forward_reads!(self.state);
}

impl RegistryTx for Tx<'_> {
    fn put_office(&mut self, office: &Office, put: Put) -> Result<()> {
        let id = office.id();
        refuse_existing(
            put,
            self.state.offices.contains_key(&id),
            EntityKind::Office,
        )?;
        let old = replace(self.state, |s| &mut s.offices, id, Some(office.clone()));
        self.undo.push(Undo::Office(id, old));
        Ok(())
    }

    fn put_household(&mut self, household: &Household, put: Put) -> Result<()> {
        let id = household.id();
        refuse_existing(
            put,
            self.state.households.contains_key(&id),
            EntityKind::Household,
        )?;
        // A taken code is refused here, as the SQL stores' unique index
        // does: the registry does not read by code before an insert.
        if self
            .state
            .household_codes
            .get(household.code())
            .is_some_and(|holder| *holder != id)
        {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Household,
                code: household.code().to_owned(),
            });
        }
        let old = replace(
            self.state,
            |s| &mut s.households,
            id,
            Some(household.clone()),
        );
        self.undo.push(Undo::Household(id, old));
        Ok(())
    }

    fn put_person(&mut self, person: &Person, put: Put) -> Result<()> {
        let id = person.id();
        refuse_existing(put, self.state.people.contains_key(&id), EntityKind::Person)?;
        if self
            .state
            .national_ids
            .get(person.national_id())
            .is_some_and(|holder| *holder != id)
        {
            return Err(RegistryError::DuplicateNationalId);
        }
        let old = replace(self.state, |s| &mut s.people, id, Some(person.clone()));
        self.undo.push(Undo::Person(id, old));
        Ok(())
    }

    fn put_business(&mut self, business: &Business, put: Put) -> Result<()> {
        let id = business.id();
        refuse_existing(
            put,
            self.state.businesses.contains_key(&id),
            EntityKind::Business,
        )?;
        let old = replace(
            self.state,
            |s| &mut s.businesses,
            id,
            Some(business.clone()),
        );
        self.undo.push(Undo::Business(id, old));
        Ok(())
    }

    fn put_partner(&mut self, partner: &Partner, put: Put) -> Result<()> {
        let id = partner.id();
        refuse_existing(
            put,
            self.state.partners.contains_key(&id),
            EntityKind::Partner,
        )?;
        let old = replace(self.state, |s| &mut s.partners, id, Some(partner.clone()));
        self.undo.push(Undo::Partner(id, old));
        Ok(())
    }

    fn append_consent(&mut self, consent: &ConsentRecord) -> Result<()> {
        self.state.consents.push(consent.clone());
        self.undo.push(Undo::Consent);
        Ok(())
    }

    fn append_state_change(&mut self, change: &StateChange) -> Result<()> {
        self.state.state_changes.push(change.clone());
        self.undo.push(Undo::StateChange);
        Ok(())
    }

    fn append_audit(&mut self, record: &AuditRecord) -> Result<u64> {
        let seq = self.state.audit.len() as u64 + 1;
        self.state.audit.push(AuditEvent {
            seq,
            record: record.clone(),
        });
        self.undo.push(Undo::Audit);
        Ok(seq)
    }

    fn append_duplicate_flag(&mut self, flag: &DuplicateFlag) -> Result<()> {
        self.state.duplicate_flags.push(flag.clone());
        self.undo.push(Undo::DuplicateFlag);
        Ok(())
    }

    fn append_duplicate_resolution(&mut self, resolution: &DuplicateResolution) -> Result<()> {
        self.state.duplicate_resolutions.push(resolution.clone());
        self.undo.push(Undo::DuplicateResolution);
        Ok(())
    }

    fn insert_user(&mut self, user: &User) -> Result<()> {
        if self.state.users.contains_key(&user.code)
            || self.state.users.values().any(|u| u.id == user.id)
        {
            return Err(RegistryError::DuplicateUser {
                code: user.code.clone(),
            });
        }
        self.state.users.insert(user.code.clone(), user.clone());
        self.undo.push(Undo::User(user.code.clone()));
        Ok(())
    }
}

impl RegistryStore for MemoryStore {
    fn read<R>(&self, f: impl FnOnce(&dyn RegistryRead) -> Result<R>) -> Result<R> {
        let state = self.lock();
        f(&*state)
    }

    fn write<R>(&self, f: impl FnOnce(&mut dyn RegistryTx) -> Result<R>) -> Result<R> {
        let mut state = self.lock();
        let mut tx = Tx {
            state: &mut state,
            undo: Vec::new(),
        };
        let result = f(&mut tx);
        if result.is_ok() {
            // Committed: nothing for the drop to undo.
            tx.undo.clear();
        }
        result
    }
}
