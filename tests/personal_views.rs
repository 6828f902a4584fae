//! The views that carry people serialise without their national IDs and
//! mobiles unless asked (`ShowsPeople::with_personal`), at the level of
//! the person: what the CLI's `--json [--personal]` and a web app reuse.
//! And the likely-duplicate check folds spellings as a search does.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::core::FixedClock;
use homebiz::core::id::ActorId;
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::program::find::HouseholdQuery;
use homebiz::program::personal::ShowsPeople;
use homebiz::program::{DuplicateFilter, MemoryProgram, Program};
use homebiz::registry::Actor;
use serde::Serialize;

const OFFICES: &str = "code,name,level,parent_code
WAZ,West Azerbaijan,province,
URM,Urmia county,county,WAZ
URM-CITY,Urmia,city,URM
URM-A,Office A,office,URM-CITY
";
const HOUSEHOLDS: &str = "code,office_code,address
A-1,URM-A,دیزج سیاوش، کوچه ۲۰
A-2,URM-A,خیابان امام
";
// The same name and birth date in one office, spelt with yeh and with
// hamza-yeh: a likely duplicate.
const PEOPLE: &str = "national_id,given_name,family_name,birth_date,gender,mobile,household_code
0010000011,علی,رضایی,1379/08/21,male,09141000001,A-1
0010000021,علي,رضائی,1379/08/21,male,09141000002,A-2
";
const NATIONAL_IDS: [&str; 2] = ["0010000011", "0010000021"];
const MOBILES: [&str; 2] = ["9141000001", "9141000002"];

fn program() -> (MemoryProgram, Actor) {
    let clock = Arc::new(FixedClock::new("2025-06-01T08:00:00Z".parse().unwrap()));
    let program = Program::in_memory(clock).unwrap();
    let admin = Actor::unrestricted(ActorId::new());
    for (kind, text) in [
        (ImportKind::Offices, OFFICES),
        (ImportKind::Households, HOUSEHOLDS),
        (ImportKind::People, PEOPLE),
    ] {
        import_csv(
            program.registry(),
            &admin,
            kind,
            "f.csv",
            text.as_bytes(),
            &ImportOptions::default(),
            None,
            &mut |_| {},
        )
        .unwrap();
    }
    (program, admin)
}

/// Checks `view`'s JSON: by default (its own `Serialize`, and
/// `with_personal(false)`) no national ID or mobile, but the people's
/// other fields; with `with_personal(true)` the national IDs and mobiles
/// of the people in it (`people` of [`NATIONAL_IDS`]).
fn check<T: ShowsPeople + Serialize + ?Sized>(what: &str, view: &T, people: &[usize]) {
    let plain = serde_json::to_string(view).unwrap();
    assert_eq!(
        plain,
        serde_json::to_string(&view.with_personal(false)).unwrap(),
        "{what}"
    );
    for secret in NATIONAL_IDS.iter().chain(&MOBILES) {
        assert!(!plain.contains(secret), "{what}: {plain}");
    }
    assert!(
        !plain.contains("\"national_id\"") && !plain.contains("\"mobile\""),
        "{what}"
    );
    assert!(plain.contains("\"birth_date\""), "{what}: {plain}");
    let full = serde_json::to_string(&view.with_personal(true)).unwrap();
    for &i in people {
        assert!(full.contains(NATIONAL_IDS[i]), "{what}: {full}");
        assert!(full.contains(MOBILES[i]), "{what}: {full}");
    }
}

#[test]
fn views_leave_personal_values_out_unless_asked() {
    let (program, admin) = program();
    check(
        "household_view",
        &program.household_view(&admin, "A-1").unwrap(),
        &[0],
    );
    check(
        "person_view",
        &program.person_view(&admin, NATIONAL_IDS[0]).unwrap(),
        &[0],
    );
    check(
        "person_details",
        &program.person_details(&admin, NATIONAL_IDS[1]).unwrap(),
        &[1],
    );
    check(
        "find_people",
        &program.find_people(&admin, None, "علی رضایی").unwrap(),
        &[0, 1],
    );
    check(
        "find_households",
        &program
            .find_households(&admin, None, &HouseholdQuery::Address("سیاوش".into()))
            .unwrap(),
        &[0],
    );
    check(
        "duplicates",
        &program.duplicates(&admin, DuplicateFilter::All).unwrap(),
        &[0, 1],
    );
    check(
        "duplicate_groups",
        &program.duplicate_groups(&admin).unwrap(),
        &[0, 1],
    );
}

/// رضائی and رضایی, علي and علی: one name to the likely-duplicate check,
/// as to a search.
#[test]
fn hamza_yeh_is_a_likely_duplicate() {
    let (program, admin) = program();
    let flags = program.duplicates(&admin, DuplicateFilter::All).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].person.household_code, "A-2");
    assert_eq!(flags[0].resembles.household_code, "A-1");
    assert_eq!(program.find_people(&admin, None, "رضائي").unwrap().len(), 2);
}
