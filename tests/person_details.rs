//! `Program::person_details` (issue #14): a person by person ID or national
//! ID, with their household, its office and its people; scoped, so another
//! office's person is "not found", and a national ID is never repeated in
//! an error.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::registry::testing::Fixture;
use support::program_over;

#[test]
fn a_person_with_their_household_by_either_key_within_scope() {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let (staff_a, staff_b) = (f.staff_of(f.office_a), f.staff_of(f.office_b));
    let household = f.household(f.office_a, "A-1");
    let first = f.person(household.id(), 1).person;
    let second = f.person(household.id(), 2).person;
    let national_id = second.national_id().as_str().to_owned();
    let (program, admin) = program_over(f);

    for actor in [&staff_a, &admin] {
        for key in [second.id().to_string(), national_id.clone()] {
            let shown = program.person_details(actor, &key).unwrap();
            assert_eq!(shown.person.id(), second.id());
            assert_eq!(shown.household.office, "URM-A");
            assert_eq!(shown.household.household.code(), "A-1");
            let members: Vec<_> = shown.household.members.iter().map(|m| m.id()).collect();
            assert_eq!(members.len(), 2);
            assert!(members.contains(&first.id()) && members.contains(&second.id()));
        }
    }
    // Spaces around the key and Persian digits are read as typed.
    let persian: String = national_id
        .chars()
        .map(|c| char::from_u32(0x06F0 + c.to_digit(10).unwrap()).unwrap())
        .collect();
    assert_eq!(
        program
            .person_details(&staff_a, &format!(" {persian} "))
            .unwrap()
            .person
            .id(),
        second.id()
    );

    // JSON: the person, and the household named by code with its ID.
    let json =
        serde_json::to_value(program.person_details(&staff_a, &national_id).unwrap()).unwrap();
    assert_eq!(json["household"]["office"]["code"], "URM-A");
    assert_eq!(json["household"]["household"]["code"], "A-1");
    assert_eq!(
        json["household"]["household"]["id"],
        household.id().to_string()
    );
    assert_eq!(json["person"]["id"], second.id().to_string());

    // Another office's staff: not found, by either key; the national ID
    // is not repeated.
    let err = program
        .person_details(&staff_b, &national_id)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "person with this national ID not found");
    let err = program
        .person_details(&staff_b, &second.id().to_string())
        .unwrap_err()
        .to_string();
    assert_eq!(err, format!("person with ID {} not found", second.id()));
    // A national ID with a bad check digit is refused without echoing it.
    let mut bad = national_id.clone();
    let last = bad.pop().unwrap().to_digit(10).unwrap();
    bad.push(char::from_digit((last + 1) % 10, 10).unwrap());
    let err = program
        .person_details(&staff_a, &bad)
        .unwrap_err()
        .to_string();
    assert!(!err.contains(&bad), "{err}");
}
