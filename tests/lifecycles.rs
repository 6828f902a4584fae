//! Lifecycles hold across domains (issue #13): only licensed and active
//! businesses apply for and hold booths; suspending or closing a business
//! ends its live applications and releases its bookings from that day on,
//! whichever way it was closed; only enrolled and active households are
//! planned into businesses.

// Test code may fail loudly; the lints guard library code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::HashMap;

use homebiz::core::channel::ChannelKind;
use homebiz::core::id::{BusinessId, ExhibitionId};
use homebiz::core::{JalaliDate, Money};
use homebiz::market::allocate::{Horizon, Points};
use homebiz::market::application::ApplicationState;
use homebiz::market::exhibition::{Booth, ExhibitionData, SizeClass};
use homebiz::program::{MemoryProgram, ProgramError};
use homebiz::registry::testing::{Fixture, business_data};
use homebiz::registry::{
    Actor, BusinessState, Licence, LicenceKind, MembershipState, RegistryError,
};
use homebiz::scoring::recommend::Recommender;
use support::{add_channel, program_over};

fn day(m: u8, d: u8) -> JalaliDate {
    JalaliDate::new(1404, m, d).unwrap()
}

/// A programme (today 1404-03-11) with three active households of office
/// URM-A, each with a member and a business in `state`, and two
/// exhibitions of two booths each.
fn setup(state: BusinessState) -> (MemoryProgram, Actor, Vec<BusinessId>) {
    let f = Fixture::new(homebiz::registry::MemoryStore::new());
    let mut businesses = Vec::new();
    for n in 1..=3u32 {
        let h = f.household(f.office_a, &format!("A-{n}"));
        let owner = f.person(h.id(), n).person;
        let b = f
            .registry
            .write(&f.admin, |w| {
                for next in [MembershipState::Enrolled, MembershipState::Active] {
                    w.transition_membership(h.id(), next)?;
                }
                let mut data = business_data(h.id(), owner.id(), &format!("A-{n}-B1"));
                data.licence = Some(Licence {
                    number: format!("HB-{n}"),
                    kind: LicenceKind::HomeBusiness,
                    issued: day(1, 10),
                    expires: None,
                });
                let b = w.add_business(data)?;
                let path: &[BusinessState] = match &state {
                    BusinessState::Planned => &[],
                    BusinessState::InTraining => &[BusinessState::InTraining],
                    BusinessState::Licensed => {
                        &[BusinessState::InTraining, BusinessState::Licensed]
                    }
                    _ => &[
                        BusinessState::InTraining,
                        BusinessState::Licensed,
                        BusinessState::Active,
                    ],
                };
                for next in path {
                    w.transition_business(b.id(), next.clone())?;
                }
                Ok(b)
            })
            .unwrap();
        businesses.push(b.id());
    }
    let (program, admin) = program_over(f);
    let channel = add_channel(&program, "TERMINAL", ChannelKind::PermanentExhibition);
    for code in ["TERMINAL", "PARK"] {
        program
            .market()
            .create_exhibition(ExhibitionData {
                id: ExhibitionId::new(),
                code: code.into(),
                name: code.into(),
                channel: channel.id(),
                booths: vec![
                    Booth::new("A", SizeClass::Standard, vec![]),
                    Booth::new("B", SizeClass::Standard, vec![]),
                ],
                weekly_limits: vec![],
                monthly_cap: 4,
                by: None,
            })
            .unwrap();
    }
    (program, admin, businesses)
}

/// Every business applies to TERMINAL and is approved; two horizons are
/// allocated, one before today and one after.
fn booked(program: &MemoryProgram, admin: &Actor, businesses: &[BusinessId]) {
    for b in businesses {
        let a = program.apply(admin, &b.to_string(), "TERMINAL", 4).unwrap();
        program
            .market()
            .decide(a.application.id(), ApplicationState::Approved, None, None)
            .unwrap();
    }
    for start in [day(3, 1), day(3, 15)] {
        program
            .allocate(
                admin,
                "TERMINAL",
                &Horizon::new(start, 2).unwrap(),
                Points::default(),
            )
            .unwrap();
    }
}

fn weeks_of(program: &MemoryProgram, business: BusinessId) -> Vec<JalaliDate> {
    program
        .market()
        .schedule("TERMINAL")
        .unwrap()
        .into_iter()
        .filter(|b| b.booking.business == business)
        .map(|b| b.booking.week.start)
        .collect()
}

fn states(program: &MemoryProgram) -> HashMap<BusinessId, ApplicationState> {
    let e = program.market().exhibition("TERMINAL").unwrap();
    program
        .market()
        .read(|r| r.applications(e.id()))
        .unwrap()
        .into_iter()
        .map(|a| (a.data().business, a.state()))
        .collect()
}

#[test]
fn unlicensed_businesses_cannot_apply() {
    for state in [BusinessState::Planned, BusinessState::InTraining] {
        let (program, admin, businesses) = setup(state);
        let err = program
            .apply(&admin, &businesses[0].to_string(), "TERMINAL", 2)
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("only licensed and active businesses may apply"),
            "{err}"
        );
        assert!(states(&program).is_empty());
    }
    let (program, admin, businesses) = setup(BusinessState::Licensed);
    program
        .apply(&admin, &businesses[0].to_string(), "TERMINAL", 2)
        .unwrap();
}

#[test]
fn closing_ends_applications_and_future_bookings() {
    for closed in [
        BusinessState::Closed {
            reason: "moved away".into(),
        },
        BusinessState::Suspended,
    ] {
        let (program, admin, businesses) = setup(BusinessState::Active);
        booked(&program, &admin, &businesses);
        let closing = businesses[0];
        let before = weeks_of(&program, closing);
        assert!(before.iter().any(|w| *w >= day(3, 11)), "{before:?}");
        program
            .transition_business(&admin, closing, closed.clone())
            .unwrap();
        assert_eq!(states(&program)[&closing], ApplicationState::Withdrawn);
        assert_eq!(states(&program)[&businesses[1]], ApplicationState::Approved);
        // Weeks before today stay (they happened); none from today on.
        let after = weeks_of(&program, closing);
        assert_eq!(
            after,
            before
                .iter()
                .copied()
                .filter(|w| *w < day(3, 11))
                .collect::<Vec<_>>()
        );
        // Allocating again gives it nothing, and it cannot apply anywhere.
        program
            .allocate(
                &admin,
                "TERMINAL",
                &Horizon::new(day(3, 15), 2).unwrap(),
                Points::default(),
            )
            .unwrap();
        assert_eq!(weeks_of(&program, closing), after);
        for exhibition in ["TERMINAL", "PARK"] {
            assert!(
                program
                    .apply(&admin, &closing.to_string(), exhibition, 2)
                    .is_err()
            );
        }
    }
}

#[test]
fn a_business_closed_in_the_registry_gets_no_booth() {
    let (program, admin, businesses) = setup(BusinessState::Active);
    booked(&program, &admin, &businesses);
    let closing = businesses[1];
    // Closed straight in the registry, past the programme.
    program
        .registry()
        .write(&admin, |w| {
            w.transition_business(
                closing,
                BusinessState::Closed {
                    reason: "moved away".into(),
                },
            )
        })
        .unwrap();
    program
        .allocate(
            &admin,
            "TERMINAL",
            &Horizon::new(day(3, 15), 2).unwrap(),
            Points::default(),
        )
        .unwrap();
    assert!(weeks_of(&program, closing).iter().all(|w| *w < day(3, 15)));
    assert_eq!(states(&program)[&closing], ApplicationState::Withdrawn);
}

#[test]
fn only_enrolled_and_active_households_are_planned() {
    let (program, admin, _) = setup(BusinessState::Active);
    // Three more households of URM-A without a business, in three states.
    let office = program
        .registry()
        .read(&admin, |r| r.office_by_code("URM-A"))
        .unwrap()
        .id();
    let households = program
        .registry()
        .write(&admin, |w| {
            let mut out = Vec::new();
            for (n, path) in [
                (11u32, vec![MembershipState::Enrolled]),
                (12, vec![]),
                (
                    13,
                    vec![
                        MembershipState::Enrolled,
                        MembershipState::Active,
                        MembershipState::Exited {
                            reason: "moved away".into(),
                        },
                    ],
                ),
            ] {
                let h = w.add_household(homebiz::registry::testing::household_data(
                    office,
                    &format!("A-{n}"),
                ))?;
                w.add_person(homebiz::registry::testing::person_data(h.id(), n))?;
                for next in path {
                    w.transition_membership(h.id(), next)?;
                }
                out.push(h);
            }
            Ok(out)
        })
        .unwrap();
    let demand = program
        .catalog()
        .iter()
        .map(|a| (a.code().to_owned(), 10))
        .collect();
    let context = program.market_context(&admin, "URM-A", demand).unwrap();
    let capital = Money::rial(60_000_000);
    let plan = program
        .plan_office(
            &admin,
            "URM-A",
            &context,
            &Recommender::standard(),
            capital,
            Money::rial(300_000_000),
        )
        .unwrap();
    let planned: Vec<&str> = plan
        .assignments
        .iter()
        .map(|a| a.household.as_str())
        .collect();
    assert_eq!(planned, vec![households[0].code()], "only the enrolled one");
    // The household leaves before the plan is carried out: nothing starts.
    program
        .registry()
        .write(&admin, |w| {
            w.transition_membership(households[0].id(), MembershipState::Active)?;
            w.transition_membership(
                households[0].id(),
                MembershipState::Exited {
                    reason: "moved away".into(),
                },
            )
        })
        .unwrap();
    let err = program.start_planned(&admin, &plan, capital).unwrap_err();
    assert!(
        matches!(
            err,
            ProgramError::Registry(RegistryError::Invalid {
                field: "membership",
                ..
            })
        ),
        "{err:?}"
    );
    assert_eq!(
        program.businesses(&admin, Some("URM-A")).unwrap().len(),
        3,
        "nothing written"
    );
}
