//! [`Registry`]: the rules of the registry, over any [`RegistryStore`].

use std::collections::HashMap;
use std::sync::Arc;

use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{BusinessId, HouseholdId, OfficeId, PersonId};
use homebiz_core::iran::NationalId;
use homebiz_core::text::KeySearch;
use homebiz_core::validate::DateKind;
use homebiz_core::{Clock, JalaliDate};

use crate::audit::{AuditAction, AuditEvent, AuditRecord, EntityRef, FieldChange};
use crate::business::{Business, BusinessData, BusinessMode};
use crate::consent::{ConsentRecord, SensitiveField};
use crate::entity::Fields;
use crate::error::{EntityKind, RegistryError, Result};
use crate::household::{Household, HouseholdData};
use crate::lifecycle::{
    BusinessState, Lifecycle, MembershipState, StateChange, reason_of_business,
    reason_of_membership,
};
use crate::office::{Office, OfficeData, OfficeLevel};
use crate::partner::{Partner, PartnerData};
use crate::person::{Person, PersonData};
use crate::scope::{Actor, Scope, Visible, subtree};
use crate::staff::{DuplicateResolution, User, Verdict};
use crate::store::{
    DuplicateFlag, HouseholdSearch, LookAhead, Put, RegistryRead, RegistryStore, RegistryTx,
};

/// The registry: every rule of the domain, over a storage backend.
///
/// All access goes through [`read`](Self::read) and [`write`](Self::write),
/// which take the [`Actor`] and enforce its scope: records outside it behave
/// as not found. A `write` closure is one transaction — return an error
/// from it and nothing it did is kept — so a whole CSV file can be imported
/// all-or-nothing.
///
/// Writes validate every record, keep national IDs and codes unique, refuse
/// sensitive fields without consent, flag likely duplicates, check lifecycle
/// transitions and append an audit event for each change.
///
/// ```
/// use homebiz_registry::*;
/// use homebiz_core::{FixedClock, JalaliDate, Money, id::*, iran::NationalId};
///
/// let clock = FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap());
/// let registry = Registry::new(MemoryStore::new(), clock);
/// let admin = Actor::unrestricted(ActorId::new());
/// let day: JalaliDate = "1404-03-11".parse()?;
///
/// let household = registry.write(&admin, |w| {
///     let mut parent = None;
///     for (code, level) in [("WAZ", OfficeLevel::Province), ("URM", OfficeLevel::County),
///                           ("URM-C", OfficeLevel::City), ("DZ1", OfficeLevel::Office)] {
///         let office = w.add_office(OfficeData {
///             id: OfficeId::new(), code: code.into(), name: code.into(), level, parent,
///         })?;
///         parent = Some(office.id());
///     }
///     w.add_household(HouseholdData {
///         id: HouseholdId::new(),
///         code: "DZ1-0001".into(),
///         office: parent.unwrap(),
///         address: "دیزج سیاوش".into(),
///         baseline: Some(Baseline { monthly_income: Money::rial(80_000_000), survey_date: day }),
///         support: None,
///         space: Space { area_m2: 12, separate_room: true },
///         membership: MembershipState::Applied,
///         registered_on: day,
///     })
/// })?;
///
/// // Lifecycles are state machines: applied → enrolled is legal…
/// registry.write(&admin, |w| w.transition_membership(household.id(), MembershipState::Enrolled))?;
/// // …applied/enrolled → graduated is not.
/// let err = registry
///     .write(&admin, |w| w.transition_membership(household.id(), MembershipState::Graduated))
///     .unwrap_err();
/// assert!(matches!(err, RegistryError::IllegalTransition { .. }));
/// # Ok::<(), RegistryError>(())
/// ```
pub struct Registry<S> {
    store: S,
    clock: Arc<dyn Clock>,
}

impl<S: std::fmt::Debug> std::fmt::Debug for Registry<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl<S: RegistryStore> Registry<S> {
    /// A registry over `store`, taking the time from `clock`.
    pub fn new(store: S, clock: impl Clock + 'static) -> Self {
        Self {
            store,
            clock: Arc::new(clock),
        }
    }

    /// A registry over `store` sharing `clock` with other parts of a program.
    pub fn with_shared_clock(store: S, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    /// The backend.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The clock.
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// Reads as `actor`.
    pub fn read<R>(&self, actor: &Actor, f: impl FnOnce(&Reader<'_>) -> Result<R>) -> Result<R> {
        self.store.read(|store| {
            let visible = resolve(actor.scope, store)?;
            f(&Reader {
                store,
                visible: &visible,
            })
        })
    }

    /// Reads as `actor`, as [`read`](Self::read) does, a closure that
    /// makes one lookup (such as [`Reader::person_by_national_id`]): an
    /// unrestricted actor's read then goes to
    /// [`RegistryStore::read_one`], which a backend that answers the
    /// lookup with one statement may run without a transaction (one
    /// statement is its own consistent snapshot; on PostgreSQL, one round
    /// trip instead of three). A scoped actor's read first reads the
    /// offices, so it is a [`read`](Self::read). The scope is enforced
    /// exactly as by [`read`](Self::read), and a closure that makes more
    /// lookups still reads one consistent view.
    ///
    /// ```
    /// use homebiz_registry::*;
    /// use homebiz_core::{FixedClock, id::ActorId, iran::NationalId};
    ///
    /// let clock = FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap());
    /// let registry = Registry::new(MemoryStore::new(), clock);
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let national_id = NationalId::parse("0499370899")?;
    /// let found = registry.read_one(&admin, |r| r.person_by_national_id(&national_id));
    /// assert!(matches!(found, Err(RegistryError::NotFound { kind: EntityKind::Person })));
    /// # Ok::<(), RegistryError>(())
    /// ```
    pub fn read_one<R>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&Reader<'_>) -> Result<R>,
    ) -> Result<R> {
        match actor.scope {
            Scope::All => self.store.read_one(|store| {
                f(&Reader {
                    store,
                    visible: &Visible::All,
                })
            }),
            Scope::Office(_) => self.read(actor, f),
        }
    }

    /// Writes as `actor`, in one transaction.
    pub fn write<R>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer<'_>) -> Result<R>,
    ) -> Result<R> {
        let now = self.clock.now();
        let today = JalaliDate::from_gregorian(self.clock.today_gregorian())?;
        self.store.write(|tx| {
            let visible = resolve(actor.scope, &*tx)?;
            let mut writer = Writer {
                tx,
                visible,
                actor: *actor,
                now,
                today,
                household_offices: HashMap::new(),
                office_levels: HashMap::new(),
                values: Vec::new(),
            };
            f(&mut writer)
        })
    }
}

impl<S: RegistryStore> Registry<S> {
    /// Signs a user in: the configured user with login `code`, whatever
    /// their scope ([`User::actor`] is who then acts). An unknown code is
    /// [`RegistryError::UnknownUser`], naming it.
    pub fn user(&self, code: &str) -> Result<User> {
        self.store
            .read(|s| s.user_by_code(code))?
            .ok_or_else(|| RegistryError::UnknownUser {
                code: code.to_owned(),
            })
    }

    /// Every configured user, ordered by code, to name who acted in a
    /// history (logins are not personal data). Listing them for staff goes
    /// through the scoped [`Reader::users`].
    pub fn all_users(&self) -> Result<Vec<User>> {
        self.store.read(|s| s.users())
    }
}

fn resolve(scope: Scope, store: &dyn RegistryRead) -> Result<Visible> {
    Ok(match scope {
        Scope::All => Visible::All,
        Scope::Office(_) => Visible::resolve(scope, &store.offices()?),
    })
}

fn not_found(kind: EntityKind) -> RegistryError {
    RegistryError::NotFound { kind }
}

/// Scoped reads, inside [`Registry::read`] or [`Writer::reader`].
pub struct Reader<'a> {
    store: &'a dyn RegistryRead,
    visible: &'a Visible,
}

impl Reader<'_> {
    /// The office with `id`.
    pub fn office(&self, id: OfficeId) -> Result<Office> {
        self.store
            .office(id)?
            .filter(|o| self.visible.contains(o.id()))
            .ok_or(not_found(EntityKind::Office))
    }

    /// The office with `code`.
    pub fn office_by_code(&self, code: &str) -> Result<Office> {
        self.store
            .office_by_code(code)?
            .filter(|o| self.visible.contains(o.id()))
            .ok_or(not_found(EntityKind::Office))
    }

    /// The parent of the visible office `id`, if it has one, also when the
    /// parent lies outside the actor's scope: an office's place in the
    /// hierarchy (its parent's code and name) is not personal, and a scoped
    /// actor's own office would otherwise name its parent by a bare ID.
    /// Nothing below the parent is read. An office the actor cannot see is
    /// not found.
    pub fn parent(&self, id: OfficeId) -> Result<Option<Office>> {
        match self.office(id)?.parent() {
            Some(parent) => self.store.office(parent),
            None => Ok(None),
        }
    }

    /// The visible offices, ordered by code.
    pub fn offices(&self) -> Result<Vec<Office>> {
        let mut offices = self.store.offices()?;
        offices.retain(|o| self.visible.contains(o.id()));
        Ok(offices)
    }

    /// The visible offices in the subtree of `root` (itself included).
    fn offices_under(&self, root: OfficeId) -> Result<Vec<OfficeId>> {
        self.office(root)?;
        let all = self.store.offices()?;
        let mut ids: Vec<OfficeId> = subtree(root, &all)
            .into_iter()
            .filter(|id| self.visible.contains(*id))
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// The household with `id`.
    pub fn household(&self, id: HouseholdId) -> Result<Household> {
        self.store
            .household(id)?
            .filter(|h| self.visible.contains(h.office()))
            .ok_or(not_found(EntityKind::Household))
    }

    /// The household with `code`.
    pub fn household_by_code(&self, code: &str) -> Result<Household> {
        self.store
            .household_by_code(code)?
            .filter(|h| self.visible.contains(h.office()))
            .ok_or(not_found(EntityKind::Household))
    }

    /// The households of office `root` and the offices below it, ordered by
    /// code.
    pub fn households(&self, root: OfficeId) -> Result<Vec<Household>> {
        self.store.households_in(&self.offices_under(root)?)
    }

    /// The people of the households of office `root` and the offices below
    /// it whose name `search` matches (see
    /// [`RegistryRead::people_matching`]), each with their household;
    /// ordered by household code, then person ID.
    pub fn people_matching(
        &self,
        root: OfficeId,
        search: &KeySearch,
    ) -> Result<Vec<(Household, Person)>> {
        self.store
            .people_matching(&self.offices_under(root)?, search)
    }

    /// The households of office `root` and the offices below it that
    /// `search` finds, ordered by code.
    pub fn households_matching(
        &self,
        root: OfficeId,
        search: &HouseholdSearch,
    ) -> Result<Vec<Household>> {
        self.store
            .households_matching(&self.offices_under(root)?, search)
    }

    /// The person with `id`.
    pub fn person(&self, id: PersonId) -> Result<Person> {
        Ok(self.person_and_household(id)?.0)
    }

    /// The person with `id` and their household, in one lookup of the
    /// store ([`RegistryRead::person_with_household`]).
    pub fn person_and_household(&self, id: PersonId) -> Result<(Person, Household)> {
        self.visible_person(self.store.person_with_household(id)?)
    }

    /// A person found with their household, if the household's office is
    /// visible: a person outside the scope is not found, as one that does
    /// not exist.
    fn visible_person(&self, found: Option<(Person, Household)>) -> Result<(Person, Household)> {
        match found {
            Some((person, household)) if self.visible.contains(household.office()) => {
                Ok((person, household))
            }
            _ => Err(not_found(EntityKind::Person)),
        }
    }

    /// The person with `national_id`. An unrestricted reader, who sees
    /// every office, reads the person alone; a scoped one reads them with
    /// their household, whose office is the scope (one lookup either way).
    pub fn person_by_national_id(&self, national_id: &NationalId) -> Result<Person> {
        match self.visible {
            Visible::All => self
                .store
                .person_by_national_id(national_id)?
                .ok_or(not_found(EntityKind::Person)),
            Visible::Offices(_) => Ok(self.person_and_household_by_national_id(national_id)?.0),
        }
    }

    /// The person with `national_id` and their household, in one lookup
    /// of the store
    /// ([`RegistryRead::person_with_household_by_national_id`]).
    pub fn person_and_household_by_national_id(
        &self,
        national_id: &NationalId,
    ) -> Result<(Person, Household)> {
        self.visible_person(
            self.store
                .person_with_household_by_national_id(national_id)?,
        )
    }

    /// The members of `household`, ordered by ID.
    pub fn members(&self, household: HouseholdId) -> Result<Vec<Person>> {
        self.household(household)?;
        self.store.members(household)
    }

    /// The business with `id`.
    pub fn business(&self, id: BusinessId) -> Result<Business> {
        self.store
            .business(id)?
            .filter(|b| self.visible.contains(b.office()))
            .ok_or(not_found(EntityKind::Business))
    }

    /// The business with `code`.
    pub fn business_by_code(&self, code: &str) -> Result<Business> {
        self.store
            .business_by_code(code)?
            .filter(|b| self.visible.contains(b.office()))
            .ok_or(not_found(EntityKind::Business))
    }

    /// The businesses of office `root` and the offices below it, ordered by
    /// code.
    pub fn businesses(&self, root: OfficeId) -> Result<Vec<Business>> {
        self.store.businesses_in(&self.offices_under(root)?)
    }

    /// The visible partners (those of visible offices and those of the whole
    /// registry), ordered by code.
    pub fn partners(&self) -> Result<Vec<Partner>> {
        let mut partners = self.store.partners()?;
        partners.retain(|p| p.office().is_none_or(|o| self.visible.contains(o)));
        Ok(partners)
    }

    /// The partner with `code`.
    pub fn partner_by_code(&self, code: &str) -> Result<Partner> {
        self.store
            .partner_by_code(code)?
            .filter(|p| p.office().is_none_or(|o| self.visible.contains(o)))
            .ok_or(not_found(EntityKind::Partner))
    }

    /// Whether `household` has consent in force for `field` (its latest
    /// consent record says given).
    pub fn has_consent(&self, household: HouseholdId, field: SensitiveField) -> Result<bool> {
        self.household(household)?;
        Ok(self
            .store
            .consents(household, field)?
            .last()
            .is_some_and(|c| c.given))
    }

    /// The consent records of `household` for `field`, oldest first.
    pub fn consents(
        &self,
        household: HouseholdId,
        field: SensitiveField,
    ) -> Result<Vec<ConsentRecord>> {
        self.household(household)?;
        self.store.consents(household, field)
    }

    /// Checks that `entity` exists and is visible.
    fn check_visible(&self, entity: EntityRef) -> Result<()> {
        use homebiz_core::id::TypedId;
        match entity.kind {
            EntityKind::Office => self.office(OfficeId::from_uuid(entity.id)).map(drop),
            EntityKind::Household => self.household(HouseholdId::from_uuid(entity.id)).map(drop),
            EntityKind::Person => self.person(PersonId::from_uuid(entity.id)).map(drop),
            EntityKind::Business => self.business(BusinessId::from_uuid(entity.id)).map(drop),
            EntityKind::Partner => {
                let id = homebiz_core::id::PartnerId::from_uuid(entity.id);
                self.store
                    .partner(id)?
                    .filter(|p| p.office().is_none_or(|o| self.visible.contains(o)))
                    .map(drop)
                    .ok_or(not_found(EntityKind::Partner))
            }
        }
    }

    /// The lifecycle transitions of `entity`, oldest first.
    pub fn state_history(&self, entity: EntityRef) -> Result<Vec<StateChange>> {
        self.check_visible(entity)?;
        self.store.state_changes(entity)
    }

    /// The audit events about `entity`, in order.
    pub fn audit_trail(&self, entity: EntityRef) -> Result<Vec<AuditEvent>> {
        self.check_visible(entity)?;
        self.store.audit_events_for(entity)
    }

    /// The whole audit trail after `after`, at most `limit` events. Only an
    /// unrestricted actor may read it; a scoped one reads per record with
    /// [`audit_trail`](Self::audit_trail).
    pub fn audit_events(&self, after: u64, limit: usize) -> Result<Vec<AuditEvent>> {
        match self.visible {
            Visible::All => self.store.audit_events(after, limit),
            Visible::Offices(_) => Ok(Vec::new()),
        }
    }

    /// The duplicate flags of visible offices, oldest first.
    pub fn duplicate_flags(&self) -> Result<Vec<DuplicateFlag>> {
        let mut flags = self.store.duplicate_flags()?;
        flags.retain(|f| self.visible.contains(f.office));
        Ok(flags)
    }

    /// The resolutions of duplicate flags of visible offices, oldest
    /// first.
    pub fn duplicate_resolutions(&self) -> Result<Vec<DuplicateResolution>> {
        let mut resolutions = self.store.duplicate_resolutions()?;
        resolutions.retain(|r| self.visible.contains(r.office));
        Ok(resolutions)
    }

    /// The users an actor may see: all of them for an unrestricted actor;
    /// for a scoped one, the users whose scope is one of its offices.
    /// Ordered by code.
    pub fn users(&self) -> Result<Vec<User>> {
        let mut users = self.store.users()?;
        users.retain(|u| match (self.visible, u.scope) {
            (Visible::All, _) => true,
            (Visible::Offices(_), Scope::All) => false,
            (Visible::Offices(set), Scope::Office(office)) => set.contains(&office),
        });
        Ok(users)
    }

    /// The flags of visible offices as groups for review: each group is
    /// the person the others were flagged against, then the people flagged
    /// against them, in the order they were flagged.
    ///
    /// A flag resolved as [`Verdict::DifferentPeople`] is left out: the
    /// pair is not listed for review again.
    pub fn duplicate_groups(&self) -> Result<Vec<DuplicateGroup>> {
        let mut groups: Vec<DuplicateGroup> = Vec::new();
        let mut at: HashMap<PersonId, usize> = HashMap::new();
        let different: std::collections::HashSet<PersonId> = self
            .store
            .duplicate_resolutions()?
            .into_iter()
            .filter(|r| r.verdict == Verdict::DifferentPeople)
            .map(|r| r.person)
            .collect();
        for flag in self.duplicate_flags()? {
            if different.contains(&flag.person) {
                continue;
            }
            match at.get(&flag.resembles) {
                Some(&i) => groups[i].people.push(flag.person),
                None => {
                    at.insert(flag.resembles, groups.len());
                    groups.push(DuplicateGroup {
                        office: flag.office,
                        people: vec![flag.resembles, flag.person],
                    });
                }
            }
        }
        Ok(groups)
    }
}

/// What a business's `state` requires of its `data`, checked alike by
/// the transition that reaches the state, by an update of the business
/// in it and by its registration in it: a licensed business, and one
/// reached only through licensing (active, suspended), holds a licence.
/// Planned, in-training and closed businesses need none.
fn check_business_state(data: &BusinessData, state: &BusinessState) -> Result<()> {
    if state.needs_licence() && data.licence.is_none() {
        return Err(RegistryError::invalid(
            "licence",
            "a licensed, active or suspended business needs a licence (close the business to end it)",
        ));
    }
    Ok(())
}

/// Text that comes in is refused if it holds a control character (see
/// [`homebiz_core::validate::plain`]); a field an update leaves as it was
/// (`before`) is not checked again, and records read back from a store are
/// taken as they are.
fn check_text(fields: &[(&'static str, &str)], before: &[(&'static str, &str)]) -> Result<()> {
    for &(field, value) in fields {
        if !before.contains(&(field, value)) {
            crate::validate::plain(field, value)?;
        }
    }
    Ok(())
}

/// A household's free-text fields.
fn household_text(d: &HouseholdData) -> [(&'static str, &str); 1] {
    [("address", &d.address)]
}

/// A person's free-text fields: names and certificates' issuers.
fn person_text(d: &PersonData) -> Vec<(&'static str, &str)> {
    let mut fields = vec![
        ("given_name", d.given_name.as_str()),
        ("family_name", d.family_name.as_str()),
    ];
    for skill in &d.skills {
        if let Some(certificate) = &skill.certificate {
            fields.push(("skills", certificate.issuer.as_str()));
        }
    }
    fields
}

/// A business's free-text fields: its licences' numbers.
fn business_text(d: &BusinessData) -> Vec<(&'static str, &str)> {
    [
        ("licence_number", &d.licence),
        ("health_number", &d.health_certificate),
    ]
    .into_iter()
    .filter_map(|(field, licence)| licence.as_ref().map(|l| (field, l.number.as_str())))
    .collect()
}

/// People of one office with the same normalised name and birth date, for
/// review.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DuplicateGroup {
    /// The office.
    pub office: OfficeId,
    /// The people, the first registered first.
    pub people: Vec<PersonId>,
}

/// The outcome of registering a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The person as stored.
    pub person: Person,
    /// People of the same office with the same normalised name and birth
    /// date (the group it joins); non-empty means the registration was
    /// flagged for review, once, against the group's first person.
    pub resembles: Vec<PersonId>,
}

/// Scoped writes, inside [`Registry::write`]: one transaction.
pub struct Writer<'a> {
    tx: &'a mut dyn RegistryTx,
    visible: Visible,
    actor: Actor,
    now: DateTime<Utc>,
    today: JalaliDate,
    /// The offices of visible households met in this transaction. A
    /// household's office never changes, so entries stay true.
    household_offices: HashMap<HouseholdId, OfficeId>,
    /// The levels of visible offices met in this transaction (an office
    /// never changes once added).
    office_levels: HashMap<OfficeId, OfficeLevel>,
    /// Values for the next update's audit event ([`Writer::note_values`]).
    values: Vec<FieldChange>,
}

impl Writer<'_> {
    /// Reads inside this transaction (they see its writes).
    pub fn reader(&self) -> Reader<'_> {
        Reader {
            store: &*self.tx,
            visible: &self.visible,
        }
    }

    /// Today's date, from the registry's clock.
    pub fn today(&self) -> JalaliDate {
        self.today
    }

    /// Tells the store which records the next writes of this transaction
    /// will look up or create ([`RegistryRead::look_ahead`]), so that it
    /// may read them all at once: an import gives each batch of rows'
    /// keys. Nothing is answered, so nothing outside the actor's scope is
    /// shown; every later call answers as it would have anyway.
    pub fn look_ahead(&self, ahead: &LookAhead) -> Result<()> {
        if ahead.is_empty() {
            return Ok(());
        }
        self.tx.look_ahead(ahead)
    }

    /// Whether the store uses what [`look_ahead`](Self::look_ahead) tells
    /// it ([`RegistryRead::looks_ahead`]): when not, a caller need not work
    /// out the keys.
    pub fn looks_ahead(&self) -> Result<bool> {
        self.tx.looks_ahead()
    }

    /// The visible household with `code`, as
    /// [`Reader::household_by_code`]; the writer remembers its office, so
    /// people added to it next need no second read.
    pub fn household_by_code(&mut self, code: &str) -> Result<Household> {
        let household = self.reader().household_by_code(code)?;
        self.household_offices
            .insert(household.id(), household.office());
        Ok(household)
    }

    /// The ID of the visible household with `code`, for a record to be
    /// linked to it (a person to register): as
    /// [`household_by_code`](Self::household_by_code), without reading
    /// the whole household. The writer remembers its office, so people
    /// added to it next need no second read.
    ///
    /// ```
    /// use homebiz_registry::*;
    /// use homebiz_core::{FixedClock, JalaliDate, id::*};
    ///
    /// let clock = FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap());
    /// let registry = Registry::new(MemoryStore::new(), clock);
    /// let admin = Actor::unrestricted(ActorId::new());
    /// let day: JalaliDate = "1404-03-11".parse()?;
    /// registry.write(&admin, |w| {
    ///     let mut parent = None;
    ///     for (code, level) in [("WAZ", OfficeLevel::Province), ("URM", OfficeLevel::County),
    ///                           ("URM-C", OfficeLevel::City), ("DZ1", OfficeLevel::Office)] {
    ///         let office = w.add_office(OfficeData {
    ///             id: OfficeId::new(), code: code.into(), name: code.into(), level, parent,
    ///         })?;
    ///         parent = Some(office.id());
    ///     }
    ///     let household = w.add_household(HouseholdData {
    ///         id: HouseholdId::new(), code: "DZ1-0001".into(), office: parent.unwrap(),
    ///         address: "دیزج سیاوش".into(), baseline: None, support: None,
    ///         space: Space { area_m2: 12, separate_room: true },
    ///         membership: MembershipState::Applied, registered_on: day,
    ///     })?;
    ///     assert_eq!(w.household_id_by_code("DZ1-0001")?, household.id());
    ///     assert!(matches!(
    ///         w.household_id_by_code("DZ1-0002"),
    ///         Err(RegistryError::NotFound { kind: EntityKind::Household })
    ///     ));
    ///     Ok(())
    /// })?;
    /// # Ok::<(), RegistryError>(())
    /// ```
    pub fn household_id_by_code(&mut self, code: &str) -> Result<HouseholdId> {
        let (id, office) = self
            .tx
            .household_key_by_code(code)?
            .filter(|(_, office)| self.visible.contains(*office))
            .ok_or(not_found(EntityKind::Household))?;
        self.household_offices.insert(id, office);
        Ok(id)
    }

    /// The level of visible office `id`.
    fn office_level(&mut self, id: OfficeId) -> Result<OfficeLevel> {
        if let Some(level) = self.office_levels.get(&id) {
            return Ok(*level);
        }
        let level = self.reader().office(id)?.level();
        self.office_levels.insert(id, level);
        Ok(level)
    }

    /// The office of visible household `id`.
    fn household_office(&mut self, id: HouseholdId) -> Result<OfficeId> {
        if let Some(office) = self.household_offices.get(&id) {
            return Ok(*office);
        }
        let office = self.reader().household(id)?.office();
        self.household_offices.insert(id, office);
        Ok(office)
    }

    /// Gives the old and new values of the fields the next update of this
    /// transaction changes: its audit event keeps those of `values` whose
    /// field changed, then they are dropped (another write drops them too).
    /// The registry does not render values itself; the facade's edits and
    /// imports give them.
    pub fn note_values(&mut self, values: Vec<FieldChange>) {
        self.values = values;
    }

    fn audit(&mut self, action: AuditAction, entity: EntityRef, fields: Vec<String>) -> Result<()> {
        let mut changes = std::mem::take(&mut self.values);
        if action == AuditAction::Updated {
            changes.retain(|c| fields.contains(&c.field));
        } else {
            changes.clear();
        }
        let record = AuditRecord {
            at: self.now,
            actor: self.actor.id,
            action,
            entity,
            fields,
            changes,
        };
        self.tx.append_audit(&record).map(drop)
    }

    fn created<D: Fields>(&mut self, entity: EntityRef) -> Result<()> {
        let fields = D::NAMES.iter().map(|f| (*f).to_owned()).collect();
        self.audit(AuditAction::Created, entity, fields)
    }

    fn require_consent(&self, household: HouseholdId, field: SensitiveField) -> Result<()> {
        if self.reader().has_consent(household, field)? {
            Ok(())
        } else {
            Err(RegistryError::ConsentRequired { field })
        }
    }

    /// Adds an office under a visible parent (a province needs an
    /// unrestricted actor).
    pub fn add_office(&mut self, data: OfficeData) -> Result<Office> {
        let office = Office::new(data)?;
        check_text(&[("name", &office.data().name)], &[])?;
        if self.tx.office_by_code(office.code())?.is_some() {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Office,
                code: office.code().to_owned(),
            });
        }
        match office.parent() {
            None if !matches!(self.visible, Visible::All) => {
                return Err(RegistryError::Hierarchy {
                    reason: "only an unrestricted actor may add a province",
                });
            }
            None => {}
            Some(parent) => {
                let parent = self.reader().office(parent)?;
                if Some(parent.level()) != office.level().parent_level() {
                    return Err(RegistryError::Hierarchy {
                        reason: "the parent must be one level up (province, county, city, office)",
                    });
                }
            }
        }
        self.tx.put_office(&office, Put::Insert)?;
        if let Visible::Offices(set) = &mut self.visible {
            // A new office under a visible parent is visible too.
            set.insert(office.id());
        }
        self.office_levels.insert(office.id(), office.level());
        self.created::<OfficeData>(EntityRef::new(EntityKind::Office, office.id()))?;
        Ok(office)
    }

    /// Adds a household to a visible facilitation office. Support coverage
    /// cannot be given yet: record consent first, then update — or use
    /// [`add_household_with_consent`](Self::add_household_with_consent).
    pub fn add_household(&mut self, data: HouseholdData) -> Result<Household> {
        self.add_household_with_consent(data, &[])
    }

    /// Adds a household to a visible facilitation office together with the
    /// consents its members gave at registration. The consent records are
    /// written with it (dated today, by this actor), so `data` may already
    /// hold the fields they cover: support coverage needs
    /// [`SensitiveField::SupportCoverage`] among `consents`.
    ///
    /// The audit trail gets the creation, then one consent event per field,
    /// exactly as if the consents had been recorded right after
    /// [`add_household`](Self::add_household) and the support set by
    /// [`update_household`](Self::update_household) — in one write instead
    /// of three.
    pub fn add_household_with_consent(
        &mut self,
        data: HouseholdData,
        consents: &[SensitiveField],
    ) -> Result<Household> {
        let household = Household::new(data)?;
        check_text(&household_text(household.data()), &[])?;
        self.check_household_dates(household.data(), None)?;
        if self.office_level(household.office())? != OfficeLevel::Office {
            return Err(RegistryError::Hierarchy {
                reason: "a household belongs to a facilitation office, not a province, county or city",
            });
        }
        if household.data().support.is_some()
            && !consents.contains(&SensitiveField::SupportCoverage)
        {
            return Err(RegistryError::ConsentRequired {
                field: SensitiveField::SupportCoverage,
            });
        }
        // The store refuses a code that is taken (its unique index) with
        // `DuplicateCode`, so no read is spent on checking first: on
        // PostgreSQL such a probe locks the code index's page, and
        // writers on other offices inserting into that page would abort
        // this write as a serialization failure (#15).
        self.tx.put_household(&household, Put::Insert)?;
        self.household_offices
            .insert(household.id(), household.office());
        self.created::<HouseholdData>(EntityRef::new(EntityKind::Household, household.id()))?;
        let mut recorded = Vec::with_capacity(consents.len());
        for &field in consents {
            if !recorded.contains(&field) {
                recorded.push(field);
                self.append_consent(household.id(), field, true)?;
            }
        }
        Ok(household)
    }

    /// Changes a household's fields. The ID, the office and the membership
    /// state cannot change here; support coverage needs consent.
    pub fn update_household(
        &mut self,
        id: HouseholdId,
        change: impl FnOnce(&mut HouseholdData),
    ) -> Result<Household> {
        let old = self.reader().household(id)?;
        let mut data = old.data().clone();
        change(&mut data);
        let updated = Household::new(data)?;
        let new = updated.data();
        let before = old.data();
        if new.id != before.id {
            return Err(RegistryError::Immutable { field: "id" });
        }
        if new.office != before.office {
            return Err(RegistryError::Immutable { field: "office" });
        }
        if new.membership != before.membership {
            return Err(RegistryError::Immutable {
                field: "membership",
            });
        }
        check_text(&household_text(new), &household_text(before))?;
        self.check_household_dates(new, Some(before))?;
        if new.code != before.code && self.tx.household_by_code(&new.code)?.is_some() {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Household,
                code: new.code.clone(),
            });
        }
        if new.support.is_some() && new.support != before.support {
            self.require_consent(id, SensitiveField::SupportCoverage)?;
        }
        let fields = before.changed(new);
        if fields.is_empty() {
            return Ok(old);
        }
        self.tx.put_household(&updated, Put::Replace)?;
        self.audit(
            AuditAction::Updated,
            EntityRef::new(EntityKind::Household, id),
            fields,
        )?;
        Ok(updated)
    }

    /// Moves a household's programme membership to `next`, if the state
    /// machine allows it, and records the transition.
    pub fn transition_membership(
        &mut self,
        id: HouseholdId,
        next: MembershipState,
    ) -> Result<Household> {
        let mut household = self.reader().household(id)?;
        let current = household.membership().clone();
        current.check_transition(&next)?;
        household.set_membership(next.clone());
        self.tx.put_household(&household, Put::Replace)?;
        let entity = EntityRef::new(EntityKind::Household, id);
        self.record_transition(
            entity,
            current.name(),
            next.name(),
            reason_of_membership(&next),
        )?;
        Ok(household)
    }

    fn record_transition(
        &mut self,
        entity: EntityRef,
        from: &str,
        to: &str,
        reason: Option<String>,
    ) -> Result<()> {
        if let Some(reason) = &reason {
            crate::validate::plain("reason", reason)?;
        }
        let change = StateChange {
            entity,
            from: from.to_owned(),
            to: to.to_owned(),
            reason,
            at: self.now,
            actor: self.actor.id,
        };
        self.tx.append_state_change(&change)?;
        let field = match entity.kind {
            EntityKind::Business => "state",
            _ => "membership",
        };
        self.audit(AuditAction::StateChanged, entity, vec![field.to_owned()])
    }

    /// Records that `household` gives (`given = true`) or withdraws consent
    /// for `field`. Withdrawing erases the field: support coverage of the
    /// household, or the disability of each member.
    pub fn record_consent(
        &mut self,
        household: HouseholdId,
        field: SensitiveField,
        given: bool,
    ) -> Result<()> {
        self.household_office(household)?;
        self.append_consent(household, field, given)?;
        if given {
            return Ok(());
        }
        match field {
            SensitiveField::SupportCoverage => {
                self.update_household(household, |h| h.support = None)?;
            }
            SensitiveField::Disability => {
                for member in self.tx.members(household)? {
                    if member.data().disability.is_some() {
                        self.erase_disability(member)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes a consent record and its audit event.
    fn append_consent(
        &mut self,
        household: HouseholdId,
        field: SensitiveField,
        given: bool,
    ) -> Result<()> {
        let record = ConsentRecord {
            household,
            field,
            given,
            date: self.today,
            actor: self.actor.id,
        };
        self.tx.append_consent(&record)?;
        self.audit(
            AuditAction::ConsentRecorded,
            EntityRef::new(EntityKind::Household, household),
            vec![field.as_str().to_owned()],
        )
    }

    fn erase_disability(&mut self, member: Person) -> Result<()> {
        let mut data = member.into_data();
        data.disability = None;
        let person = Person::new(data)?;
        self.tx.put_person(&person, Put::Replace)?;
        let entity = EntityRef::new(EntityKind::Person, person.id());
        self.audit(AuditAction::Updated, entity, vec!["disability".to_owned()])
    }

    /// Registers a person in a visible household.
    ///
    /// A national ID already in the registry is refused
    /// ([`RegistryError::DuplicateNationalId`]), wherever it is. A person
    /// with the same normalised name and birth date as someone in the same
    /// office is registered and flagged for review, once against the
    /// group, however large (see [`Registration::resembles`] and
    /// [`Reader::duplicate_groups`]). A disability needs consent.
    pub fn add_person(&mut self, data: PersonData) -> Result<Registration> {
        self.add_person_with_consent(data, &[])
    }

    /// Registers a person as [`add_person`](Self::add_person) does, with
    /// the consents their household gives at registration: those not given
    /// already are recorded first (dated today, by this actor), so `data`
    /// may hold a disability when `consents` has
    /// [`SensitiveField::Disability`]. If the person is refused, no consent
    /// is recorded either.
    pub fn add_person_with_consent(
        &mut self,
        data: PersonData,
        consents: &[SensitiveField],
    ) -> Result<Registration> {
        let person = Person::new(data)?;
        let household = person.household();
        let office = self.household_office(household)?;
        check_text(&person_text(person.data()), &[])?;
        self.check_person_dates(person.data(), None)?;
        let mut new_consents = Vec::new();
        for &field in consents {
            if !new_consents.contains(&field) && !self.reader().has_consent(household, field)? {
                new_consents.push(field);
            }
        }
        if person.data().disability.is_some() && !new_consents.contains(&SensitiveField::Disability)
        {
            self.require_consent(household, SensitiveField::Disability)?;
        }
        if !new_consents.is_empty() {
            // The consents are written before the person, so a taken
            // national ID must be found first (and wherever it is).
            if self
                .tx
                .person_by_national_id(person.national_id())?
                .is_some()
            {
                return Err(RegistryError::DuplicateNationalId);
            }
            for field in new_consents {
                self.append_consent(household, field, true)?;
            }
        }
        let resembles = self.tx.people_by_identity_for_insert(
            office,
            &person.name_key(),
            person.data().birth_date,
        )?;
        // The store refuses a national ID that is taken (its unique index),
        // so no read is spent on checking first.
        self.tx.put_person(&person, Put::Insert)?;
        let entity = EntityRef::new(EntityKind::Person, person.id());
        self.created::<PersonData>(entity)?;
        self.flag_duplicate(person.id(), office, &resembles)?;
        Ok(Registration { person, resembles })
    }

    /// Flags `person`, of `office`, as a likely duplicate of the people it
    /// `resembles` (same normalised name and birth date in the office), if
    /// any: one flag against the group (its earliest ID: UUID v7 IDs are
    /// ordered by time), not one per member, so k people make k - 1
    /// flags. A registration and an update that changes a name or the
    /// birth date both flag through here.
    fn flag_duplicate(
        &mut self,
        person: PersonId,
        office: OfficeId,
        resembles: &[PersonId],
    ) -> Result<()> {
        let Some(&earlier) = resembles.iter().filter(|p| **p != person).min() else {
            return Ok(());
        };
        let flag = DuplicateFlag {
            person,
            resembles: earlier,
            office,
            at: self.now,
        };
        self.tx.append_duplicate_flag(&flag)?;
        self.audit(
            AuditAction::FlaggedDuplicate,
            EntityRef::new(EntityKind::Person, person),
            vec![
                "given_name".into(),
                "family_name".into(),
                "birth_date".into(),
            ],
        )
    }

    /// `date`, in `field`, is plausible for its `kind` today (see
    /// [`DateKind`]); a date an update leaves as it was (`before`) is not
    /// checked again.
    fn check_date(
        &self,
        field: &'static str,
        kind: DateKind,
        date: JalaliDate,
        before: Option<JalaliDate>,
    ) -> Result<()> {
        if before == Some(date) {
            return Ok(());
        }
        homebiz_core::validate::date(kind, date, self.today)
            .map_err(|reason| RegistryError::invalid(field, reason))
    }

    /// A person's birth date and certificates' days are plausible.
    fn check_person_dates(&self, data: &PersonData, before: Option<&PersonData>) -> Result<()> {
        self.check_date(
            "birth_date",
            DateKind::Birth,
            data.birth_date,
            before.map(|b| b.birth_date),
        )?;
        for skill in &data.skills {
            if let Some(certificate) = &skill.certificate {
                let earlier = before
                    .and_then(|b| b.skills.iter().find(|s| s.code == skill.code))
                    .and_then(|s| s.certificate.as_ref())
                    .map(|c| c.issued);
                self.check_date("skills", DateKind::Issued, certificate.issued, earlier)?;
            }
        }
        Ok(())
    }

    /// A household's registration and survey days are plausible.
    fn check_household_dates(
        &self,
        data: &HouseholdData,
        before: Option<&HouseholdData>,
    ) -> Result<()> {
        self.check_date(
            "registered_on",
            DateKind::Registration,
            data.registered_on,
            before.map(|b| b.registered_on),
        )?;
        if let Some(baseline) = &data.baseline {
            self.check_date(
                "baseline_survey_date",
                DateKind::Survey,
                baseline.survey_date,
                before
                    .and_then(|b| b.baseline.as_ref())
                    .map(|b| b.survey_date),
            )?;
        }
        Ok(())
    }

    /// A business's licence and health certificate days are plausible.
    fn check_business_dates(
        &self,
        data: &BusinessData,
        before: Option<&BusinessData>,
    ) -> Result<()> {
        for (licence, earlier, [issued, expires]) in [
            (
                &data.licence,
                before.and_then(|b| b.licence.as_ref()),
                ["licence_issued", "licence_expires"],
            ),
            (
                &data.health_certificate,
                before.and_then(|b| b.health_certificate.as_ref()),
                ["health_issued", "health_expires"],
            ),
        ] {
            if let Some(licence) = licence {
                self.check_date(
                    issued,
                    DateKind::Issued,
                    licence.issued,
                    earlier.map(|e| e.issued),
                )?;
                if let Some(day) = licence.expires {
                    self.check_date(
                        expires,
                        DateKind::Expiry,
                        day,
                        earlier.and_then(|e| e.expires),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Changes a person's fields. The ID and the household cannot change; a
    /// new national ID must be unused; a disability needs consent.
    pub fn update_person(
        &mut self,
        id: PersonId,
        change: impl FnOnce(&mut PersonData),
    ) -> Result<Person> {
        let old = self.reader().person(id)?;
        let mut data = old.data().clone();
        change(&mut data);
        let updated = Person::new(data)?;
        let (before, new) = (old.data(), updated.data());
        if new.id != before.id {
            return Err(RegistryError::Immutable { field: "id" });
        }
        if new.household != before.household {
            return Err(RegistryError::Immutable { field: "household" });
        }
        if new.national_id != before.national_id
            && self.tx.person_by_national_id(&new.national_id)?.is_some()
        {
            return Err(RegistryError::DuplicateNationalId);
        }
        check_text(&person_text(new), &person_text(before))?;
        self.check_person_dates(new, Some(before))?;
        if new.disability.is_some() && new.disability != before.disability {
            self.require_consent(new.household, SensitiveField::Disability)?;
        }
        let fields = before.changed(new);
        if fields.is_empty() {
            return Ok(old);
        }
        // A new name or birth date is checked for likely duplicates as a
        // registration is (the person's old identity is not among them).
        let identity = updated.name_key();
        let resembles = if identity != old.name_key() || new.birth_date != before.birth_date {
            let office = self.household_office(new.household)?;
            let found = self
                .tx
                .people_by_identity_for_insert(office, &identity, new.birth_date)?;
            Some((office, found))
        } else {
            None
        };
        self.tx.put_person(&updated, Put::Replace)?;
        self.audit(
            AuditAction::Updated,
            EntityRef::new(EntityKind::Person, id),
            fields,
        )?;
        if let Some((office, resembles)) = resembles {
            self.flag_duplicate(id, office, &resembles)?;
        }
        Ok(updated)
    }

    /// Adds a business run by a visible household; its owner must be a
    /// member, and its office is set to the household's.
    pub fn add_business(&mut self, mut data: BusinessData) -> Result<Business> {
        let household = self.reader().household(data.household)?;
        data.office = household.office();
        let business = Business::new(data)?;
        check_text(&business_text(business.data()), &[])?;
        self.check_business_dates(business.data(), None)?;
        if self.tx.business_by_code(business.code())?.is_some() {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Business,
                code: business.code().to_owned(),
            });
        }
        self.check_business_links(business.data())?;
        check_business_state(business.data(), &business.data().state)?;
        self.tx.put_business(&business, Put::Insert)?;
        self.created::<BusinessData>(EntityRef::new(EntityKind::Business, business.id()))?;
        Ok(business)
    }

    fn check_business_links(&self, data: &BusinessData) -> Result<()> {
        let owner = self
            .tx
            .person(data.owner)?
            .ok_or(not_found(EntityKind::Person))?;
        if owner.household() != data.household {
            return Err(RegistryError::invalid(
                "owner",
                "is not a member of the household",
            ));
        }
        if let BusinessMode::Support { parent } = &data.mode {
            self.reader().business(*parent)?;
        }
        Ok(())
    }

    /// Changes a business's fields. The ID, household, office and state
    /// cannot change here.
    pub fn update_business(
        &mut self,
        id: BusinessId,
        change: impl FnOnce(&mut BusinessData),
    ) -> Result<Business> {
        let old = self.reader().business(id)?;
        let mut data = old.data().clone();
        change(&mut data);
        let updated = Business::new(data)?;
        let (before, new) = (old.data(), updated.data());
        for (field, same) in [
            ("id", new.id == before.id),
            ("household", new.household == before.household),
            ("office", new.office == before.office),
            ("state", new.state == before.state),
        ] {
            if !same {
                return Err(RegistryError::Immutable { field });
            }
        }
        if new.code != before.code && self.tx.business_by_code(&new.code)?.is_some() {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Business,
                code: new.code.clone(),
            });
        }
        self.check_business_links(new)?;
        check_business_state(new, &new.state)?;
        check_text(&business_text(new), &business_text(before))?;
        self.check_business_dates(new, Some(before))?;
        let fields = before.changed(new);
        if fields.is_empty() {
            return Ok(old);
        }
        self.tx.put_business(&updated, Put::Replace)?;
        self.audit(
            AuditAction::Updated,
            EntityRef::new(EntityKind::Business, id),
            fields,
        )?;
        Ok(updated)
    }

    /// Moves a business to `next`, if the state machine allows it, and
    /// records the transition. Becoming licensed needs a licence, and so
    /// does every state reached through it
    /// ([`BusinessState::needs_licence`]).
    pub fn transition_business(&mut self, id: BusinessId, next: BusinessState) -> Result<Business> {
        let mut business = self.reader().business(id)?;
        let current = business.state().clone();
        current.check_transition(&next)?;
        if next == BusinessState::Licensed && business.data().licence.is_none() {
            return Err(RegistryError::invalid(
                "licence",
                "a business needs a licence to become licensed",
            ));
        }
        check_business_state(business.data(), &next)?;
        business.set_state(next.clone());
        self.tx.put_business(&business, Put::Replace)?;
        let entity = EntityRef::new(EntityKind::Business, id);
        self.record_transition(
            entity,
            current.name(),
            next.name(),
            reason_of_business(&next),
        )?;
        Ok(business)
    }

    /// Whether this actor may add users: only an unrestricted one may
    /// ([`RegistryError::Forbidden`] otherwise). A caller that resolves
    /// the new user's office first asks this before, so a scoped actor
    /// is told why it is refused rather than that the office is not found.
    pub fn may_add_users(&self) -> Result<()> {
        if matches!(self.visible, Visible::All) {
            Ok(())
        } else {
            Err(RegistryError::Forbidden {
                reason: "only an unrestricted user may add users",
            })
        }
    }

    /// Adds a configured user (a member of staff). Only an unrestricted
    /// actor may ([`RegistryError::Forbidden`] otherwise); an office scope
    /// must name an existing office; the code must be free
    /// ([`RegistryError::DuplicateUser`]).
    pub fn add_user(&mut self, user: User) -> Result<User> {
        self.may_add_users()?;
        user.validate()?;
        if let Scope::Office(office) = user.scope {
            self.reader().office(office)?;
        }
        if self.tx.user_by_code(&user.code)?.is_some() {
            return Err(RegistryError::DuplicateUser { code: user.code });
        }
        self.tx.insert_user(&user)?;
        Ok(user)
    }

    /// Resolves the likely-duplicate flag raised when `person` was
    /// registered (the later of the pair), with `verdict` and `note`, and
    /// records it in the audit trail (who, when). Nothing is merged or
    /// changed in either record: [`Verdict::SamePerson`] lists the pair as
    /// a confirmed duplicate for staff to fix by hand,
    /// [`Verdict::DifferentPeople`] closes the flag for good. A person
    /// outside the actor's scope is not found; one that was not flagged,
    /// or whose flag is resolved already, is refused.
    pub fn resolve_duplicate(
        &mut self,
        person: PersonId,
        verdict: Verdict,
        note: &str,
    ) -> Result<DuplicateResolution> {
        self.reader().person(person)?;
        let flag = self
            .reader()
            .duplicate_flags()?
            .into_iter()
            .find(|f| f.person == person)
            .ok_or_else(|| {
                RegistryError::invalid(
                    "person",
                    "was not flagged as a likely duplicate (name the one registered later)",
                )
            })?;
        if self
            .tx
            .duplicate_resolutions()?
            .iter()
            .any(|r| r.person == person)
        {
            return Err(RegistryError::invalid(
                "person",
                "this likely duplicate is resolved already",
            ));
        }
        crate::validate::plain("note", note)?;
        let resolution = DuplicateResolution {
            person,
            resembles: flag.resembles,
            office: flag.office,
            verdict,
            note: note.trim().to_owned(),
            at: self.now,
            actor: self.actor.id,
        };
        self.tx.append_duplicate_resolution(&resolution)?;
        self.audit(
            AuditAction::DuplicateResolved,
            EntityRef::new(EntityKind::Person, person),
            vec![verdict.as_str().to_owned()],
        )?;
        Ok(resolution)
    }

    /// Adds a partner organisation (limited to a visible office, or to the
    /// whole registry for an unrestricted actor).
    pub fn add_partner(&mut self, data: PartnerData) -> Result<Partner> {
        let partner = Partner::new(data)?;
        check_text(&[("name", &partner.data().name)], &[])?;
        if self.tx.partner_by_code(partner.code())?.is_some() {
            return Err(RegistryError::DuplicateCode {
                kind: EntityKind::Partner,
                code: partner.code().to_owned(),
            });
        }
        match partner.office() {
            Some(office) => drop(self.reader().office(office)?),
            None if !matches!(self.visible, Visible::All) => {
                return Err(RegistryError::invalid(
                    "office",
                    "a scoped actor must name an office",
                ));
            }
            None => {}
        }
        self.tx.put_partner(&partner, Put::Insert)?;
        self.created::<PartnerData>(EntityRef::new(EntityKind::Partner, partner.id()))?;
        Ok(partner)
    }
}
