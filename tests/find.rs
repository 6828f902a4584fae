//! Finding people and households (issue #14): loose Persian matching,
//! partial names, mobiles and addresses, always within the actor's offices;
//! in memory and on SQLite.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use homebiz::core::id::ActorId;
use homebiz::core::{Clock, FixedClock};
use homebiz::import::{ImportKind, ImportOptions, import_csv};
use homebiz::income::store::IncomeStore;
use homebiz::market::store::MarketStore;
use homebiz::program::find::HouseholdQuery;
use homebiz::program::personal::ShowsPeople;
use homebiz::program::{DuplicateFilter, MemoryProgram, Program, ProgramError};
use homebiz::registry::{Actor, RegistryError, RegistryStore};

const OFFICES: &str = "code,name,level,parent_code
WAZ,West Azerbaijan,province,
URM,Urmia county,county,WAZ
URM-CITY,Urmia,city,URM
URM-A,Office A,office,URM-CITY
URM-B,Office B,office,URM-CITY
";
const HOUSEHOLDS: &str = "code,office_code,address
A-1,URM-A,دیزج سیاوش، کوچه ۲۰
A-2,URM-A,خیابان امام
B-1,URM-B,دیزج سیاوش، کوچه 20
";
// A-1's member is spelled with Arabic yeh and kaf, a diacritic, a ZWNJ and
// double spaces; B-1's member has the same name, in another office.
const PEOPLE: &str = "national_id,given_name,family_name,birth_date,gender,mobile,household_code
0010000011,علي‌  اكبر,رَضايي,1379/08/21,male,09141000001,A-1
0010000021,سکینه,اسدی,1366/11/13,female,09141000002,A-2
0010000038,علی اکبر,رضایی,1369/02/07,male,09141000003,B-1
";

fn load<R: RegistryStore, M: MarketStore, I: IncomeStore>(program: &Program<R, M, I>) -> Actor {
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
    admin
}

fn office_actor<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    program: &Program<R, M, I>,
    admin: &Actor,
    code: &str,
) -> Actor {
    let office = program
        .registry()
        .read(admin, |r| r.office_by_code(code))
        .unwrap();
    Actor::scoped(ActorId::new(), office.id())
}

fn households<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    program: &Program<R, M, I>,
    actor: &Actor,
    office: Option<&str>,
    query: HouseholdQuery,
) -> Vec<String> {
    program
        .find_households(actor, office, &query)
        .unwrap()
        .iter()
        .map(|m| m.household.code().to_owned())
        .collect()
}

fn people<R: RegistryStore, M: MarketStore, I: IncomeStore>(
    program: &Program<R, M, I>,
    actor: &Actor,
    office: Option<&str>,
    name: &str,
) -> Vec<String> {
    program
        .find_people(actor, office, name)
        .unwrap()
        .iter()
        .map(|m| m.household_code.clone())
        .collect()
}

fn run<R: RegistryStore, M: MarketStore, I: IncomeStore>(program: &Program<R, M, I>) {
    let admin = load(program);

    // Spellings: Persian or Arabic letters, spaces, ZWNJ, diacritics, order.
    for query in [
        "علی اکبر رضایی",
        "علي اكبر رضايي",
        "علی‌اکبر رضایی",
        "  عَلیاکبر   رضایی ",
        "رضایی علی",
        "رضا",
        "اکبر",
        "ALI".to_lowercase().as_str(), // no Latin name: nothing
    ] {
        let found = people(program, &admin, None, query);
        if query == "ali" {
            assert!(found.is_empty(), "{query}");
        } else {
            assert_eq!(found, ["A-1", "B-1"], "{query}");
        }
    }
    assert_eq!(people(program, &admin, None, "اسدی"), ["A-2"]);
    assert!(people(program, &admin, None, "محمد").is_empty());
    assert_eq!(people(program, &admin, Some("URM-B"), "رضایی"), ["B-1"]);
    assert_eq!(
        people(program, &admin, Some("URM"), "رضایی"),
        ["A-1", "B-1"]
    );
    let found = program.find_people(&admin, None, "اسدی").unwrap();
    assert_eq!(found[0].office_code, "URM-A");

    // Households by a member's name, mobile (any form), address fragment.
    let name = |q: &str| HouseholdQuery::Name(q.to_owned());
    let mobile = |q: &str| HouseholdQuery::Mobile(q.to_owned());
    let address = |q: &str| HouseholdQuery::Address(q.to_owned());
    assert_eq!(households(program, &admin, None, name("سكينه")), ["A-2"]);
    assert_eq!(
        households(program, &admin, None, mobile("+98 914 100 0003")),
        ["B-1"]
    );
    assert_eq!(
        households(program, &admin, None, mobile("۰۹۱۴۱۰۰۰۰۰۱")),
        ["A-1"]
    );
    assert!(households(program, &admin, None, mobile("09121234567")).is_empty());
    assert_eq!(
        households(program, &admin, None, address("كوچه 20")),
        ["A-1", "B-1"]
    );
    assert_eq!(households(program, &admin, None, address("امام")), ["A-2"]);
    let found = program
        .find_households(&admin, None, &address("امام"))
        .unwrap();
    assert_eq!(found[0].members.len(), 1);
    assert_eq!(found[0].office_code, "URM-A");

    // Refusals: an empty search, a mobile that is not one; none shows the value.
    for err in [
        program.find_people(&admin, None, " \u{200C} ").unwrap_err(),
        program
            .find_households(&admin, None, &address("  "))
            .unwrap_err(),
        program
            .find_households(&admin, None, &mobile("0914-secret"))
            .unwrap_err(),
    ] {
        assert!(
            matches!(err, ProgramError::Registry(RegistryError::Invalid { .. })),
            "{err}"
        );
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    // Scope: office A's staff never see office B's people or households.
    let a = office_actor(program, &admin, "URM-A");
    assert_eq!(people(program, &a, None, "رضایی"), ["A-1"]);
    assert_eq!(households(program, &a, None, address("کوچه 20")), ["A-1"]);
    assert!(households(program, &a, None, mobile("09141000003")).is_empty());
    assert!(
        households(program, &a, None, name("علی"))
            .iter()
            .all(|c| c.starts_with("A-"))
    );
    for err in [
        program.find_people(&a, Some("URM-B"), "رضایی").unwrap_err(),
        program.find_people(&a, Some("URM"), "رضایی").unwrap_err(),
        program
            .find_households(&a, Some("URM-B"), &address("کوچه"))
            .unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                ProgramError::NotFound { .. }
                    | ProgramError::Registry(RegistryError::NotFound { .. })
            ),
            "{err}"
        );
    }
    // A county's staff see both of its offices.
    let county = office_actor(program, &admin, "URM");
    assert_eq!(people(program, &county, None, "رضایی"), ["A-1", "B-1"]);
}

fn clock() -> Arc<dyn Clock> {
    Arc::new(FixedClock::new("2025-03-25T08:00:00Z".parse().unwrap()))
}

#[test]
fn finding_in_memory() {
    run(&Program::in_memory(clock()).unwrap());
}

#[test]
fn finding_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    run(&homebiz::program::SqliteProgram::open(dir.path().join("p.sqlite"), clock()).unwrap());
}

#[test]
fn duplicates_are_listed_by_group_within_scope() {
    let program = Program::in_memory(clock()).unwrap();
    let admin = load(&program);
    // The same name and birth date again, in office B and in office A.
    for (id, household) in [("0010000046", "B-1"), ("0010000054", "A-2")] {
        add_person(
            &program,
            &admin,
            &format!("{id},علی اکبر,رضایی,1369/02/07,male,,{household}"),
        );
    }
    let all = program.duplicate_groups(&admin).unwrap();
    let codes: Vec<Vec<&str>> = all
        .iter()
        .map(|g| g.people.iter().map(|p| p.household_code.as_str()).collect())
        .collect();
    assert_eq!(codes, [vec!["B-1", "B-1"]]);
    assert_eq!(all[0].office_code, "URM-B");
    // Office A's staff see no group of office B.
    let a = office_actor(&program, &admin, "URM-A");
    assert!(program.duplicate_groups(&a).unwrap().is_empty());
    let b = office_actor(&program, &admin, "URM-B");
    assert_eq!(program.duplicate_groups(&b).unwrap().len(), 1);
}

/// Imports one person from a row of the people file's columns.
fn add_person(program: &MemoryProgram, admin: &Actor, row: &str) {
    import_csv(
        program.registry(),
        admin,
        ImportKind::People,
        "more.csv",
        format!(
            "national_id,given_name,family_name,birth_date,gender,mobile,household_code\n{row}\n"
        )
        .as_bytes(),
        &ImportOptions::default(),
        None,
        &mut |_| {},
    )
    .unwrap();
}

/// A-1's member and one more of the same name and birth date in office A,
/// spelt with hamza-yeh (رضائی for رضایی): a likely duplicate, by the
/// search key's folding. Their national IDs and mobiles.
fn with_hamza_twin() -> (MemoryProgram, Actor, [&'static str; 2], [&'static str; 2]) {
    let program = Program::in_memory(clock()).unwrap();
    let admin = load(&program);
    add_person(
        &program,
        &admin,
        "0010000062,علی اکبر,رضائی,1379/08/21,male,09141000062,A-2",
    );
    (
        program,
        admin,
        ["0010000011", "0010000062"],
        ["9141000001", "9141000062"],
    )
}

#[test]
fn hamza_yeh_is_a_likely_duplicate() {
    let (program, admin, _, _) = with_hamza_twin();
    let flags = program.duplicates(&admin, DuplicateFilter::All).unwrap();
    assert_eq!(flags.len(), 1);
    assert_eq!(flags[0].person.household_code, "A-2");
    assert_eq!(flags[0].resembles.household_code, "A-1");
    assert_eq!(
        people(&program, &admin, Some("URM-A"), "رضائي"),
        ["A-1", "A-2"]
    );
}

/// The views that carry people serialise without their national IDs and
/// mobiles unless asked (`ShowsPeople::with_personal`), at the level of
/// the person: what the CLI's `--json [--personal]` and a web app reuse.
#[test]
fn views_leave_personal_values_out_unless_asked() {
    let (program, admin, national_ids, mobiles) = with_hamza_twin();
    // `view`'s JSON: by default (its own `Serialize`, and
    // `with_personal(false)`) no national ID or mobile but the people's
    // other fields; with `with_personal(true)` the national IDs and
    // mobiles of the people `shown`.
    let check = |what: &str, plain: String, quiet: String, full: String, shown: &[usize]| {
        assert_eq!(plain, quiet, "{what}");
        for secret in national_ids.iter().chain(&mobiles) {
            assert!(!plain.contains(secret), "{what}: {plain}");
        }
        assert!(
            !plain.contains("\"national_id\"") && !plain.contains("\"mobile\""),
            "{what}"
        );
        assert!(plain.contains("\"birth_date\""), "{what}: {plain}");
        for &i in shown {
            assert!(full.contains(national_ids[i]), "{what}: {full}");
            assert!(full.contains(mobiles[i]), "{what}: {full}");
        }
    };
    macro_rules! check {
        ($what:literal, $view:expr, $shown:expr) => {{
            let view = $view;
            check(
                $what,
                serde_json::to_string(&view).unwrap(),
                serde_json::to_string(&view.with_personal(false)).unwrap(),
                serde_json::to_string(&view.with_personal(true)).unwrap(),
                &$shown,
            );
        }};
    }
    check!(
        "household_view",
        program.household_view(&admin, "A-1").unwrap(),
        [0]
    );
    check!(
        "person_view",
        program.person_view(&admin, national_ids[0]).unwrap(),
        [0]
    );
    check!(
        "person_details",
        program.person_details(&admin, national_ids[1]).unwrap(),
        [1]
    );
    check!(
        "find_people",
        program.find_people(&admin, Some("URM-A"), "رضایی").unwrap(),
        [0, 1]
    );
    check!(
        "find_households",
        program
            .find_households(&admin, None, &HouseholdQuery::Address("خیابان امام".into()))
            .unwrap(),
        [1]
    );
    check!(
        "duplicates",
        program.duplicates(&admin, DuplicateFilter::All).unwrap(),
        [0, 1]
    );
    check!(
        "duplicate_groups",
        program.duplicate_groups(&admin).unwrap(),
        [0, 1]
    );
}
