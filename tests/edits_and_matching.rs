//! Issue #14, wrong data found by the walkthrough: every market path asks
//! the one may-sell question (`compose::may_sell`); an edit validates as an
//! import does, keeps what its state requires, never moves a business's
//! trade to another activity, and flags likely duplicates.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::ExhibitionId;
use homebiz::core::{JalaliDate, Money};
use homebiz::import::{ImportKind, ImportOptions, OnError};
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz::market::orders::Offer;
use homebiz::program::ledger::NewSale;
use homebiz::program::{
    BusinessStep, DuplicateFilter, FieldValue, MembershipStep, MemoryProgram, ProgramError,
};
use homebiz::registry::testing::{Fixture, business_data, person_data};
use homebiz::registry::{Actor, BusinessState, Licence, LicenceKind, MemoryStore, RegistryError};
use support::{add_channel, program_over};

/// A programme with, in office A, the households `codes` (person n + 1 of
/// the i-th), each running business `{code}-B1` (pickles) in `state`, with
/// a licence; the admin and office A's staff.
fn setup(list: &[(&str, BusinessState)]) -> (MemoryProgram, Actor, Actor) {
    let f = Fixture::new(MemoryStore::new());
    for (n, (code, state)) in list.iter().enumerate() {
        let h = f.household(f.office_a, code);
        let owner = f.person(h.id(), n as u32 + 1).person;
        f.registry
            .write(&f.admin, |w| {
                let mut data = business_data(h.id(), owner.id(), &format!("{code}-B1"));
                data.licence = Some(Licence {
                    number: format!("HB-{n}"),
                    kind: LicenceKind::HomeBusiness,
                    issued: JalaliDate::new(1404, 1, 10).unwrap(),
                    expires: None,
                });
                data.state = state.clone();
                w.add_business(data)
            })
            .unwrap();
    }
    let staff = f.staff_of(f.office_a);
    let (program, admin) = program_over(f);
    (program, admin, staff)
}

fn changes(items: &[&str]) -> Vec<FieldValue> {
    items
        .iter()
        .map(|c| FieldValue::parse(c).unwrap())
        .collect()
}

fn invalid(err: &ProgramError) -> (&'static str, String) {
    match err {
        ProgramError::Registry(RegistryError::Invalid { field, reason }) => (field, reason.clone()),
        other => panic!("{other}"),
    }
}

fn offer_csv(codes: &[&str]) -> String {
    let mut csv = "business,category,activity,capacity,unit_price\n".to_owned();
    for code in codes {
        csv.push_str(&format!("{code},agro_processing,pickles,10,900000\n"));
    }
    csv
}

fn exhibition(program: &MemoryProgram) -> ExhibitionId {
    let channel = add_channel(program, "TERMINAL", ChannelKind::PermanentExhibition);
    program
        .market()
        .create_exhibition(ExhibitionData {
            id: ExhibitionId::new(),
            code: "TERMINAL".into(),
            name: "TERMINAL".into(),
            channel: channel.id(),
            booths: vec![
                Booth::new("A", SizeClass::Standard, vec![]),
                Booth::new("B", SizeClass::Standard, vec![]),
            ],
            weekly_limits: vec![],
            monthly_cap: 4,
            by: None,
        })
        .unwrap()
        .id()
}

#[test]
fn orders_are_matched_only_to_businesses_that_may_sell() {
    let (program, admin, staff) = setup(&[
        ("A-1", BusinessState::Active),
        ("A-2", BusinessState::Active),
        ("A-3", BusinessState::Active),
        ("A-4", BusinessState::Active),
        ("A-5", BusinessState::InTraining),
    ]);
    // Offered while they could sell (the in-training one's offer stored
    // directly, as an older import did).
    let codes = ["A-1-B1", "A-2-B1", "A-3-B1", "A-4-B1"];
    program
        .import_offers(&admin, "offers.csv", offer_csv(&codes).as_bytes())
        .unwrap();
    let in_training = program
        .registry()
        .read(&admin, |r| r.business_by_code("A-5-B1"))
        .unwrap();
    program
        .market()
        .set_offers(&[Offer {
            business: in_training.id(),
            category: homebiz::core::category::Category::AgroProcessing,
            activity: Some("pickles".into()),
            capacity: 10,
            unit_price: Money::rial(900_000),
            lead_days: 0,
            by: None,
        }])
        .unwrap();
    program
        .move_business(&staff, "A-2-B1", BusinessStep::Close, Some("no buyers"))
        .unwrap();
    program
        .move_business(&staff, "A-3-B1", BusinessStep::Suspend, None)
        .unwrap();
    program
        .move_household(&staff, "A-4", MembershipStep::Exit, Some("moved away"))
        .unwrap();
    let orders = "code,buyer,category,quantity,unit,price_ceiling,due\n\
                  S-7,School canteen,agro_processing,50,jar,2600000,1404-08-05\n";
    program
        .import_orders(&admin, "orders.csv", orders.as_bytes())
        .unwrap();
    let matched = program.match_orders(&admin).unwrap();
    let filled: Vec<&str> = matched
        .fills
        .iter()
        .map(|f| f.business.code.as_str())
        .collect();
    assert_eq!(filled, ["A-1-B1"]);
    assert_eq!(matched.unmet.len(), 1);
    assert_eq!(matched.unmet[0].quantity, 40);

    // The offers import asks the same question, with the reason.
    for (code, why) in [
        ("A-2-B1", "A-2-B1 is closed"),
        ("A-3-B1", "A-3-B1 is suspended"),
        ("A-5-B1", "A-5-B1 is in_training"),
        (
            "A-4-B1",
            "A-4-B1 belongs to a household that has exited the programme",
        ),
    ] {
        let err = program
            .import_offers(&admin, "offers.csv", offer_csv(&[code]).as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("column business") && err.contains(why),
            "{err}"
        );
    }
    program
        .import_offers(&admin, "offers.csv", offer_csv(&["A-1-B1"]).as_bytes())
        .unwrap();
}

#[test]
fn a_business_whose_household_exited_may_not_apply_nor_keep_booths() {
    let (program, admin, staff) = setup(&[
        ("A-1", BusinessState::Active),
        ("A-2", BusinessState::Active),
        ("A-3", BusinessState::Active),
    ]);
    let exhibition = exhibition(&program);
    for code in ["A-1-B1", "A-2-B1"] {
        let applied = program.apply(&admin, code, "TERMINAL", 2).unwrap();
        program
            .market()
            .decide(
                applied.application.id(),
                ApplicationState::Approved,
                None,
                None,
            )
            .unwrap();
    }
    program
        .move_household(&staff, "A-2", MembershipStep::Exit, Some("moved away"))
        .unwrap();
    program
        .move_household(&staff, "A-3", MembershipStep::Exit, Some("moved away"))
        .unwrap();
    let err = program.apply(&admin, "A-3-B1", "TERMINAL", 2).unwrap_err();
    assert!(
        err.to_string()
            .contains("A-3-B1 belongs to a household that has exited the programme"),
        "{err}"
    );
    let horizon = Horizon::new(JalaliDate::new(1404, 4, 1).unwrap(), 4).unwrap();
    let allocated = program
        .allocate(&admin, "TERMINAL", &horizon, Points::default())
        .unwrap();
    let booked: std::collections::BTreeSet<&str> = allocated
        .allocation
        .bookings
        .iter()
        .map(|b| allocated.businesses[&b.business].as_str())
        .collect();
    assert_eq!(booked.into_iter().collect::<Vec<_>>(), ["A-1-B1"]);
    let a2 = program
        .registry()
        .read(&admin, |r| r.business_by_code("A-2-B1"))
        .unwrap();
    let states: Vec<ApplicationState> = program
        .market()
        .read(|r| r.applications(exhibition))
        .unwrap()
        .iter()
        .filter(|a| a.data().business == a2.id())
        .map(|a| a.state())
        .collect();
    assert_eq!(states, [ApplicationState::Withdrawn]);
}

#[test]
fn a_person_edit_validates_and_normalises_as_the_import_does() {
    let (program, admin, staff) = setup(&[("A-1", BusinessState::Active)]);
    let id = homebiz::registry::testing::synthetic_national_id(1)
        .as_str()
        .to_owned();
    // Unknown activity: refused as the import refuses it.
    for bad in ["interests=nosuch", "interests=pickles;Sewing"] {
        let err = program
            .edit_person(&staff, &id, &changes(&[bad]))
            .unwrap_err();
        assert_eq!(
            invalid(&err),
            (
                "interests",
                "names an activity the catalog does not have".to_owned()
            ),
            "{bad}"
        );
    }
    // Normalised as a key, as the import's cells are.
    program
        .edit_person(&staff, &id, &changes(&["interests= sewing ;  pickles"]))
        .unwrap();
    let person = program
        .registry()
        .read(&admin, |r| {
            r.person_by_national_id(&homebiz::registry::testing::synthetic_national_id(1))
        })
        .unwrap();
    assert_eq!(person.data().interests, ["sewing", "pickles"]);
    // The same value through an import is refused with the same words.
    let csv = format!(
        "national_id,given_name,family_name,birth_date,gender,household_code,interests\n\
         {id},{},{},1370-05-20,female,A-1,nosuch\n",
        person.data().given_name,
        person.data().family_name
    );
    let err = program
        .import(
            &admin,
            ImportKind::People,
            "people.csv",
            csv.as_bytes(),
            &ImportOptions::new(OnError::Abort, false).with_update(true),
            None,
            &mut |_| {},
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("column interests: names an activity the catalog does not have"),
        "{err}"
    );
    // A number as an import reads it: thousands separators too.
    program
        .edit_household(&staff, "A-1", &changes(&["area_m2=1,000"]))
        .unwrap();
    let err = program
        .edit_household(&staff, "A-1", &changes(&["area_m2=1,001"]))
        .unwrap_err();
    assert_eq!(invalid(&err).0, "area_m2");
    // A business's activity, as a key too; unknown, refused.
    let err = program
        .edit_business(&staff, "A-1-B1", &changes(&["activity=nosuch"]))
        .unwrap_err();
    assert_eq!(invalid(&err).0, "activity");
}

#[test]
fn an_edit_keeps_the_licence_its_state_requires() {
    let (program, admin, staff) = setup(&[
        ("A-1", BusinessState::Active),
        ("A-2", BusinessState::Licensed),
        ("A-3", BusinessState::Planned),
    ]);
    for code in ["A-1-B1", "A-2-B1"] {
        let err = program
            .edit_business(&staff, code, &changes(&["licence_number="]))
            .unwrap_err();
        assert_eq!(invalid(&err).0, "licence", "{code}");
        let b = program
            .registry()
            .read(&admin, |r| r.business_by_code(code))
            .unwrap();
        assert!(b.data().licence.is_some(), "{code}");
    }
    // So an active business never applies for booths without a licence.
    exhibition(&program);
    program.apply(&admin, "A-1-B1", "TERMINAL", 2).unwrap();
    // A planned business may drop it.
    program
        .edit_business(&staff, "A-3-B1", &changes(&["licence_number="]))
        .unwrap();
}

#[test]
fn a_business_that_traded_keeps_its_activity() {
    let (program, admin, staff) = setup(&[
        ("A-1", BusinessState::Active),
        ("A-2", BusinessState::Active),
        ("A-3", BusinessState::Active),
        ("A-4", BusinessState::Planned),
    ]);
    add_channel(&program, "DIGIKALA", ChannelKind::OnlineMarketplace);
    program
        .record_sale(
            &staff,
            &NewSale {
                business: "A-1-B1",
                channel: Some("DIGIKALA"),
                on: JalaliDate::new(1404, 3, 1).unwrap(),
                quantity: 2,
                unit_price: Money::rial(500_000),
                commission: Money::rial(0),
                key: Some("S-1"),
            },
        )
        .unwrap();
    program
        .import_offers(&admin, "offers.csv", offer_csv(&["A-2-B1"]).as_bytes())
        .unwrap();
    exhibition(&program);
    program.apply(&admin, "A-3-B1", "TERMINAL", 2).unwrap();
    for code in ["A-1-B1", "A-2-B1", "A-3-B1"] {
        let err = program
            .edit_business(&staff, code, &changes(&["activity=sewing"]))
            .unwrap_err();
        let (field, reason) = invalid(&err);
        assert_eq!(field, "activity", "{code}");
        assert!(reason.contains("register a new business"), "{reason}");
        // Nor through an import with --update.
        let csv = format!("code,activity\n{code},sewing\n");
        let err = program
            .import(
                &admin,
                ImportKind::Businesses,
                "businesses.csv",
                csv.as_bytes(),
                &ImportOptions::new(OnError::Abort, false).with_update(true),
                None,
                &mut |_| {},
            )
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("column activity: cannot change once the business has"),
            "{err}"
        );
        let b = program
            .registry()
            .read(&admin, |r| r.business_by_code(code))
            .unwrap();
        assert_eq!(b.data().activity, "pickles");
    }
    // Giving the same activity again is no change; one that never traded
    // may still be corrected.
    program
        .edit_business(
            &staff,
            "A-1-B1",
            &changes(&["activity=pickles", "capital_rial=1000"]),
        )
        .unwrap();
    let edited = program
        .edit_business(&staff, "A-4-B1", &changes(&["activity=sewing"]))
        .unwrap();
    assert_eq!(edited.changed, ["activity"]);
}

#[test]
fn an_edit_that_makes_a_twin_is_flagged() {
    let f = Fixture::new(MemoryStore::new());
    let h1 = f.household(f.office_a, "A-1");
    let h2 = f.household(f.office_a, "A-2");
    let mut first = person_data(h1.id(), 1);
    first.given_name = "سکینه".into();
    first.family_name = "اسدی".into();
    first.birth_date = JalaliDate::new(1366, 11, 13).unwrap();
    f.registry.write(&f.admin, |w| w.add_person(first)).unwrap();
    f.person(h2.id(), 2);
    let staff = f.staff_of(f.office_a);
    let (program, _) = program_over(f);
    let id = homebiz::registry::testing::synthetic_national_id(2)
        .as_str()
        .to_owned();
    assert!(
        program
            .duplicates(&staff, DuplicateFilter::Open)
            .unwrap()
            .is_empty()
    );
    program
        .edit_person(
            &staff,
            &id,
            &changes(&[
                "given_name=سکینه",
                "family_name=اسدی",
                "birth_date=1366/11/13",
            ]),
        )
        .unwrap();
    let groups = program.duplicates(&staff, DuplicateFilter::Open).unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
}
