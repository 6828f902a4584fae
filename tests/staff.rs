//! Staff users and likely duplicates as `Program` use cases (#14): who may
//! add users, signing in, scopes, and resolving duplicates without merging.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::core::FixedClock;
use homebiz::program::{DuplicateFilter, MembershipStep, MemoryProgram};
use homebiz::registry::testing::{Fixture, person_data, synthetic_national_id, test_now};
use homebiz::registry::{AuditAction, MemoryStore, Verdict};

/// A program over the fixture (offices URM-A and URM-B), with a likely
/// duplicate in URM-A (person 2 resembles person 1) and one in URM-B
/// (person 4 resembles person 3).
fn program() -> (MemoryProgram, homebiz::registry::Actor) {
    let f = Fixture::new(MemoryStore::new());
    for (office, codes, n) in [
        (f.office_a, ["A-1", "A-2"], 1),
        (f.office_b, ["B-1", "B-2"], 3),
    ] {
        let first = f.person(f.household(office, codes[0]).id(), n).person;
        let mut twin = person_data(f.household(office, codes[1]).id(), n + 1);
        twin.given_name = first.data().given_name.clone();
        twin.family_name = first.data().family_name.clone();
        twin.birth_date = first.data().birth_date;
        f.registry.write(&f.admin, |w| w.add_person(twin)).unwrap();
    }
    let admin = f.admin;
    let program =
        MemoryProgram::over_registry(f.registry, Arc::new(FixedClock::new(test_now()))).unwrap();
    (program, admin)
}

fn id(n: u32) -> String {
    synthetic_national_id(n).as_str().to_owned()
}

#[test]
fn only_an_unrestricted_actor_adds_users_and_a_user_acts_in_their_scope() {
    let (program, admin) = program();
    let sara = program
        .add_user(&admin, "sara", Some("Sara"), Some("URM-A"))
        .unwrap();
    assert_eq!(sara.office_code.as_deref(), Some("URM-A"));
    program.add_user(&admin, "boss", None, None).unwrap();
    let as_sara = program.sign_in("sara").unwrap();
    // Sara may not add users, nor see boss.
    let err = program
        .add_user(&as_sara, "reza", None, Some("URM-A"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "not allowed: only an unrestricted user may add users"
    );
    let codes: Vec<String> = program
        .users(&as_sara)
        .unwrap()
        .into_iter()
        .map(|u| u.code)
        .collect();
    assert_eq!(codes, ["sara"]);
    assert_eq!(program.users(&admin).unwrap().len(), 2);
    // Errors name what was typed.
    let err = program
        .add_user(&admin, "x", None, Some("NOPE"))
        .unwrap_err();
    assert_eq!(err.to_string(), "invalid office: NOPE not found");
    assert_eq!(
        program.sign_in("nobody").unwrap_err().to_string(),
        "unknown user nobody"
    );
    // Sara sees her office only; what she writes records her, by code.
    assert!(program.household_history(&as_sara, "B-1").is_err());
    program
        .move_household(&as_sara, "A-1", MembershipStep::Enrol, None)
        .unwrap();
    let history = program.household_history(&admin, "A-1").unwrap();
    let last = history.entries.last().unwrap();
    assert_eq!((last.actor, last.user.as_deref()), (sara.id, Some("sara")));
}

#[test]
fn duplicates_are_listed_by_scope_and_resolved_without_merging() {
    let (program, admin) = program();
    program
        .add_user(&admin, "sara", None, Some("URM-A"))
        .unwrap();
    let sara = program.sign_in("sara").unwrap();
    assert_eq!(
        program
            .duplicates(&admin, DuplicateFilter::Open)
            .unwrap()
            .len(),
        2
    );
    let open = program.duplicates(&sara, DuplicateFilter::Open).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(
        (
            open[0].person.household_code.as_str(),
            open[0].resembles.household_code.as_str()
        ),
        ("A-2", "A-1")
    );
    // Another office's person: not found; the earlier of a pair: refused.
    assert!(
        program
            .resolve_duplicate(&sara, &id(4), Verdict::SamePerson, "")
            .is_err()
    );
    let err = program
        .resolve_duplicate(&sara, &id(1), Verdict::SamePerson, "")
        .unwrap_err();
    assert!(err.to_string().contains("was not flagged"), "{err}");
    let before = program
        .registry()
        .read(&admin, |r| {
            Ok((
                r.person(open[0].person.person.id())?,
                r.person(open[0].resembles.person.id())?,
            ))
        })
        .unwrap();
    let resolved = program
        .resolve_duplicate(
            &sara,
            &id(2),
            Verdict::SamePerson,
            "one woman, two households",
        )
        .unwrap();
    let resolution = resolved.resolution.unwrap();
    assert_eq!(resolution.verdict, Verdict::SamePerson);
    assert_eq!(resolution.by_user.as_deref(), Some("sara"));
    assert_eq!(resolution.at, test_now());
    // Nothing merged: both records as they were.
    let after = program
        .registry()
        .read(&admin, |r| {
            Ok((r.person(before.0.id())?, r.person(before.1.id())?))
        })
        .unwrap();
    assert_eq!(after, before);
    // Listed as confirmed, no longer open; once only.
    assert!(
        program
            .duplicates(&sara, DuplicateFilter::Open)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        program
            .duplicates(&sara, DuplicateFilter::Confirmed)
            .unwrap()
            .len(),
        1
    );
    assert!(
        program
            .resolve_duplicate(&sara, &id(2), Verdict::DifferentPeople, "")
            .is_err()
    );
    // Different people: closed, not confirmed.
    program
        .resolve_duplicate(&admin, &id(4), Verdict::DifferentPeople, "cousins")
        .unwrap();
    assert!(
        program
            .duplicates(&admin, DuplicateFilter::Open)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        program
            .duplicates(&admin, DuplicateFilter::Confirmed)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        program
            .duplicates(&admin, DuplicateFilter::All)
            .unwrap()
            .len(),
        2
    );
    // The review groups keep the confirmed pair and leave out the other.
    let groups = program.duplicate_groups(&admin).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].office_code, "URM-A");
    // In the person's history: who and when.
    let history = program.person_history(&admin, &id(2)).unwrap();
    assert!(
        history
            .entries
            .iter()
            .any(|e| e.user.as_deref() == Some("sara")
                && matches!(&e.change, homebiz::program::HistoryChange::Fields { action, .. }
            if *action == AuditAction::DuplicateResolved))
    );
}
