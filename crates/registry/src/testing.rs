//! The conformance suite every [`RegistryStore`] must pass (feature
//! `testing`).
//!
//! Each check builds a [`Registry`] over a fresh store from the factory and
//! exercises one rule through it, so a backend that stores, orders or rolls
//! back differently from [`MemoryStore`](crate::MemoryStore) fails here.
//! Run every check as its own test with [`registry_conformance!`]:
//!
//! ```
//! homebiz_registry::registry_conformance!(memory_store, homebiz_registry::MemoryStore::new());
//! ```
//!
//! Checks panic on failure, like assertions in a test.

// The suite is test code: a failed expectation panics, as `assert!` does.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use homebiz_core::FixedClock;
use homebiz_core::chrono::{DateTime, Utc};
use homebiz_core::id::{ActorId, BusinessId, HouseholdId, OfficeId, PartnerId, PersonId, TypedId};
use homebiz_core::iran::{Mobile, NationalId};
use homebiz_core::text::{KeySearch, normalize, search_key};
use homebiz_core::{JalaliDate, Money};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::*;

/// Implements [`RegistryRead`] inside an `impl RegistryRead for …` block
/// by forwarding every method to a field of `self` that implements it:
/// `forward_reads!(self.0)`, or `forward_reads!(self.0, except searches)`
/// to leave `people_matching` and `households_matching` to their default
/// (a scan), for a wrapper that overrides some reads or checks the
/// defaults. Methods with a default (`household_key_by_code`) keep it.
///
/// ```
/// use homebiz_registry::{MemoryStore, RegistryRead, RegistryStore};
///
/// /// A reader that answers searches by scanning.
/// struct Scan<'a>(&'a dyn RegistryRead);
///
/// impl RegistryRead for Scan<'_> {
///     homebiz_registry::testing::forward_reads!(self.0, except searches);
/// }
///
/// let offices = MemoryStore::new().read(|r| Scan(r).offices()).unwrap();
/// assert!(offices.is_empty());
/// ```
pub use crate::__forward_reads as forward_reads;

/// Generates one `#[test]` per conformance check, each on a fresh store made
/// by `$make`.
#[macro_export]
macro_rules! registry_conformance {
    ($module:ident, $make:expr) => {
        #[cfg(test)]
        mod $module {
            #[allow(unused_imports)]
            use super::*;
            $crate::registry_conformance!(@tests $make;
                offices_form_a_hierarchy,
                households_are_scoped,
                national_ids_are_unique,
                likely_duplicates_are_flagged,
                updates_flag_likely_duplicates,
                licensed_states_keep_their_licence,
                sensitive_fields_need_consent,
                consent_can_come_with_registration,
                lifecycles_are_state_machines,
                every_write_is_audited,
                failed_writes_leave_nothing,
                panics_leave_nothing,
                records_round_trip,
                updates_keep_identity,
                lists_are_ordered,
                ids_are_unique,
                store_lookups_follow_writes,
                store_lists_are_ordered,
                store_appends_keep_their_order,
                users_are_added_by_an_unrestricted_actor,
                duplicates_are_resolved_once_and_audited,
                searches_use_the_kept_keys,
                searches_equal_the_filter,
            );
        }
    };
    (@tests $make:expr; $($check:ident),* $(,)?) => {$(
        #[test]
        fn $check() {
            $crate::testing::$check($make);
        }
    )*};
}

/// The instant every check's clock shows: 1404-03-11 in Tehran.
pub fn test_now() -> DateTime<Utc> {
    "2025-06-01T08:00:00Z".parse().unwrap()
}

fn date(s: &str) -> JalaliDate {
    s.parse().unwrap()
}

/// A valid, synthetic national ID numbered `n`.
pub fn synthetic_national_id(n: u32) -> NationalId {
    NationalId::from_serial(100_000_000 + n).unwrap()
}

/// A small registry: a province, county and city, two facilitation offices
/// (`A` and `B`) under the city, and an unrestricted admin.
pub struct Fixture<S> {
    /// The registry under test.
    pub registry: Registry<S>,
    /// An unrestricted actor.
    pub admin: Actor,
    /// The province.
    pub province: OfficeId,
    /// Facilitation office A.
    pub office_a: OfficeId,
    /// Facilitation office B.
    pub office_b: OfficeId,
}

impl<S: RegistryStore> Fixture<S> {
    /// Builds the fixture on `store`.
    pub fn new(store: S) -> Self {
        let registry = Registry::new(store, FixedClock::new(test_now()));
        let admin = Actor::unrestricted(ActorId::from_parts(1, [1; 10]));
        let ids = registry
            .write(&admin, |w| {
                let province = office(w, "WAZ", OfficeLevel::Province, None)?;
                let county = office(w, "URM", OfficeLevel::County, Some(province))?;
                let city = office(w, "URM-CITY", OfficeLevel::City, Some(county))?;
                let a = office(w, "URM-A", OfficeLevel::Office, Some(city))?;
                let b = office(w, "URM-B", OfficeLevel::Office, Some(city))?;
                Ok((province, a, b))
            })
            .unwrap();
        Self {
            registry,
            admin,
            province: ids.0,
            office_a: ids.1,
            office_b: ids.2,
        }
    }

    /// An actor scoped to `office`.
    pub fn staff_of(&self, office: OfficeId) -> Actor {
        Actor::scoped(ActorId::from_parts(2, [2; 10]), office)
    }

    /// Adds a household with code `code` to `office`.
    pub fn household(&self, office: OfficeId, code: &str) -> Household {
        self.registry
            .write(&self.admin, |w| {
                w.add_household(household_data(office, code))
            })
            .unwrap()
    }

    /// Adds person number `n` to `household`.
    pub fn person(&self, household: HouseholdId, n: u32) -> Registration {
        self.registry
            .write(&self.admin, |w| w.add_person(person_data(household, n)))
            .unwrap()
    }
}

fn office(
    w: &mut Writer<'_>,
    code: &str,
    level: OfficeLevel,
    parent: Option<OfficeId>,
) -> Result<OfficeId> {
    let id = OfficeId::from_parts(10, *b"office....").as_uuid();
    // A distinct, deterministic ID per code.
    let mut bytes = *id.as_bytes();
    for (i, b) in code.bytes().enumerate() {
        bytes[6 + i % 10] ^= b;
    }
    let id = OfficeId::from_uuid(uuid::Uuid::from_bytes(bytes));
    Ok(w.add_office(OfficeData {
        id,
        code: code.into(),
        name: format!("دفتر {code}"),
        level,
        parent,
    })?
    .id())
}

/// A valid household for `office`.
pub fn household_data(office: OfficeId, code: &str) -> HouseholdData {
    HouseholdData {
        id: HouseholdId::new(),
        code: code.into(),
        office,
        address: "دیزج سیاوش، کوچه ۱۲".into(),
        baseline: Some(Baseline {
            monthly_income: Money::rial(85_000_000),
            survey_date: date("1404-02-01"),
        }),
        support: None,
        space: Space {
            area_m2: 14,
            separate_room: true,
        },
        membership: MembershipState::Applied,
        registered_on: date("1404-02-15"),
    }
}

/// A valid person numbered `n` in `household`.
pub fn person_data(household: HouseholdId, n: u32) -> PersonData {
    PersonData {
        id: PersonId::new(),
        household,
        given_name: format!("زهرا{n}"),
        family_name: "احمدی".into(),
        national_id: synthetic_national_id(n),
        birth_date: date("1370-05-20"),
        gender: Gender::Female,
        mobile: Some(Mobile::parse(&format!("0914{:07}", n % 10_000_000)).unwrap()),
        education: Education::Diploma,
        skills: vec![
            Skill {
                code: "sewing".into(),
                level: SkillLevel::Advanced,
                certificate: Some(Certificate {
                    issuer: "جهاد دانشگاهی".into(),
                    issued: date("1401-07-01"),
                }),
            },
            Skill {
                code: "baking".into(),
                level: SkillLevel::Beginner,
                certificate: None,
            },
        ],
        hours_per_week: 25,
        interests: vec!["embroidery".into(), "pickles".into()],
        disability: None,
    }
}

/// A valid business of `household`, owned by `owner`.
pub fn business_data(household: HouseholdId, owner: PersonId, code: &str) -> BusinessData {
    BusinessData {
        id: BusinessId::new(),
        code: code.into(),
        household,
        owner,
        office: OfficeId::from_uuid(uuid::Uuid::nil()), // set by the registry
        activity: "pickles".into(),
        mode: BusinessMode::Cluster {
            cluster: "DZ-PICKLES".into(),
        },
        licence: None,
        health_certificate: Some(Licence {
            number: "HC-1404-77".into(),
            kind: LicenceKind::Other,
            issued: date("1404-01-20"),
            expires: Some(date("1405-01-19")),
        }),
        capital_invested: Money::rial(120_000_000),
        state: BusinessState::Planned,
    }
}

fn is_not_found<T: std::fmt::Debug>(result: Result<T>, kind: EntityKind) {
    match result {
        Err(RegistryError::NotFound { kind: k }) if k == kind => {}
        other => panic!("expected {kind} not found, got {other:?}"),
    }
}

/// Offices form a province → county → city → office tree; codes are unique.
pub fn offices_form_a_hierarchy<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let offices = f.registry.read(&f.admin, |r| r.offices()).unwrap();
    assert_eq!(offices.len(), 5);
    let city = offices
        .iter()
        .find(|o| o.code() == "URM-CITY")
        .unwrap()
        .id();
    let bad_parent = f.registry.write(&f.admin, |w| {
        w.add_office(OfficeData {
            id: OfficeId::new(),
            code: "X".into(),
            name: "x".into(),
            level: OfficeLevel::County,
            parent: Some(city),
        })
    });
    assert!(
        matches!(bad_parent, Err(RegistryError::Hierarchy { .. })),
        "{bad_parent:?}"
    );
    let duplicate = f.registry.write(&f.admin, |w| {
        w.add_office(OfficeData {
            id: OfficeId::new(),
            code: "URM-A".into(),
            name: "x".into(),
            level: OfficeLevel::Office,
            parent: Some(city),
        })
    });
    assert!(
        matches!(duplicate, Err(RegistryError::DuplicateCode { .. })),
        "{duplicate:?}"
    );
    let staff = f.staff_of(f.office_a);
    let province = f.registry.write(&staff, |w| {
        w.add_office(OfficeData {
            id: OfficeId::new(),
            code: "P2".into(),
            name: "p".into(),
            level: OfficeLevel::Province,
            parent: None,
        })
    });
    assert!(
        matches!(province, Err(RegistryError::Hierarchy { .. })),
        "{province:?}"
    );
    let household_in_city = f.registry.write(&f.admin, |w| {
        w.add_household(household_data(city, "H-CITY"))
    });
    assert!(matches!(
        household_in_city,
        Err(RegistryError::Hierarchy { .. })
    ));
    // Staff of office A see office A only.
    let seen = f.registry.read(&staff, |r| r.offices()).unwrap();
    assert_eq!(seen.iter().map(|o| o.code()).collect::<Vec<_>>(), ["URM-A"]);
}

/// A scoped actor sees its office's subtree; anything else is "not found".
pub fn households_are_scoped<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a = f.household(f.office_a, "A-001");
    let b = f.household(f.office_b, "B-001");
    let person_b = f.person(b.id(), 7).person;
    let staff_a = f.staff_of(f.office_a);
    let province_staff = f.staff_of(f.province);

    assert_eq!(
        f.registry.read(&staff_a, |r| r.household(a.id())).unwrap(),
        a
    );
    is_not_found(
        f.registry.read(&staff_a, |r| r.household(b.id())),
        EntityKind::Household,
    );
    is_not_found(
        f.registry.read(&staff_a, |r| r.household_by_code("B-001")),
        EntityKind::Household,
    );
    // Linking to a household by code is scoped too.
    is_not_found(
        f.registry
            .write(&staff_a, |w| w.household_id_by_code("B-001")),
        EntityKind::Household,
    );
    assert_eq!(
        f.registry
            .write(&staff_a, |w| w.household_id_by_code("A-001"))
            .unwrap(),
        a.id()
    );
    is_not_found(
        f.registry.read(&staff_a, |r| r.person(person_b.id())),
        EntityKind::Person,
    );
    is_not_found(
        f.registry.read(&staff_a, |r| {
            r.person_by_national_id(person_b.national_id())
        }),
        EntityKind::Person,
    );
    // A lookup of one statement is scoped as strictly: another office's
    // person is not found by national ID or ID, with or without their
    // household; their own office and the province find them.
    is_not_found(
        f.registry.read_one(&staff_a, |r| {
            r.person_by_national_id(person_b.national_id())
        }),
        EntityKind::Person,
    );
    is_not_found(
        f.registry.read_one(&staff_a, |r| {
            r.person_and_household_by_national_id(person_b.national_id())
        }),
        EntityKind::Person,
    );
    is_not_found(
        f.registry
            .read_one(&staff_a, |r| r.person_and_household(person_b.id())),
        EntityKind::Person,
    );
    for reader in [f.staff_of(f.office_b), province_staff, f.admin] {
        assert_eq!(
            f.registry
                .read_one(&reader, |r| {
                    r.person_and_household_by_national_id(person_b.national_id())
                })
                .unwrap(),
            (person_b.clone(), b.clone())
        );
        assert_eq!(
            f.registry
                .read_one(&reader, |r| r.person(person_b.id()))
                .unwrap(),
            person_b
        );
    }
    is_not_found(
        f.registry.read(&staff_a, |r| r.households(f.office_b)),
        EntityKind::Office,
    );
    is_not_found(
        f.registry.write(&staff_a, |w| {
            w.add_household(household_data(f.office_b, "B-002"))
        }),
        EntityKind::Office,
    );
    is_not_found(
        f.registry.write(&staff_a, |w| {
            w.transition_membership(b.id(), MembershipState::Enrolled)
        }),
        EntityKind::Household,
    );
    // The province sees both, through its subtree.
    let all = f
        .registry
        .read(&province_staff, |r| r.households(f.province))
        .unwrap();
    assert_eq!(
        all.iter().map(|h| h.code()).collect::<Vec<_>>(),
        ["A-001", "B-001"]
    );
    let only_a = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap();
    assert_eq!(only_a, vec![a]);
}

/// A national ID is registered once across the whole registry.
pub fn national_ids_are_unique<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a = f.household(f.office_a, "A-001");
    let b = f.household(f.office_b, "B-001");
    let first = f.person(a.id(), 1).person;
    let mut again = person_data(b.id(), 2);
    again.national_id = first.national_id().clone();
    let result = f.registry.write(&f.admin, |w| w.add_person(again));
    assert!(
        matches!(result, Err(RegistryError::DuplicateNationalId)),
        "{result:?}"
    );
    let found = f
        .registry
        .read(&f.admin, |r| r.person_by_national_id(first.national_id()))
        .unwrap();
    assert_eq!(found, first);
    assert!(
        f.registry
            .read(&f.admin, |r| r.members(b.id()))
            .unwrap()
            .is_empty()
    );
    // Changing someone's national ID to a taken one is refused too.
    let second = f.person(b.id(), 3).person;
    let taken = first.national_id().clone();
    let result = f.registry.write(&f.admin, |w| {
        w.update_person(second.id(), |p| p.national_id = taken)
    });
    assert!(
        matches!(result, Err(RegistryError::DuplicateNationalId)),
        "{result:?}"
    );
    // The store itself keeps national IDs unique: the registry relies on it.
    let mut third = person_data(b.id(), 4);
    third.national_id = first.national_id().clone();
    let third = Person::new(third).unwrap();
    let result = f
        .registry
        .store()
        .write(|tx| tx.put_person(&third, Put::Insert));
    assert!(
        matches!(result, Err(RegistryError::DuplicateNationalId)),
        "{result:?}"
    );
    assert_eq!(
        f.registry.store().read(|r| r.person(third.id())).unwrap(),
        None
    );
}

/// Same name (by its search key) and birth date in one office: registered
/// and flagged.
pub fn likely_duplicates_are_flagged<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a1 = f.household(f.office_a, "A-001");
    let a2 = f.household(f.office_a, "A-002");
    let b1 = f.household(f.office_b, "B-001");
    let mut first = person_data(a1.id(), 1);
    first.given_name = "علی".into();
    first.family_name = "رضایی".into();
    let first = f.registry.write(&f.admin, |w| w.add_person(first)).unwrap();
    assert!(first.resembles.is_empty());
    // Arabic yeh and kaf, a diacritic and extra spaces: the same name.
    let mut second = person_data(a2.id(), 2);
    second.given_name = "  علي ".into();
    second.family_name = "رضايِي".into();
    let second = f
        .registry
        .write(&f.admin, |w| w.add_person(second))
        .unwrap();
    assert_eq!(second.resembles, vec![first.person.id()]);
    // Another office: not a likely duplicate.
    let mut third = person_data(b1.id(), 3);
    third.given_name = "علی".into();
    third.family_name = "رضایی".into();
    let third = f.registry.write(&f.admin, |w| w.add_person(third)).unwrap();
    assert!(third.resembles.is_empty());
    let flags = f.registry.read(&f.admin, |r| r.duplicate_flags()).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (flags[0].person, flags[0].resembles),
        (second.person.id(), first.person.id())
    );
    assert_eq!(flags[0].office, f.office_a);
    assert!(
        f.registry
            .read(&f.staff_of(f.office_b), |r| r.duplicate_flags())
            .unwrap()
            .is_empty()
    );
    // Hamza-yeh before yeh at the word's end: the same name by the one
    // folding a search uses (search_key).
    let mut fourth = person_data(a1.id(), 4);
    fourth.given_name = "علی".into();
    fourth.family_name = "رضائی".into();
    let fourth = f
        .registry
        .write(&f.admin, |w| w.add_person(fourth))
        .unwrap();
    assert_eq!(
        fourth.resembles,
        vec![first.person.id(), second.person.id()]
    );
    let mut fifth = person_data(a2.id(), 5);
    fifth.given_name = "علي".into();
    fifth.family_name = "رضا\u{0626}\u{064A}".into();
    let fifth = f.registry.write(&f.admin, |w| w.add_person(fifth)).unwrap();
    assert_eq!(fifth.resembles.len(), 3);
}

/// An update that gives a person the name and birth date of someone in the
/// same office flags them as a likely duplicate, as a registration does;
/// an update that keeps name and birth date, or makes a twin in another
/// office, flags nothing.
pub fn updates_flag_likely_duplicates<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a1 = f.household(f.office_a, "A-001");
    let a2 = f.household(f.office_a, "A-002");
    let b1 = f.household(f.office_b, "B-001");
    let mut first = person_data(a1.id(), 1);
    first.given_name = "سکینه".into();
    first.family_name = "اسدی".into();
    first.birth_date = date("1366-11-13");
    let first = f.registry.write(&f.admin, |w| w.add_person(first)).unwrap();
    let second = f.person(a2.id(), 2).person;
    let other_office = f.person(b1.id(), 3).person;
    let flags = |f: &Fixture<S>| f.registry.read(&f.admin, |r| r.duplicate_flags()).unwrap();
    assert!(flags(&f).is_empty());
    // A change of something else flags nothing.
    f.registry
        .write(&f.admin, |w| {
            w.update_person(second.id(), |p| p.hours_per_week = 30)
        })
        .unwrap();
    assert!(flags(&f).is_empty());
    // The name first (Arabic yeh, as typed): not yet the same birth date.
    f.registry
        .write(&f.admin, |w| {
            w.update_person(second.id(), |p| {
                p.given_name = "سكينه".into();
                p.family_name = "اسدي".into();
            })
        })
        .unwrap();
    assert!(flags(&f).is_empty());
    // Then the birth date: now a twin in the same office.
    f.registry
        .write(&f.admin, |w| {
            w.update_person(second.id(), |p| p.birth_date = date("1366-11-13"))
        })
        .unwrap();
    let found = flags(&f);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].person, found[0].resembles, found[0].office),
        (second.id(), first.person.id(), f.office_a)
    );
    let trail = f
        .registry
        .read(&f.admin, |r| {
            r.audit_trail(EntityRef::new(EntityKind::Person, second.id()))
        })
        .unwrap();
    assert_eq!(
        trail.last().map(|e| e.record.action),
        Some(AuditAction::FlaggedDuplicate)
    );
    // A twin in another office is not a likely duplicate.
    f.registry
        .write(&f.admin, |w| {
            w.update_person(other_office.id(), |p| {
                p.given_name = "سکینه".into();
                p.family_name = "اسدی".into();
                p.birth_date = date("1366-11-13");
            })
        })
        .unwrap();
    assert_eq!(flags(&f).len(), 1);
}

/// A licensed, active or suspended business holds a licence: an update
/// that removes it is refused and writes nothing, as is a registration in
/// such a state without one; a planned or closed business needs none.
pub fn licensed_states_keep_their_licence<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let owner = f.person(h.id(), 1).person;
    let licence = Licence {
        number: "HB-1404-1".into(),
        kind: LicenceKind::HomeBusiness,
        issued: date("1404-01-10"),
        expires: None,
    };
    let mut licensed = business_data(h.id(), owner.id(), "A-001-B1");
    licensed.licence = Some(licence.clone());
    let b = f
        .registry
        .write(&f.admin, |w| {
            let b = w.add_business(licensed)?;
            w.transition_business(b.id(), BusinessState::InTraining)?;
            w.transition_business(b.id(), BusinessState::Licensed)?;
            w.transition_business(b.id(), BusinessState::Active)
        })
        .unwrap();
    for state in [BusinessState::Active, BusinessState::Suspended] {
        if state == BusinessState::Suspended {
            f.registry
                .write(&f.admin, |w| w.transition_business(b.id(), state.clone()))
                .unwrap();
        }
        let err = f
            .registry
            .write(&f.admin, |w| {
                w.update_business(b.id(), |d| d.licence = None)
            })
            .unwrap_err();
        assert!(
            matches!(
                err,
                RegistryError::Invalid {
                    field: "licence",
                    ..
                }
            ),
            "{err:?}"
        );
        let kept = f.registry.read(&f.admin, |r| r.business(b.id())).unwrap();
        assert_eq!(kept.data().licence.as_ref(), Some(&licence));
    }
    // Registered active without a licence: refused, nothing written.
    let mut active = business_data(h.id(), owner.id(), "A-001-B2");
    active.state = BusinessState::Active;
    let err = f
        .registry
        .write(&f.admin, |w| w.add_business(active))
        .unwrap_err();
    assert!(
        matches!(
            err,
            RegistryError::Invalid {
                field: "licence",
                ..
            }
        ),
        "{err:?}"
    );
    is_not_found(
        f.registry
            .read(&f.admin, |r| r.business_by_code("A-001-B2")),
        EntityKind::Business,
    );
    // Closed, the licence may go.
    f.registry
        .write(&f.admin, |w| {
            w.transition_business(
                b.id(),
                BusinessState::Closed {
                    reason: "moved away".into(),
                },
            )?;
            w.update_business(b.id(), |d| d.licence = None)
        })
        .unwrap();
}

/// Disability and support coverage are refused without consent, kept with
/// it, and erased when it is withdrawn.
pub fn sensitive_fields_need_consent<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let mut with_disability = person_data(h.id(), 1);
    with_disability.disability = Some(Disability::Hearing);
    let refused = f
        .registry
        .write(&f.admin, |w| w.add_person(with_disability.clone()));
    assert!(
        matches!(
            refused,
            Err(RegistryError::ConsentRequired {
                field: SensitiveField::Disability
            })
        ),
        "{refused:?}"
    );
    let support = vec![SupportProgram::ReliefCommittee];
    let refused = f.registry.write(&f.admin, |w| {
        w.update_household(h.id(), |d| d.support = Some(support.clone()))
    });
    assert!(matches!(
        refused,
        Err(RegistryError::ConsentRequired {
            field: SensitiveField::SupportCoverage
        })
    ));

    f.registry
        .write(&f.admin, |w| {
            w.record_consent(h.id(), SensitiveField::Disability, true)?;
            w.record_consent(h.id(), SensitiveField::SupportCoverage, true)
        })
        .unwrap();
    let person = f
        .registry
        .write(&f.admin, |w| w.add_person(with_disability))
        .unwrap()
        .person;
    assert_eq!(person.data().disability, Some(Disability::Hearing));
    let updated = f
        .registry
        .write(&f.admin, |w| {
            w.update_household(h.id(), |d| d.support = Some(support.clone()))
        })
        .unwrap();
    assert_eq!(updated.data().support, Some(support));

    f.registry
        .write(&f.admin, |w| {
            w.record_consent(h.id(), SensitiveField::Disability, false)
        })
        .unwrap();
    let person = f
        .registry
        .read(&f.admin, |r| r.person(person.id()))
        .unwrap();
    assert_eq!(person.data().disability, None);
    assert!(
        !f.registry
            .read(&f.admin, |r| r
                .has_consent(h.id(), SensitiveField::Disability))
            .unwrap()
    );
    f.registry
        .write(&f.admin, |w| {
            w.record_consent(h.id(), SensitiveField::SupportCoverage, false)
        })
        .unwrap();
    let household = f.registry.read(&f.admin, |r| r.household(h.id())).unwrap();
    assert_eq!(household.data().support, None);
    let records = f
        .registry
        .read(&f.admin, |r| {
            r.consents(h.id(), SensitiveField::SupportCoverage)
        })
        .unwrap();
    assert_eq!(
        records.iter().map(|c| c.given).collect::<Vec<_>>(),
        [true, false]
    );
}

/// Consent given at registration is recorded with the household or person,
/// and a refused registration records no consent either.
pub fn consent_can_come_with_registration<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let support = vec![SupportProgram::WelfareOrganization];
    let mut data = household_data(f.office_a, "A-001");
    data.support = Some(support.clone());
    let refused = f
        .registry
        .write(&f.admin, |w| w.add_household(data.clone()));
    assert!(
        matches!(
            refused,
            Err(RegistryError::ConsentRequired {
                field: SensitiveField::SupportCoverage
            })
        ),
        "{refused:?}"
    );
    let h = f
        .registry
        .write(&f.admin, |w| {
            w.add_household_with_consent(data, &[SensitiveField::SupportCoverage])
        })
        .unwrap();
    assert_eq!(h.data().support, Some(support));
    let entity = EntityRef::new(EntityKind::Household, h.id());
    let trail = f
        .registry
        .read(&f.admin, |r| r.audit_trail(entity))
        .unwrap();
    let actions: Vec<AuditAction> = trail.iter().map(|e| e.record.action).collect();
    assert_eq!(
        actions,
        [AuditAction::Created, AuditAction::ConsentRecorded]
    );
    assert_eq!(trail[1].record.fields, ["support_coverage"]);
    let records = f
        .registry
        .read(&f.admin, |r| {
            r.consents(h.id(), SensitiveField::SupportCoverage)
        })
        .unwrap();
    assert_eq!(records.len(), 1);
    assert!(records[0].given && records[0].actor == f.admin.id);

    // A person with a disability, consent given with the registration.
    let first = f.person(h.id(), 1).person;
    let mut taken = person_data(h.id(), 2);
    taken.national_id = first.national_id().clone();
    taken.disability = Some(Disability::Visual);
    let refused = f.registry.write(&f.admin, |w| {
        w.add_person_with_consent(taken, &[SensitiveField::Disability])
    });
    assert!(
        matches!(refused, Err(RegistryError::DuplicateNationalId)),
        "{refused:?}"
    );
    let has = |f: &Fixture<S>| {
        f.registry
            .read(&f.admin, |r| {
                r.has_consent(h.id(), SensitiveField::Disability)
            })
            .unwrap()
    };
    assert!(!has(&f), "a refused registration records no consent");
    let mut data = person_data(h.id(), 3);
    data.disability = Some(Disability::Visual);
    let person = f
        .registry
        .write(&f.admin, |w| {
            w.add_person_with_consent(data, &[SensitiveField::Disability])
        })
        .unwrap()
        .person;
    assert_eq!(person.data().disability, Some(Disability::Visual));
    assert!(has(&f));
    // Consent already given is not recorded again.
    let mut data = person_data(h.id(), 4);
    data.disability = Some(Disability::Hearing);
    f.registry
        .write(&f.admin, |w| {
            w.add_person_with_consent(data, &[SensitiveField::Disability])
        })
        .unwrap();
    let records = f
        .registry
        .read(&f.admin, |r| r.consents(h.id(), SensitiveField::Disability))
        .unwrap();
    assert_eq!(records.len(), 1);
}

/// Legal transitions are recorded in order; illegal ones are typed errors.
pub fn lifecycles_are_state_machines<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let owner = f.person(h.id(), 1).person;
    for next in [
        MembershipState::Enrolled,
        MembershipState::Active,
        MembershipState::Paused,
        MembershipState::Active,
    ] {
        f.registry
            .write(&f.admin, |w| w.transition_membership(h.id(), next))
            .unwrap();
    }
    let illegal = f.registry.write(&f.admin, |w| {
        w.transition_membership(h.id(), MembershipState::Applied)
    });
    assert!(matches!(
        illegal,
        Err(RegistryError::IllegalTransition {
            from: "active",
            to: "applied",
            ..
        })
    ));
    let exit = MembershipState::Exited {
        reason: "moved to Tabriz".into(),
    };
    f.registry
        .write(&f.admin, |w| w.transition_membership(h.id(), exit.clone()))
        .unwrap();
    let history = f
        .registry
        .read(&f.admin, |r| {
            r.state_history(EntityRef::new(EntityKind::Household, h.id()))
        })
        .unwrap();
    let steps: Vec<(&str, &str)> = history
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("applied", "enrolled"),
            ("enrolled", "active"),
            ("active", "paused"),
            ("paused", "active"),
            ("active", "exited")
        ]
    );
    assert_eq!(history[4].reason.as_deref(), Some("moved to Tabriz"));
    assert_eq!(history[4].actor, f.admin.id);
    assert_eq!(
        f.registry
            .read(&f.admin, |r| r.household(h.id()))
            .unwrap()
            .membership(),
        &exit
    );

    let business = f
        .registry
        .write(&f.admin, |w| {
            w.add_business(business_data(h.id(), owner.id(), "A-001-B1"))
        })
        .unwrap();
    assert_eq!(business.office(), f.office_a);
    f.registry
        .write(&f.admin, |w| {
            w.transition_business(business.id(), BusinessState::InTraining)
        })
        .unwrap();
    let unlicensed = f.registry.write(&f.admin, |w| {
        w.transition_business(business.id(), BusinessState::Licensed)
    });
    assert!(
        matches!(
            unlicensed,
            Err(RegistryError::Invalid {
                field: "licence",
                ..
            })
        ),
        "{unlicensed:?}"
    );
    f.registry
        .write(&f.admin, |w| {
            w.update_business(business.id(), |b| {
                b.licence = Some(Licence {
                    number: "HB-1404-001".into(),
                    kind: LicenceKind::HomeBusiness,
                    issued: date("1404-03-01"),
                    expires: None,
                })
            })?;
            w.transition_business(business.id(), BusinessState::Licensed)?;
            w.transition_business(business.id(), BusinessState::Active)
        })
        .unwrap();
    let skip = f.registry.write(&f.admin, |w| {
        w.transition_business(business.id(), BusinessState::Planned)
    });
    assert!(matches!(skip, Err(RegistryError::IllegalTransition { .. })));
    let no_reason = f.registry.write(&f.admin, |w| {
        w.transition_business(business.id(), BusinessState::Closed { reason: " ".into() })
    });
    assert!(matches!(
        no_reason,
        Err(RegistryError::IllegalTransition { .. })
    ));
    let history = f
        .registry
        .read(&f.admin, |r| {
            r.state_history(EntityRef::new(EntityKind::Business, business.id()))
        })
        .unwrap();
    assert_eq!(history.len(), 3);
}

/// Every write appends an audit event naming the actor, the time and the
/// fields, never their values.
pub fn every_write_is_audited<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let before = f
        .registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap();
    assert_eq!(before.len(), 5, "one event per office of the fixture");
    assert_eq!(
        before.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    let staff = f.staff_of(f.office_a);
    let h = f
        .registry
        .write(&staff, |w| {
            w.add_household(household_data(f.office_a, "A-001"))
        })
        .unwrap();
    f.registry
        .write(&staff, |w| {
            w.update_household(h.id(), |d| d.space.area_m2 = 20)
        })
        .unwrap();
    f.registry
        .write(&staff, |w| {
            w.update_household(h.id(), |d| d.space.area_m2 = 20)
        })
        .unwrap();
    f.registry
        .write(&staff, |w| {
            w.transition_membership(h.id(), MembershipState::Enrolled)
        })
        .unwrap();
    let trail = f
        .registry
        .read(&staff, |r| {
            r.audit_trail(EntityRef::new(EntityKind::Household, h.id()))
        })
        .unwrap();
    let actions: Vec<AuditAction> = trail.iter().map(|e| e.record.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::Created,
            AuditAction::Updated,
            AuditAction::StateChanged
        ]
    );
    assert!(
        trail
            .iter()
            .all(|e| e.record.actor == staff.id && e.record.at == test_now())
    );
    assert_eq!(trail[1].record.fields, ["space"]);
    // A creation lists every field of its kind.
    assert_eq!(trail[0].record.fields, EntityKind::Household.fields());
    let all = f
        .registry
        .read(&f.admin, |r| r.audit_events(5, 100))
        .unwrap();
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [6, 7, 8]);
    assert!(
        f.registry
            .read(&staff, |r| r.audit_events(0, 100))
            .unwrap()
            .is_empty()
    );
    let text = format!("{trail:?}");
    assert!(
        !text.contains("85000000") && !text.contains("دیزج"),
        "{text}"
    );
}

/// How a write closure fails in [`failed_writes_leave_nothing`] and
/// [`panics_leave_nothing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// It returns an error.
    Error,
    /// It panics.
    Panic,
}

/// An error inside a write closure rolls back everything it did.
pub fn failed_writes_leave_nothing<S: RegistryStore>(store: S) {
    failed_batch_leaves_nothing(store, Failure::Error);
}

/// A panic inside a write closure rolls back everything it did, a panic
/// inside a read closure changes nothing, and the store stays usable after
/// either.
pub fn panics_leave_nothing<S: RegistryStore>(store: S) {
    failed_batch_leaves_nothing(store, Failure::Panic);
}

fn failed_batch_leaves_nothing<S: RegistryStore>(store: S, failure: Failure) {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    let f = Fixture::new(store);
    let kept = f.household(f.office_a, "A-001");
    let audit_before = f
        .registry
        .read(&f.admin, |r| r.audit_events(0, usize::MAX))
        .unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| {
        f.registry.write(&f.admin, |w| -> Result<()> {
            let h = w.add_household(household_data(f.office_a, "A-002"))?;
            w.add_person(person_data(h.id(), 1))?;
            w.record_consent(h.id(), SensitiveField::Disability, true)?;
            w.transition_membership(kept.id(), MembershipState::Enrolled)?;
            w.update_household(kept.id(), |d| d.address = "changed".into())?;
            match failure {
                // The second household of the batch repeats a code: the whole batch fails.
                Failure::Error => {
                    w.add_household(household_data(f.office_a, "A-002"))?;
                    Ok(())
                }
                Failure::Panic => panic!("a bug inside the write closure"),
            }
        })
    }));
    match (failure, &result) {
        (Failure::Error, Ok(Err(RegistryError::DuplicateCode { .. })))
        | (Failure::Panic, Err(_)) => {}
        _ => panic!("{failure:?}: unexpected {result:?}"),
    }
    if failure == Failure::Panic {
        let read = catch_unwind(AssertUnwindSafe(|| {
            f.registry.read(&f.admin, |_| -> Result<()> {
                panic!("a bug inside the read closure")
            })
        }));
        assert!(read.is_err());
    }
    let after = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap();
    assert_eq!(after, vec![kept.clone()]);
    is_not_found(
        f.registry.read(&f.admin, |r| r.household_by_code("A-002")),
        EntityKind::Household,
    );
    is_not_found(
        f.registry.read(&f.admin, |r| {
            r.person_by_national_id(&synthetic_national_id(1))
        }),
        EntityKind::Person,
    );
    assert_eq!(
        f.registry
            .read(&f.admin, |r| r.audit_events(0, usize::MAX))
            .unwrap(),
        audit_before
    );
    let history = f
        .registry
        .read(&f.admin, |r| {
            r.state_history(EntityRef::new(EntityKind::Household, kept.id()))
        })
        .unwrap();
    assert!(history.is_empty());
    // The store still works, and the rolled-back code and ID are free again.
    f.household(f.office_a, "A-002");
    f.person(kept.id(), 1);
}

/// Every field of every record reads back exactly as written.
pub fn records_round_trip<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let reg = f.person(h.id(), 42);
    let mut minimal = person_data(h.id(), 43);
    minimal.mobile = None;
    minimal.skills.clear();
    minimal.interests.clear();
    minimal.education = Education::None;
    minimal.gender = Gender::Male;
    let minimal = f
        .registry
        .write(&f.admin, |w| w.add_person(minimal))
        .unwrap()
        .person;
    let business = f
        .registry
        .write(&f.admin, |w| {
            w.add_business(business_data(h.id(), reg.person.id(), "A-001-B1"))
        })
        .unwrap();
    let mut support = business_data(h.id(), minimal.id(), "A-001-B2");
    support.mode = BusinessMode::Support {
        parent: business.id(),
    };
    support.health_certificate = None;
    support.capital_invested = Money::new(1_250, homebiz_core::Currency::IrrNew);
    let support = f
        .registry
        .write(&f.admin, |w| w.add_business(support))
        .unwrap();
    let partner = f
        .registry
        .write(&f.admin, |w| {
            w.add_partner(PartnerData {
                id: PartnerId::new(),
                code: "OMID".into(),
                name: "صندوق کارآفرینی امید".into(),
                kind: PartnerKind::Lender,
                office: None,
            })
        })
        .unwrap();
    let mut no_baseline = household_data(f.office_b, "B-001");
    no_baseline.baseline = None;
    no_baseline.address = String::new();
    let no_baseline = f
        .registry
        .write(&f.admin, |w| w.add_household(no_baseline))
        .unwrap();

    f.registry
        .read(&f.admin, |r| {
            assert_eq!(r.household(h.id())?, h);
            assert_eq!(r.household(no_baseline.id())?, no_baseline);
            assert_eq!(r.person(reg.person.id())?, reg.person);
            assert_eq!(r.person(minimal.id())?, minimal);
            assert_eq!(r.business(business.id())?, business);
            assert_eq!(r.business_by_code("A-001-B2")?, support);
            assert_eq!(r.partner_by_code("OMID")?, partner);
            assert_eq!(r.members(h.id())?.len(), 2);
            Ok(())
        })
        .unwrap();
}

/// Updates cannot change identity, office or state, and are validated.
pub fn updates_keep_identity<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let p = f.person(h.id(), 1).person;
    let moved = f.registry.write(&f.admin, |w| {
        w.update_household(h.id(), |d| d.office = f.office_b)
    });
    assert!(matches!(
        moved,
        Err(RegistryError::Immutable { field: "office" })
    ));
    let state = f.registry.write(&f.admin, |w| {
        w.update_household(h.id(), |d| d.membership = MembershipState::Active)
    });
    assert!(matches!(
        state,
        Err(RegistryError::Immutable {
            field: "membership"
        })
    ));
    let invalid = f.registry.write(&f.admin, |w| {
        w.update_person(p.id(), |d| d.hours_per_week = 200)
    });
    assert!(matches!(
        invalid,
        Err(RegistryError::Invalid {
            field: "hours_per_week",
            ..
        })
    ));
    let future = f.registry.write(&f.admin, |w| {
        w.update_person(p.id(), |d| d.birth_date = date("1405-01-01"))
    });
    assert!(matches!(
        future,
        Err(RegistryError::Invalid {
            field: "birth_date",
            ..
        })
    ));
    let renamed = f
        .registry
        .write(&f.admin, |w| {
            w.update_person(p.id(), |d| d.family_name = "کریمی".into())
        })
        .unwrap();
    assert_eq!(renamed.data().family_name, "کریمی");
    let other = f.household(f.office_a, "A-002");
    let stranger = f.person(other.id(), 2).person;
    let wrong_owner = f.registry.write(&f.admin, |w| {
        w.add_business(business_data(h.id(), stranger.id(), "B1"))
    });
    assert!(matches!(
        wrong_owner,
        Err(RegistryError::Invalid { field: "owner", .. })
    ));
}

/// Lists come back ordered by code (people by ID), whatever the insertion
/// order.
pub fn lists_are_ordered<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    for code in ["A-010", "A-002", "A-100", "A-001"] {
        f.household(f.office_a, code);
    }
    let codes: Vec<String> = f
        .registry
        .read(&f.admin, |r| r.households(f.office_a))
        .unwrap()
        .iter()
        .map(|h| h.code().to_owned())
        .collect();
    assert_eq!(codes, ["A-001", "A-002", "A-010", "A-100"]);
    let h = f
        .registry
        .read(&f.admin, |r| r.household_by_code("A-001"))
        .unwrap();
    let mut ids: Vec<PersonId> = (0..5).map(|n| f.person(h.id(), n).person.id()).collect();
    ids.sort();
    let members: Vec<PersonId> = f
        .registry
        .read(&f.admin, |r| r.members(h.id()))
        .unwrap()
        .iter()
        .map(Person::id)
        .collect();
    assert_eq!(members, ids);
}

/// A second record with a taken ID is refused and changes nothing.
pub fn ids_are_unique<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h = f.household(f.office_a, "A-001");
    let mut again = household_data(f.office_a, "A-002");
    again.id = h.id();
    let result = f.registry.write(&f.admin, |w| w.add_household(again));
    assert!(
        matches!(
            result,
            Err(RegistryError::AlreadyExists {
                kind: EntityKind::Household
            })
        ),
        "{result:?}"
    );
    let p = f.person(h.id(), 1).person;
    let mut twin = person_data(h.id(), 2);
    twin.id = p.id();
    let result = f.registry.write(&f.admin, |w| w.add_person(twin));
    assert!(
        matches!(
            result,
            Err(RegistryError::AlreadyExists {
                kind: EntityKind::Person
            })
        ),
        "{result:?}"
    );
    assert_eq!(
        f.registry
            .read(&f.admin, |r| r.households(f.office_a))
            .unwrap(),
        vec![h.clone()]
    );
    assert_eq!(
        f.registry.read(&f.admin, |r| r.members(h.id())).unwrap(),
        vec![p]
    );
    let mut business = business_data(
        h.id(),
        f.registry.read(&f.admin, |r| r.members(h.id())).unwrap()[0].id(),
        "A-001-B1",
    );
    let first = f
        .registry
        .write(&f.admin, |w| w.add_business(business.clone()))
        .unwrap();
    business.code = "A-001-B2".into();
    let result = f.registry.write(&f.admin, |w| w.add_business(business));
    assert!(
        matches!(
            result,
            Err(RegistryError::AlreadyExists {
                kind: EntityKind::Business
            })
        ),
        "{result:?}"
    );
    assert_eq!(
        f.registry
            .read(&f.admin, |r| r.businesses(f.office_a))
            .unwrap(),
        vec![first]
    );
}

/// A typed ID that sorts as `n` does.
fn nth<T: TypedId>(n: u8) -> T {
    T::from_parts(1_700_000_000_000 + u64::from(n), [n; 10])
}

fn province_data(id: OfficeId, code: &str) -> OfficeData {
    OfficeData {
        id,
        code: code.into(),
        name: format!("استان {code}"),
        level: OfficeLevel::Province,
        parent: None,
    }
}

fn partner_data(id: PartnerId, code: &str) -> PartnerData {
    PartnerData {
        id,
        code: code.into(),
        name: format!("partner {code}"),
        kind: PartnerKind::Lender,
        office: None,
    }
}

/// Writes through the store's transaction, unwrapping.
fn put<S: RegistryStore>(f: &Fixture<S>, write: impl FnOnce(&mut dyn RegistryTx) -> Result<()>) {
    f.registry.store().write(write).unwrap();
}

/// Reads through the store, unwrapping.
fn get<S: RegistryStore, T>(
    f: &Fixture<S>,
    read: impl FnOnce(&dyn RegistryRead) -> Result<T>,
) -> T {
    f.registry.store().read(read).unwrap()
}

/// The store's lookups find each record by ID and code, follow a
/// replacement (the old code and national ID find nothing, and are free
/// for another record), and refuse an insert of a taken ID.
pub fn store_lookups_follow_writes<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let mut households = Vec::new();
    for (n, code) in [(3, "H-3"), (1, "H-1"), (2, "H-2")] {
        let mut data = household_data(f.office_a, code);
        data.id = nth(n);
        let h = Household::new(data).unwrap();
        put(&f, |tx| tx.put_household(&h, Put::Insert));
        households.push(h);
    }
    let mut people = Vec::new();
    for (n, h) in [
        (13, &households[0]),
        (11, &households[1]),
        (12, &households[2]),
    ] {
        let mut data = person_data(h.id(), u32::from(n));
        data.id = nth(n);
        data.given_name = format!("نام{n}");
        let p = Person::new(data).unwrap();
        put(&f, |tx| tx.put_person(&p, Put::Insert));
        people.push(p);
    }
    let mut businesses = Vec::new();
    for (n, p) in [(23u8, &people[0]), (21, &people[1])] {
        let mut data = business_data(p.household(), p.id(), &format!("B-{n}"));
        data.id = nth(n);
        data.office = f.office_a;
        let b = Business::new(data).unwrap();
        put(&f, |tx| tx.put_business(&b, Put::Insert));
        businesses.push(b);
    }
    let mut partners = Vec::new();
    for (n, code) in [(32, "P-2"), (31, "P-1")] {
        let p = Partner::new(partner_data(nth(n), code)).unwrap();
        put(&f, |tx| tx.put_partner(&p, Put::Insert));
        partners.push(p);
    }
    let office = Office::new(province_data(nth(41), "K-1")).unwrap();
    put(&f, |tx| tx.put_office(&office, Put::Insert));

    get(&f, |r| {
        assert_eq!(r.office(office.id())?, Some(office.clone()));
        assert_eq!(r.office_by_code("K-1")?, Some(office.clone()));
        for h in &households {
            assert_eq!(r.household(h.id())?.as_ref(), Some(h));
            assert_eq!(r.household_by_code(h.code())?.as_ref(), Some(h));
        }
        for p in &people {
            assert_eq!(r.person(p.id())?.as_ref(), Some(p));
            assert_eq!(r.person_by_national_id(p.national_id())?.as_ref(), Some(p));
            // With their household, in one lookup.
            let household = households.iter().find(|h| h.id() == p.household());
            let with = Some((p.clone(), household.unwrap().clone()));
            assert_eq!(r.person_with_household(p.id())?, with);
            assert_eq!(
                r.person_with_household_by_national_id(p.national_id())?,
                with
            );
        }
        for b in &businesses {
            assert_eq!(r.business(b.id())?.as_ref(), Some(b));
            assert_eq!(r.business_by_code(b.code())?.as_ref(), Some(b));
        }
        for p in &partners {
            assert_eq!(r.partner(p.id())?.as_ref(), Some(p));
            assert_eq!(r.partner_by_code(p.code())?.as_ref(), Some(p));
        }
        assert_eq!(r.office(nth(99))?, None);
        assert_eq!(r.office_by_code("K-9")?, None);
        assert_eq!(r.household(nth(99))?, None);
        assert_eq!(r.household_by_code("H-9")?, None);
        assert_eq!(r.person(nth(99))?, None);
        assert_eq!(r.person_by_national_id(&synthetic_national_id(99))?, None);
        assert_eq!(r.person_with_household(nth(99))?, None);
        assert_eq!(
            r.person_with_household_by_national_id(&synthetic_national_id(99))?,
            None
        );
        assert_eq!(r.business(nth(99))?, None);
        assert_eq!(r.business_by_code("B-99")?, None);
        assert_eq!(r.partner(nth(99))?, None);
        assert_eq!(r.partner_by_code("P-9")?, None);
        Ok(())
    });

    // Replacements: a new code, a new national ID and name.
    let mut data = households[0].data().clone();
    data.code = "H-30".into();
    let moved = Household::new(data).unwrap();
    put(&f, |tx| tx.put_household(&moved, Put::Replace));
    let mut data = businesses[0].data().clone();
    data.code = "B-230".into();
    let renamed = Business::new(data).unwrap();
    put(&f, |tx| tx.put_business(&renamed, Put::Replace));
    let old = &people[0];
    let mut data = old.data().clone();
    data.national_id = synthetic_national_id(113);
    data.given_name = "دیگر".into();
    let changed = Person::new(data).unwrap();
    put(&f, |tx| tx.put_person(&changed, Put::Replace));
    let mut data = partners[0].data().clone();
    data.name = "renamed".into();
    let partner = Partner::new(data).unwrap();
    put(&f, |tx| tx.put_partner(&partner, Put::Replace));
    let mut data = office.data().clone();
    data.name = "renamed".into();
    let office = Office::new(data).unwrap();
    put(&f, |tx| tx.put_office(&office, Put::Replace));
    get(&f, |r| {
        assert_eq!(r.household_by_code("H-3")?, None);
        assert_eq!(r.household_by_code("H-30")?, Some(moved.clone()));
        assert_eq!(r.household_key_by_code("H-3")?, None);
        assert_eq!(
            r.household_key_by_code("H-30")?,
            Some((moved.id(), moved.office()))
        );
        assert_eq!(r.household(moved.id())?, Some(moved.clone()));
        assert_eq!(r.business_by_code("B-23")?, None);
        assert_eq!(r.business_by_code("B-230")?, Some(renamed.clone()));
        assert_eq!(r.person_by_national_id(old.national_id())?, None);
        assert_eq!(
            r.person_by_national_id(changed.national_id())?,
            Some(changed.clone())
        );
        assert_eq!(r.person(changed.id())?, Some(changed.clone()));
        let office_a = f.office_a;
        assert!(
            r.people_by_identity(office_a, &old.name_key(), old.data().birth_date)?
                .is_empty()
        );
        assert_eq!(
            r.people_by_identity(office_a, &changed.name_key(), changed.data().birth_date)?,
            vec![changed.id()]
        );
        assert_eq!(r.partner_by_code("P-2")?, Some(partner.clone()));
        assert_eq!(r.office_by_code("K-1")?, Some(office.clone()));
        Ok(())
    });
    // The old code and national ID are free for other records.
    let mut data = household_data(f.office_a, "H-3");
    data.id = nth(4);
    let h = Household::new(data).unwrap();
    put(&f, |tx| tx.put_household(&h, Put::Insert));
    let mut data = person_data(h.id(), 13);
    data.id = nth(14);
    let p = Person::new(data).unwrap();
    put(&f, |tx| tx.put_person(&p, Put::Insert));
    let mut data = business_data(p.household(), p.id(), "B-23");
    data.office = f.office_a;
    let b = Business::new(data).unwrap();
    put(&f, |tx| tx.put_business(&b, Put::Insert));
    get(&f, |r| {
        assert_eq!(r.household_by_code("H-3")?, Some(h.clone()));
        assert_eq!(r.person_by_national_id(p.national_id())?, Some(p.clone()));
        assert_eq!(r.business_by_code("B-23")?, Some(b.clone()));
        Ok(())
    });

    // An insert of a taken ID is refused, whatever the kind.
    let taken = [
        f.registry
            .store()
            .write(|tx| tx.put_office(&office, Put::Insert)),
        f.registry
            .store()
            .write(|tx| tx.put_household(&h, Put::Insert)),
        f.registry
            .store()
            .write(|tx| tx.put_person(&p, Put::Insert)),
        f.registry
            .store()
            .write(|tx| tx.put_business(&b, Put::Insert)),
        f.registry
            .store()
            .write(|tx| tx.put_partner(&partner, Put::Insert)),
    ];
    let kinds = [
        EntityKind::Office,
        EntityKind::Household,
        EntityKind::Person,
        EntityKind::Business,
        EntityKind::Partner,
    ];
    for (result, kind) in taken.into_iter().zip(kinds) {
        match result {
            Err(RegistryError::AlreadyExists { kind: k }) if k == kind => {}
            other => panic!("expected {kind} already exists, got {other:?}"),
        }
    }
}

/// Every list of the store comes in its documented order, whatever the
/// order of insertion, IDs and names: offices, households, businesses and
/// partners by code; members and likely duplicates by ID.
pub fn store_lists_are_ordered<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    // Codes ascending, IDs descending, inserted in neither order.
    for (n, code) in [(52, "K-2"), (53, "K-1"), (51, "K-3")] {
        let o = Office::new(province_data(nth(n), code)).unwrap();
        put(&f, |tx| tx.put_office(&o, Put::Insert));
    }
    let codes: Vec<String> = get(&f, |r| r.offices())
        .iter()
        .map(|o| o.code().to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "K-1", "K-2", "K-3", "URM", "URM-A", "URM-B", "URM-CITY", "WAZ"
        ]
    );
    for (n, code) in [(62, "P-2"), (63, "P-1"), (61, "P-3")] {
        let p = Partner::new(partner_data(nth(n), code)).unwrap();
        put(&f, |tx| tx.put_partner(&p, Put::Insert));
    }
    let codes: Vec<String> = get(&f, |r| r.partners())
        .iter()
        .map(|p| p.code().to_owned())
        .collect();
    assert_eq!(codes, ["P-1", "P-2", "P-3"]);

    let k1 = get(&f, |r| r.office_by_code("K-1")).unwrap().id();
    let mut households = Vec::new();
    for (n, code, office) in [
        (2, "H-2", f.office_a),
        (4, "H-0", f.office_b),
        (3, "H-1", f.office_a),
        (5, "H-00", k1),
        (1, "H-3", f.office_a),
    ] {
        let mut data = household_data(office, code);
        data.id = nth(n);
        let h = Household::new(data).unwrap();
        put(&f, |tx| tx.put_household(&h, Put::Insert));
        households.push(h);
    }
    let codes = |offices: &[OfficeId]| -> Vec<String> {
        get(&f, |r| r.households_in(offices))
            .iter()
            .map(|h| h.code().to_owned())
            .collect()
    };
    assert_eq!(codes(&[f.office_a]), ["H-1", "H-2", "H-3"]);
    assert_eq!(
        codes(&[f.office_b, f.office_a]),
        ["H-0", "H-1", "H-2", "H-3"]
    );
    assert!(codes(&[]).is_empty());

    // Members by ID; insertion and name order differ from it.
    let home = households[0].id();
    let mut owners = Vec::new();
    for (n, name, household) in [
        (73, "ب", home),
        (71, "ت", home),
        (79, "آ", households[2].id()),
        (72, "الف", home),
    ] {
        let mut data = person_data(household, u32::from(n));
        data.id = nth(n);
        data.given_name = name.into();
        let p = Person::new(data).unwrap();
        put(&f, |tx| tx.put_person(&p, Put::Insert));
        owners.push(p);
    }
    let members: Vec<PersonId> = get(&f, |r| r.members(home))
        .iter()
        .map(Person::id)
        .collect();
    assert_eq!(members, [nth(71), nth(72), nth(73)]);
    assert!(get(&f, |r| r.members(households[1].id())).is_empty());

    // People by identity: one office, one name and birth date, by ID.
    let birth = date("1365-01-01");
    let mut twins = Vec::new();
    for (n, household, born) in [
        (84u8, households[0].id(), birth),
        (82, households[2].id(), birth),
        (80, households[1].id(), birth), // office B
        (81, households[0].id(), date("1366-01-01")),
        (83, households[4].id(), birth),
    ] {
        let mut data = person_data(household, u32::from(n));
        data.id = nth(n);
        data.given_name = "مریم".into();
        data.family_name = "نوری".into();
        data.birth_date = born;
        let p = Person::new(data).unwrap();
        put(&f, |tx| tx.put_person(&p, Put::Insert));
        twins.push(p);
    }
    let key = twins[0].name_key();
    assert_eq!(
        get(&f, |r| r.people_by_identity(f.office_a, &key, birth)),
        [nth(82), nth(83), nth(84)]
    );
    assert_eq!(
        get(&f, |r| r.people_by_identity(f.office_b, &key, birth)),
        [nth(80)]
    );
    assert!(get(&f, |r| r.people_by_identity(f.office_a, "x", birth)).is_empty());

    // Businesses by code, of the given offices only.
    for (n, code, owner) in [
        (92, "B-2", &owners[0]),
        (93, "B-1", &owners[2]),
        (91, "B-3", &owners[1]),
    ] {
        let mut data = business_data(owner.household(), owner.id(), code);
        data.id = nth(n);
        data.office = f.office_a;
        let b = Business::new(data).unwrap();
        put(&f, |tx| tx.put_business(&b, Put::Insert));
    }
    let codes: Vec<String> = get(&f, |r| r.businesses_in(&[f.office_a, f.office_b]))
        .iter()
        .map(|b| b.code().to_owned())
        .collect();
    assert_eq!(codes, ["B-1", "B-2", "B-3"]);
    assert!(get(&f, |r| r.businesses_in(&[f.office_b])).is_empty());
}

/// Appended records come back oldest first, filtered as asked: consents by
/// household and field, state changes and audit events by entity, duplicate
/// flags; audit events are numbered one past the last and paged by `after`
/// and `limit`.
pub fn store_appends_keep_their_order<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let h1 = f.household(f.office_a, "A-001");
    let h2 = f.household(f.office_a, "A-002");
    let consent = |household: HouseholdId, field, given, day: &str| ConsentRecord {
        household,
        field,
        given,
        date: date(day),
        actor: f.admin.id,
    };
    let appended = [
        consent(h1.id(), SensitiveField::Disability, true, "1404-03-01"),
        consent(h2.id(), SensitiveField::Disability, true, "1404-03-01"),
        consent(h1.id(), SensitiveField::SupportCoverage, true, "1404-03-02"),
        consent(h1.id(), SensitiveField::Disability, false, "1404-03-03"),
        consent(h1.id(), SensitiveField::Disability, true, "1404-03-03"),
    ];
    put(&f, |tx| {
        appended.iter().try_for_each(|c| tx.append_consent(c))
    });
    assert_eq!(
        get(&f, |r| r.consents(h1.id(), SensitiveField::Disability)),
        [
            appended[0].clone(),
            appended[3].clone(),
            appended[4].clone()
        ]
    );
    assert_eq!(
        get(&f, |r| r.consents(h1.id(), SensitiveField::SupportCoverage)),
        [appended[2].clone()]
    );

    let (e1, e2) = (
        EntityRef::new(EntityKind::Household, h1.id()),
        EntityRef::new(EntityKind::Household, h2.id()),
    );
    let change = |entity, from: &str, to: &str| StateChange {
        entity,
        from: from.into(),
        to: to.into(),
        reason: None,
        at: test_now(),
        actor: f.admin.id,
    };
    let changes = [
        change(e1, "c", "d"),
        change(e2, "a", "b"),
        change(e1, "a", "b"),
        change(e1, "b", "c"),
    ];
    put(&f, |tx| {
        changes.iter().try_for_each(|c| tx.append_state_change(c))
    });
    assert_eq!(
        get(&f, |r| r.state_changes(e1)),
        [changes[0].clone(), changes[2].clone(), changes[3].clone()]
    );

    let before = get(&f, |r| r.audit_events(0, usize::MAX));
    let last = before.last().unwrap().seq;
    assert_eq!(before.len() as u64, last, "numbered from 1, without gaps");
    let record = |entity, action| AuditRecord {
        at: test_now(),
        actor: f.admin.id,
        action,
        entity,
        fields: vec!["space".into()],
        changes: match action {
            AuditAction::Updated => vec![crate::FieldChange {
                field: "space".into(),
                old: "12 m²".into(),
                new: "۲۰ m², \"room\"".into(),
            }],
            _ => vec![],
        },
    };
    let records = [
        record(e2, AuditAction::Updated),
        record(e1, AuditAction::Updated),
        record(e2, AuditAction::StateChanged),
        record(e1, AuditAction::ConsentRecorded),
    ];
    let seqs = f
        .registry
        .store()
        .write(|tx| {
            records
                .iter()
                .map(|r| tx.append_audit(r))
                .collect::<Result<Vec<u64>>>()
        })
        .unwrap();
    assert_eq!(seqs, [last + 1, last + 2, last + 3, last + 4]);
    let page = |after: u64, limit: usize| -> Vec<u64> {
        get(&f, |r| r.audit_events(after, limit))
            .iter()
            .map(|e| e.seq)
            .collect()
    };
    assert_eq!(page(last, 2), [last + 1, last + 2]);
    assert_eq!(page(last + 1, 2), [last + 2, last + 3]);
    assert_eq!(page(last + 3, 10), [last + 4]);
    assert!(page(last + 4, 10).is_empty());
    assert!(page(0, 0).is_empty());
    assert_eq!(page(0, 1), [1]);
    let events = get(&f, |r| r.audit_events(last, usize::MAX));
    assert_eq!(
        events.iter().map(|e| e.record.clone()).collect::<Vec<_>>(),
        records
    );
    let for_e1: Vec<(u64, AuditAction)> = get(&f, |r| r.audit_events_for(e1))
        .iter()
        .map(|e| (e.seq, e.record.action))
        .collect();
    assert_eq!(
        for_e1,
        [
            (
                1 + before.iter().position(|e| e.record.entity == e1).unwrap() as u64,
                AuditAction::Created
            ),
            (last + 2, AuditAction::Updated),
            (last + 4, AuditAction::ConsentRecorded),
        ]
    );

    // Duplicate flags, oldest first (not by person ID).
    let p1 = f.person(h1.id(), 1).person;
    let p2 = f.person(h1.id(), 2).person;
    let p3 = f.person(h2.id(), 3).person;
    let flags = [
        DuplicateFlag {
            person: p3.id(),
            resembles: p1.id(),
            office: f.office_a,
            at: test_now(),
        },
        DuplicateFlag {
            person: p2.id(),
            resembles: p1.id(),
            office: f.office_a,
            at: test_now(),
        },
    ];
    put(&f, |tx| {
        flags
            .iter()
            .try_for_each(|flag| tx.append_duplicate_flag(flag))
    });
    assert_eq!(get(&f, |r| r.duplicate_flags()), flags);
}

/// An argon2id hash in PHC form (of the password `correct horse`), for
/// the conformance checks: stores keep it as they were given it.
pub const TEST_PASSWORD_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Ii5hQxXEAqR2UhV0Xm5QpiRLqBbLmwFCrqPEvsqbN9U";

/// Users: only an unrestricted actor adds them; codes are unique; a user
/// signs in by code and acts in their scope; a scoped actor lists only the
/// users of its offices; a refused user leaves nothing.
pub fn users_are_added_by_an_unrestricted_actor<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let user = |code: &str, scope| User {
        id: ActorId::new(),
        code: code.into(),
        name: Some(format!("کارشناس {code}")),
        scope,
        role: Role::OfficeStaff,
        password: None,
    };
    // A role and a password hash are kept as given.
    let a = User {
        role: Role::Viewer,
        password: Some(PasswordHash::new(TEST_PASSWORD_HASH).unwrap()),
        ..user("sara", Scope::Office(f.office_a))
    };
    f.registry
        .write(&f.admin, |w| w.add_user(a.clone()))
        .unwrap();
    f.registry
        .write(&f.admin, |w| w.add_user(user("root", Scope::All)))
        .unwrap();
    let err = f
        .registry
        .write(&f.staff_of(f.office_a), |w| {
            w.add_user(user("b", Scope::Office(f.office_a)))
        })
        .unwrap_err();
    assert!(matches!(err, RegistryError::Forbidden { .. }), "{err}");
    let err = f
        .registry
        .write(&f.admin, |w| w.add_user(user("sara", Scope::All)))
        .unwrap_err();
    assert!(matches!(err, RegistryError::DuplicateUser { .. }), "{err}");
    assert_eq!(err.to_string(), "user code sara is already in use");
    let err = f
        .registry
        .write(&f.admin, |w| w.add_user(user("bad code", Scope::All)))
        .unwrap_err();
    assert!(matches!(err, RegistryError::Invalid { .. }), "{err}");
    // Signing in.
    let signed_in = f.registry.user("sara").unwrap();
    assert_eq!(signed_in, a);
    assert_eq!(signed_in.role, Role::Viewer);
    assert_eq!(
        signed_in.password.as_ref().map(PasswordHash::as_phc),
        Some(TEST_PASSWORD_HASH)
    );
    let root = f.registry.user("root").unwrap();
    assert_eq!((root.role, root.password), (Role::OfficeStaff, None));
    let admin = User {
        role: Role::Administrator,
        ..user("admin", Scope::All)
    };
    f.registry
        .write(&f.admin, |w| w.add_user(admin.clone()))
        .unwrap();
    assert_eq!(f.registry.user("admin").unwrap().role, Role::Administrator);
    assert_eq!(signed_in.actor(), Actor::scoped(a.id, f.office_a));
    let err = f.registry.user("nobody").unwrap_err();
    assert_eq!(err.to_string(), "unknown user nobody");
    // Lists.
    let codes = |actor: &Actor| -> Vec<String> {
        f.registry
            .read(actor, |r| r.users())
            .unwrap()
            .into_iter()
            .map(|u| u.code)
            .collect()
    };
    assert_eq!(codes(&f.admin), ["admin", "root", "sara"]);
    assert_eq!(codes(&f.staff_of(f.office_a)), ["sara"]);
    assert!(codes(&f.staff_of(f.office_b)).is_empty());
    assert_eq!(f.registry.all_users().unwrap().len(), 3);
    // A failed write leaves no user.
    let _ = f.registry.write(&f.admin, |w| {
        w.add_user(user("temp", Scope::All))?;
        Err::<(), _>(RegistryError::invalid("test", "roll back"))
    });
    assert!(f.registry.user("temp").is_err());
}

/// A likely-duplicate flag is resolved once, by the flagged person, within
/// the actor's scope; the resolution is kept with who, when and the note,
/// and audited; nothing else changes.
pub fn duplicates_are_resolved_once_and_audited<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a1 = f.household(f.office_a, "A-001");
    let a2 = f.household(f.office_a, "A-002");
    let first = f.person(a1.id(), 1).person;
    let mut twin = person_data(a2.id(), 2);
    twin.given_name = first.data().given_name.clone();
    twin.family_name = first.data().family_name.clone();
    twin.birth_date = first.data().birth_date;
    let second = f
        .registry
        .write(&f.admin, |w| w.add_person(twin))
        .unwrap()
        .person;
    let staff_a = f.staff_of(f.office_a);
    // Another office's staff: not found; the earlier person: not flagged.
    let err = f
        .registry
        .write(&f.staff_of(f.office_b), |w| {
            w.resolve_duplicate(second.id(), Verdict::DifferentPeople, "")
        })
        .unwrap_err();
    assert!(matches!(err, RegistryError::NotFound { .. }), "{err}");
    let err = f
        .registry
        .write(&staff_a, |w| {
            w.resolve_duplicate(first.id(), Verdict::DifferentPeople, "")
        })
        .unwrap_err();
    assert!(matches!(err, RegistryError::Invalid { .. }), "{err}");
    let resolution = f
        .registry
        .write(&staff_a, |w| {
            w.resolve_duplicate(second.id(), Verdict::SamePerson, " twins? no: one woman ")
        })
        .unwrap();
    assert_eq!(
        (resolution.person, resolution.resembles, resolution.office),
        (second.id(), first.id(), f.office_a)
    );
    assert_eq!(resolution.note, "twins? no: one woman");
    assert_eq!((resolution.actor, resolution.at), (staff_a.id, test_now()));
    // Once only.
    let err = f
        .registry
        .write(&staff_a, |w| {
            w.resolve_duplicate(second.id(), Verdict::DifferentPeople, "")
        })
        .unwrap_err();
    assert!(matches!(err, RegistryError::Invalid { .. }), "{err}");
    let stored = f
        .registry
        .read(&staff_a, |r| r.duplicate_resolutions())
        .unwrap();
    assert_eq!(stored, vec![resolution]);
    assert!(
        f.registry
            .read(&f.staff_of(f.office_b), |r| r.duplicate_resolutions())
            .unwrap()
            .is_empty()
    );
    // Audited on the person; both records unchanged; the flag stays.
    let trail = f
        .registry
        .read(&staff_a, |r| {
            r.audit_trail(EntityRef::new(EntityKind::Person, second.id()))
        })
        .unwrap();
    let last = &trail.last().unwrap().record;
    assert_eq!(last.action, AuditAction::DuplicateResolved);
    assert_eq!(
        (last.actor, last.fields.clone()),
        (staff_a.id, vec!["same_person".to_owned()])
    );
    assert_eq!(
        f.registry
            .read(&staff_a, |r| r.person(second.id()))
            .unwrap(),
        second
    );
    assert_eq!(
        f.registry
            .read(&staff_a, |r| r.duplicate_flags())
            .unwrap()
            .len(),
        1
    );
}

/// Adds person `n` named `given family` to `household`.
fn named<S: RegistryStore>(
    f: &Fixture<S>,
    household: HouseholdId,
    n: u32,
    given: &str,
    family: &str,
) -> Person {
    f.registry
        .write(&f.admin, |w| {
            w.add_person(PersonData {
                given_name: given.into(),
                family_name: family.into(),
                ..person_data(household, n)
            })
        })
        .unwrap()
        .person
}

/// Searches by name, mobile and address answer from the keys the store
/// keeps: any spelling, words in any order, only the offices asked for,
/// ordered by household code and person ID; an update's new values are
/// found and its old ones no longer.
pub fn searches_use_the_kept_keys<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let a2 = f.household(f.office_a, "H-A2");
    let a1 = f.household(f.office_a, "H-A1");
    let b1 = f.household(f.office_b, "H-B1");
    let p1 = named(&f, a2.id(), 1, "علي", "رضايي");
    let p2 = named(&f, a1.id(), 2, "عَلی", "رضایی\u{200C}نژاد");
    let p3 = named(&f, a1.id(), 3, "زهرا", "احمدی");
    let p4 = named(&f, b1.id(), 4, "علی", "رضـایی");
    let p5 = named(&f, a1.id(), 5, "ALI", "Rezaei");
    let words = |q: &str| KeySearch::words(q).unwrap();
    let fragment = |q: &str| KeySearch::fragment(q).unwrap();
    let people = |offices: &[OfficeId], search: &KeySearch| {
        f.registry
            .store()
            .read(|s| s.people_matching(offices, search))
            .unwrap()
            .into_iter()
            .map(|(h, p)| (h.code().to_owned(), p.id()))
            .collect::<Vec<_>>()
    };
    let households = |offices: &[OfficeId], search: &HouseholdSearch| {
        f.registry
            .store()
            .read(|s| s.households_matching(offices, search))
            .unwrap()
            .into_iter()
            .map(|h| h.code().to_owned())
            .collect::<Vec<_>>()
    };
    let both = [f.office_a, f.office_b];
    let code = |c: &str| c.to_owned();
    assert_eq!(
        people(&both, &words("رضایی علی")),
        [
            (code("H-A1"), p2.id()),
            (code("H-A2"), p1.id()),
            (code("H-B1"), p4.id())
        ]
    );
    assert_eq!(
        people(&[f.office_a], &words("رضا")),
        [(code("H-A1"), p2.id()), (code("H-A2"), p1.id())]
    );
    assert_eq!(people(&[f.office_b], &words("نژاد")), []);
    assert_eq!(people(&[], &words("علی")), []);
    assert_eq!(
        people(&both, &words("ali rezaei")),
        [(code("H-A1"), p5.id())]
    );
    // Word by word, or the whole query as one fragment.
    assert_eq!(people(&both, &fragment("رضایی علی")), []);
    assert_eq!(people(&both, &words("حسن رضایی")), []);
    // Two people of one household, in ID order.
    let mut ids = [p2.id(), p3.id()];
    ids.sort();
    assert_eq!(
        people(&[f.office_a], &words("ی")),
        [
            (code("H-A1"), ids[0]),
            (code("H-A1"), ids[1]),
            (code("H-A2"), p1.id())
        ]
    );

    assert_eq!(
        households(&both, &HouseholdSearch::MemberName(words("علی رضایی"))),
        ["H-A1", "H-A2", "H-B1"]
    );
    assert_eq!(
        households(&[f.office_b], &HouseholdSearch::MemberName(words("احمدی"))),
        Vec::<String>::new()
    );
    let mobile = |p: &Person| HouseholdSearch::MemberMobile(p.data().mobile.clone().unwrap());
    assert_eq!(households(&both, &mobile(&p3)), ["H-A1"]);
    assert_eq!(
        households(&[f.office_b], &mobile(&p3)),
        Vec::<String>::new()
    );
    assert_eq!(
        households(&both, &HouseholdSearch::Address(fragment("کوچه 12"))),
        ["H-A1", "H-A2", "H-B1"]
    );

    // Updates: the new values are found, the old ones no longer.
    f.registry
        .write(&f.admin, |w| {
            w.update_person(p3.id(), |d| {
                d.given_name = "مریم".into();
                d.mobile = Some(Mobile::parse("09149999999").unwrap());
            })?;
            w.update_household(a2.id(), |d| d.address = "خیابان امام، پلاک ۷".into())
        })
        .unwrap();
    assert_eq!(people(&both, &words("زهرا")), []);
    assert_eq!(
        people(&both, &words("مریم احمدی")),
        [(code("H-A1"), p3.id())]
    );
    assert_eq!(households(&both, &mobile(&p3)), Vec::<String>::new());
    assert_eq!(
        households(
            &both,
            &HouseholdSearch::MemberMobile(Mobile::parse("09149999999").unwrap())
        ),
        ["H-A1"]
    );
    assert_eq!(
        households(&both, &HouseholdSearch::Address(fragment("کوچه 12"))),
        ["H-A1", "H-B1"]
    );
    assert_eq!(
        households(&both, &HouseholdSearch::Address(fragment("امام،پلاك"))),
        ["H-A2"]
    );
    // Folded spellings: hamza-yeh for yeh, punctuation between words.
    assert_eq!(
        people(&both, &words("علی رضائی")),
        [
            (code("H-A1"), p2.id()),
            (code("H-A2"), p1.id()),
            (code("H-B1"), p4.id())
        ]
    );
    assert_eq!(
        people(&both, &fragment("رضائی-نژاد")),
        [(code("H-A1"), p2.id())]
    );
    assert_eq!(
        households(
            &both,
            &HouseholdSearch::Address(fragment("خیابان امام پلاک 7"))
        ),
        ["H-A2"]
    );
    assert_eq!(
        households(&both, &HouseholdSearch::Address(words("(۷) امام"))),
        ["H-A2"]
    );
    // A failed write changes no key.
    let failed = f.registry.write(&f.admin, |w| {
        w.update_person(p1.id(), |d| d.given_name = "حسین".into())?;
        Err::<(), _>(RegistryError::invalid("test", "rolled back"))
    });
    assert!(failed.is_err());
    assert_eq!(people(&both, &words("حسین")), []);

    // The scoped reader searches below a visible office only.
    let staff = f.staff_of(f.office_b);
    let found = f
        .registry
        .read(&staff, |r| r.people_matching(f.office_b, &words("علی")))
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1.id(), p4.id());
    is_not_found(
        f.registry
            .read(&staff, |r| r.people_matching(f.office_a, &words("علی"))),
        EntityKind::Office,
    );
    is_not_found(
        f.registry.read(&staff, |r| {
            r.households_matching(f.office_a, &HouseholdSearch::MemberName(words("علی")))
        }),
        EntityKind::Office,
    );
    let all = f
        .registry
        .read(&f.admin, |r| {
            r.households_matching(f.province, &HouseholdSearch::MemberName(words("علی")))
        })
        .unwrap();
    assert_eq!(all.len(), 3);
}

/// A reader that forwards every lookup to another but answers the
/// searches ([`RegistryRead::people_matching`],
/// [`RegistryRead::households_matching`]) with the trait's defaults: a
/// scan of every household and its members. For checking the defaults,
/// and for measuring a store's searches against them.
pub struct ScanReader<'a>(pub &'a dyn RegistryRead);

impl RegistryRead for ScanReader<'_> {
    forward_reads!(self.0, except searches);
}

/// Pieces of names, and ways of typing them: the property test's alphabet.
const PIECES: [&str; 9] = ["علی", "رضا", "یی", "کریم", "زهرا", "مهدی", "نژاد", "a", "B"];

/// `piece` typed one of the ways people type it (`how` picks which).
fn typed(piece: &str, how: u8) -> String {
    match how % 8 {
        0 => piece.to_owned(),
        1 => piece.replace('ی', "\u{064A}").replace('ک', "\u{0643}"),
        2 => format!("{piece}\u{200C}"),
        3 => piece.chars().flat_map(|c| [c, '\u{064E}']).collect(),
        4 => format!(" {}ـ ", piece.to_uppercase()),
        // Hamza seats and alefs: رضائی for رضایی, أ for ا.
        5 => piece.replacen('ی', "\u{0626}", 1).replace('ا', "\u{0623}"),
        // Punctuation between words, as addresses have it.
        6 => format!("{piece}، ("),
        _ => piece.to_lowercase(),
    }
}

/// A name or query: one to three typed pieces, some run together.
fn random_text() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), any::<u8>(), any::<bool>()), 1..=3).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(i, how, space)| {
                let piece = typed(PIECES[i], how);
                if space { format!("{piece} ") } else { piece }
            })
            .collect()
    })
}

/// The match `find` made before the store kept keys: the key of the
/// whole query, or of each of its words (between spaces, ZWNJ or
/// punctuation), is part of the text's key.
fn old_filter(query: &str, text: &str) -> bool {
    let key = search_key(text);
    let whole = search_key(query);
    let separates = |c: char| {
        c.is_whitespace() || c == '\u{200C}' || c.is_ascii_punctuation() || "،؛؟«»".contains(c)
    };
    let words: Vec<String> = normalize(query)
        .split(separates)
        .map(search_key)
        .filter(|w| !w.is_empty())
        .collect();
    key.contains(&whole) || words.iter().all(|w| key.contains(w.as_str()))
}

/// Property: on random names in every spelling, a store's searches find
/// exactly what the old filter over every household and member finds, in
/// the same order (by name, member name and address).
pub fn searches_equal_the_filter<S: RegistryStore>(store: S) {
    let f = Fixture::new(store);
    let n = std::cell::Cell::new(0_u32);
    let mut runner = TestRunner::new(Config {
        cases: 48,
        failure_persistence: None,
        ..Config::default()
    });
    let household = (
        any::<bool>(),
        random_text(),
        prop::collection::vec((random_text(), random_text()), 1..=3),
    );
    runner
        .run(
            &(household, random_text()),
            |((in_a, address, names), query)| {
                n.set(n.get() + 1);
                let office = if in_a { f.office_a } else { f.office_b };
                let h = f
                    .registry
                    .write(&f.admin, |w| {
                        w.add_household(HouseholdData {
                            address: address.clone(),
                            ..household_data(office, &format!("H-{:04}", 9997 - n.get()))
                        })
                    })
                    .unwrap();
                for (given, family) in &names {
                    n.set(n.get() + 1);
                    f.registry
                        .write(&f.admin, |w| {
                            w.add_person(PersonData {
                                given_name: given.clone(),
                                family_name: family.clone(),
                                ..person_data(h.id(), n.get())
                            })
                        })
                        .unwrap();
                }
                let Some(words) = KeySearch::words(&query) else {
                    return Ok(());
                };
                let fragment = KeySearch::fragment(&query).unwrap();
                f.registry
                    .read(&f.admin, |r| {
                        let mut people = Vec::new();
                        let mut by_name = Vec::new();
                        let mut by_address = Vec::new();
                        for h in r.households(f.province)? {
                            let members = r.members(h.id())?;
                            let hits: Vec<PersonId> = members
                                .iter()
                                .filter(|p| {
                                    old_filter(
                                        &query,
                                        &format!(
                                            "{} {}",
                                            p.data().given_name,
                                            p.data().family_name
                                        ),
                                    )
                                })
                                .map(Person::id)
                                .collect();
                            if !hits.is_empty() {
                                by_name.push(h.id());
                            }
                            people.extend(hits);
                            if search_key(&h.data().address).contains(fragment.whole()) {
                                by_address.push(h.id());
                            }
                        }
                        let ids = |found: Vec<Household>| {
                            found.iter().map(Household::id).collect::<Vec<_>>()
                        };
                        let found: Vec<PersonId> = r
                            .people_matching(f.province, &words)?
                            .into_iter()
                            .map(|(_, p)| p.id())
                            .collect();
                        assert_eq!(found, people, "people named {query:?}");
                        let found = r.households_matching(
                            f.province,
                            &HouseholdSearch::MemberName(words.clone()),
                        )?;
                        assert_eq!(
                            ids(found),
                            by_name,
                            "households with a member named {query:?}"
                        );
                        let found = r.households_matching(
                            f.province,
                            &HouseholdSearch::Address(fragment.clone()),
                        )?;
                        assert_eq!(ids(found), by_address, "households at {query:?}");
                        Ok(())
                    })
                    .unwrap();
                Ok(())
            },
        )
        .unwrap();
}
